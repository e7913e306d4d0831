/**
 * The cells of one `iptables -L` row: target name, protocol, addresses and the match/target text
 * the libxtables `print` callbacks produce: the comment between slash-stars, `tcp dpt:80`,
 * `to:10.0.0.1:80`, `statistic mode random probability 0.50000000000`, …
 */
import { renderProbability } from './probability';
import { ctStates, hex } from './rule-spec';
import type { AddressMatch, Match, Protocol, Rule, Target } from './types';

const PROTOCOL_NUMBERS: Readonly<Record<Protocol, number>> = { tcp: 6, udp: 17, sctp: 132 };

/**
 * `/etc/services` names iptables shows without `-n` (`tcp dpt:domain`). Only ports with the same
 * name in Debian's and Amazon Linux's files are listed; anything else stays a number.
 */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  'tcp/22': 'ssh',
  'tcp/53': 'domain',
  'udp/53': 'domain',
  'tcp/80': 'http',
  'tcp/443': 'https',
  'udp/443': 'https',
  'tcp/3306': 'mysql',
  'tcp/5432': 'postgresql',
  'tcp/6379': 'redis',
  'tcp/8080': 'http-alt',
};

/** `/etc/networks` entries (identical on Debian and Amazon Linux), tried after host names. */
const NETWORK_NAMES: Readonly<Record<string, string>> = {
  '0.0.0.0': 'default',
  '127.0.0.0': 'loopback',
  '169.254.0.0': 'link-local',
};

/** Name resolution hook for non-numeric listings; return undefined to print the address. */
export type ResolveAddress = (ip: string) => string | undefined;

/** How a listing prints names: `-n` (numeric) or resolving, as iptables does without `-n`. */
export interface NameStyle {
  numeric: boolean;
  resolveAddress?: ResolveAddress;
}

/** The `prot` column: a number with `-n` (iptables 1.8.9 prints `0` for any), else a name. */
export function protocolCell(protocol: Protocol | undefined, style: NameStyle): string {
  if (style.numeric) return protocol ? String(PROTOCOL_NUMBERS[protocol]) : '0';
  return protocol ?? 'all';
}

/** A source or destination cell without its negation mark; `/32` is left off as iptables does. */
export function addressCell(address: AddressMatch | undefined, style: NameStyle): string {
  const [ip = '0.0.0.0', prefix = '0'] = (address?.cidr ?? '0.0.0.0/0').split('/');
  const mask = prefix === '32' ? '' : `/${prefix}`;
  if (style.numeric) return `${ip}${mask}`;
  if (prefix === '0') return 'anywhere';
  return `${style.resolveAddress?.(ip) ?? NETWORK_NAMES[ip] ?? ip}${mask}`;
}

function portName(protocol: Protocol, port: number, style: NameStyle): string {
  if (style.numeric) return String(port);
  return SERVICE_NAMES[`${protocol}/${port}`] ?? String(port);
}

function matchText(m: Match, style: NameStyle): string {
  switch (m.kind) {
    case 'comment':
      return `/* ${m.comment} */`;
    case 'port':
      return m.dport === undefined
        ? m.protocol
        : `${m.protocol} dpt:${portName(m.protocol, m.dport, style)}`;
    case 'addrtype': {
      let s = 'ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.srcType}`;
      if (m.dstType) s += ` dst-type ${m.negateDst ? '!' : ''}${m.dstType}`;
      if (m.limitIfaceIn) s += ' limit-in';
      return s;
    }
    case 'conntrack':
      return `${m.negate ? '! ' : ''}ctstate ${ctStates(m.states)}`;
    case 'mark':
      return `mark match ${m.negate ? '! ' : ''}${hex(m.value)}/${hex(m.mask)}`;
    case 'statistic':
      return `statistic mode random probability ${renderProbability(m.probability)}`;
    case 'nfacct':
      return `nfacct-name  ${m.name}`;
    case 'set':
      return `${m.negate ? '! ' : ''}match-set ${m.name} ${m.flags}`;
    case 'recent': {
      const tail = `name: ${m.name} side: source mask: 255.255.255.255`;
      if (m.mode === 'set') return `recent: SET ${tail}`;
      const seconds = m.seconds === undefined ? '' : `seconds: ${m.seconds} `;
      return `recent: CHECK ${seconds}${m.reap ? 'reap ' : ''}${tail}`;
    }
  }
}

/** libxt_MARK / libxt_CONNMARK's description of `--set-xmark value/mask`. */
function xmarkText(prefix: string, value: number, mask: number): string {
  if (value === 0) return `${prefix} and ${hex(~mask)}`;
  if (value === mask) return `${prefix} or ${hex(value)}`;
  if (mask === 0) return `${prefix} xor ${hex(value)}`;
  if (mask >>> 0 === 0xffffffff) return `${prefix} set ${hex(value)}`;
  return `${prefix} xset ${hex(value)}/${hex(mask)}`;
}

/** The target column (`''` for a rule without target). */
export function targetName(target: Target | undefined): string {
  if (!target) return '';
  switch (target.kind) {
    case 'jump':
      return target.chain;
    case 'verdict':
      return target.verdict;
    case 'reject':
      return 'REJECT';
    case 'dnat':
      return 'DNAT';
    case 'snat':
      return 'SNAT';
    case 'masquerade':
      return 'MASQUERADE';
    case 'mark':
      return 'MARK';
    case 'connmark-set':
    case 'connmark-restore':
      return 'CONNMARK';
  }
}

function targetText(target: Target | undefined): string {
  if (!target) return '';
  switch (target.kind) {
    case 'jump':
    case 'verdict':
      return '';
    case 'reject':
      return 'reject-with icmp-port-unreachable';
    case 'dnat':
      return `to:${target.toDestination}`;
    case 'snat':
      return `to:${target.toSource}${target.randomFully ? ' random-fully' : ''}`;
    case 'masquerade':
      return target.randomFully ? 'random-fully' : '';
    case 'mark':
      return xmarkText('MARK', target.value, target.mask);
    case 'connmark-set':
      return xmarkText('CONNMARK', target.value, target.mask);
    case 'connmark-restore':
      return `CONNMARK restore mask ${hex(target.mask)}`;
  }
}

/** The text after the destination column: each match, then the target's options, space-led. */
export function extraText(rule: Rule, style: NameStyle): string {
  let out = '';
  for (const m of rule.matches) out += ` ${matchText(m, style)}`;
  const t = targetText(rule.target);
  if (t) out += ` ${t}`;
  return out;
}
