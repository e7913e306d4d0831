import type { IptablesTarget, MarkTarget } from './types';
import { parseMark, splitHostPort } from './values';

/** Target names that are extensions or verdicts rather than user chains. */
export const TARGET_EXTENSIONS = new Set([
  'ACCEPT',
  'DROP',
  'RETURN',
  'QUEUE',
  'DNAT',
  'SNAT',
  'MASQUERADE',
  'MARK',
  'CONNMARK',
  'REJECT',
  'LOG',
  'NFLOG',
  'ULOG',
  'REDIRECT',
  'NETMAP',
  'CT',
  'NOTRACK',
  'TRACE',
  'NFQUEUE',
  'TPROXY',
  'TCPMSS',
  'TOS',
  'DSCP',
  'CLASSIFY',
  'CHECKSUM',
  'TTL',
  'HL',
  'SET',
  'AUDIT',
  'SECMARK',
  'CONNSECMARK',
  'IDLETIMER',
  'LED',
  'SYNPROXY',
  'TEE',
  'HMARK',
  'RATEEST',
  'CLUSTERIP',
]);

function value(args: readonly string[], option: string): string | null {
  const i = args.indexOf(option);
  if (i < 0) return null;
  const v = args[i + 1];
  return v === undefined || v.startsWith('--') ? null : v;
}

function markTarget(args: string[]): MarkTarget {
  const ops = ['set-xmark', 'set-mark', 'or-mark', 'xor-mark', 'and-mark'] as const;
  for (const op of ops) {
    const text = value(args, `--${op}`);
    if (text !== null) {
      const { value: v, mask } = parseMark(text);
      return { kind: 'mark', op, text, value: v, mask, args };
    }
  }
  return { kind: 'mark', op: null, text: null, value: null, mask: null, args };
}

/**
 * Builds a rule's target from `-j NAME args…` (or `-g NAME` when `isGoto`). A name that is not a
 * known extension is a jump to a user chain. Options stay in `args` as text.
 *
 * Sample: `-j DNAT --to-destination 10.180.0.1:80` → `{ kind: 'dnat', ip: '10.180.0.1', port: 80 }`.
 */
export function buildTarget(name: string, args: string[], isGoto: boolean): IptablesTarget {
  if (isGoto) return { kind: 'goto', chain: name };
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'QUEUE':
      return { kind: 'verdict', verdict: name };
    case 'DNAT': {
      const to = value(args, '--to-destination') ?? value(args, '--to');
      const hp = to === null ? { ip: null, port: null } : splitHostPort(to);
      return {
        kind: 'dnat',
        toDestination: to,
        ip: hp.ip,
        port: hp.port,
        isRandom: args.includes('--random'),
        isPersistent: args.includes('--persistent'),
        args,
      };
    }
    case 'SNAT':
      return {
        kind: 'snat',
        toSource: value(args, '--to-source') ?? value(args, '--to'),
        isRandom: args.includes('--random'),
        isRandomFully: args.includes('--random-fully'),
        isPersistent: args.includes('--persistent'),
        args,
      };
    case 'MASQUERADE':
      return {
        kind: 'masquerade',
        toPorts: value(args, '--to-ports'),
        isRandom: args.includes('--random'),
        isRandomFully: args.includes('--random-fully'),
        args,
      };
    case 'MARK':
      return markTarget(args);
    case 'CONNMARK': {
      const op = args.find((a) => a.startsWith('--')) ?? null;
      const text = op === null ? null : value(args, op);
      return { kind: 'connmark', op: op === null ? null : op.slice(2), text, args };
    }
    case 'REJECT':
      return { kind: 'reject', rejectWith: value(args, '--reject-with') };
    case 'LOG':
      return {
        kind: 'log',
        prefix: value(args, '--log-prefix'),
        level: value(args, '--log-level'),
        args,
      };
    default:
      if (args.length === 0 && !TARGET_EXTENSIONS.has(name)) return { kind: 'jump', chain: name };
      return { kind: 'extension', name, args };
  }
}
