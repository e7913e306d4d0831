import { applyMatchOption, createMatch } from './matches';
import { buildTarget, TARGET_EXTENSIONS } from './targets';
import type { MutableRuleSpec } from './rule-args';
import type { GenericMatch, IptablesMatch } from './types';

const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp', 'udplite', 'dccp']);
const MARK_OPS: Readonly<Record<string, string>> = {
  set: '--set-mark',
  xset: '--set-xmark',
  or: '--or-mark',
  xor: '--xor-mark',
  and: '--and-mark',
};
const RECENT_ACTIONS: Readonly<Record<string, string>> = {
  SET: '--set',
  CHECK: '--rcheck',
  UPDATE: '--update',
  REMOVE: '--remove',
};

/** Cursor over the words of the options column. */
interface Cursor {
  words: string[];
  i: number;
}

function take(c: Cursor): string {
  return c.words[c.i++] ?? '';
}

function peek(c: Cursor, ahead = 0): string | undefined {
  return c.words[c.i + ahead];
}

function push(rule: MutableRuleSpec, module: string): IptablesMatch {
  const m = createMatch(module);
  rule.matches.push(m);
  return m;
}

/**
 * Reads what `iptables -L -n` prints after the destination column (the options of matches and
 * target, rendered in words) back into structured matches and the rule's target:
 * `/* ns/svc:p cluster IP *\/`, `tcp dpt:80`, `multiport dports 22,80`,
 * `statistic mode random probability 0.50000000000`, `mark match 0x4000/0x4000`,
 * `ADDRTYPE match dst-type LOCAL`, `match-set KUBE-LOAD-BALANCER dst,dst`, `ctstate NEW`,
 * `recent: CHECK seconds: 10800 reap name: X side: source`, `[goto]`, and target words such as
 * `to:10.244.1.3:80`, `MARK or 0x8000`, `reject-with …`, `random-fully`, `masq ports: …`.
 * Words split apart by `| column -t` are rejoined with single spaces.
 *
 * Words it does not know are kept as a generic match (`module` = first word). Returns a problem
 * (a comment cut off before its closing mark) or null.
 */
export function readListExtra(
  extra: string,
  targetName: string | null,
  rule: MutableRuleSpec,
): string | null {
  let problem: string | null = null;
  const c: Cursor = { words: extra === '' ? [] : extra.split(/\s+/), i: 0 };
  const targetArgs: string[] = [];
  let isGoto = false;
  let isNegated = false;
  let unknown: GenericMatch | null = null;
  while (c.i < c.words.length) {
    const w = take(c);
    if (w === '!') {
      isNegated = true;
      continue;
    }
    const known = readWord(w, c, rule, targetArgs, isNegated);
    if (known === 'goto') isGoto = true;
    else if (known === 'unclosed')
      problem = 'comment is not closed (output cut off?); kept what was shown';
    if (known === false) {
      if (unknown === null) {
        unknown = { kind: 'generic', module: w, args: [] };
        rule.matches.push(unknown);
      } else unknown.args.push(w);
    } else unknown = null;
    isNegated = false;
  }
  if (targetName !== null && targetName !== '') {
    const isExtension = TARGET_EXTENSIONS.has(targetName);
    rule.target = isExtension
      ? buildTarget(targetName, targetArgs, false)
      : buildTarget(targetName, [], isGoto);
  }
  return problem;
}

type WordResult = boolean | 'goto' | 'unclosed';

function readWord(
  w: string,
  c: Cursor,
  rule: MutableRuleSpec,
  targetArgs: string[],
  isNegated: boolean,
): WordResult {
  if (w === '/*') {
    const start = c.i;
    while (c.i < c.words.length && c.words[c.i] !== '*/') c.i++;
    const text = c.words.slice(start, c.i).join(' ');
    const m = push(rule, 'comment');
    applyMatchOption(m, '--comment', [text], false);
    if (c.i >= c.words.length) return 'unclosed';
    c.i++;
    return true;
  }
  if (w === '[goto]') return 'goto';
  if (PORT_PROTOCOLS.has(w)) {
    const m = push(rule, w);
    while (readPortWord(m, peek(c))) c.i++;
    return true;
  }
  switch (w) {
    case 'multiport': {
      const m = push(rule, 'multiport');
      const dir = take(c);
      let v = take(c);
      let neg = isNegated;
      if (v === '!') {
        neg = true;
        v = take(c);
      }
      applyMatchOption(m, `--${dir}`, [v], neg);
      return true;
    }
    case 'statistic': {
      const m = push(rule, 'statistic');
      while (
        peek(c) === 'mode' ||
        peek(c) === 'probability' ||
        peek(c) === 'every' ||
        peek(c) === 'packet'
      ) {
        const key = take(c);
        applyMatchOption(m, `--${key}`, [take(c)], isNegated);
      }
      return true;
    }
    case 'mark':
    case 'connmark':
      if (peek(c) !== 'match') return false;
      return readMarkMatch(push(rule, w), c);
    case 'ADDRTYPE':
      if (peek(c) === 'match') c.i++;
      readAddrType(push(rule, 'addrtype'), c);
      return true;
    case 'match-set': {
      const m = push(rule, 'set');
      applyMatchOption(m, '--match-set', [take(c), take(c)], isNegated);
      return true;
    }
    case 'ctstate':
    case 'state':
      applyMatchOption(
        push(rule, w === 'state' ? 'state' : 'conntrack'),
        `--${w}`,
        [take(c)],
        isNegated,
      );
      return true;
    case 'recent:':
      readRecent(push(rule, 'recent'), c, isNegated);
      return true;
    case 'PHYSDEV':
      readPhysdev(push(rule, 'physdev'), c);
      return true;
    case 'ipvs':
      applyMatchOption(push(rule, 'ipvs'), '--ipvs', [], isNegated);
      return true;
    default:
      return readTargetWord(w, c, targetArgs);
  }
}

function readPortWord(m: IptablesMatch, w: string | undefined): boolean {
  if (w === undefined) return false;
  const colon = w.indexOf(':');
  if (colon < 0) return false;
  const key = w.slice(0, colon);
  const value = w.slice(colon + 1);
  const opt = { dpt: '--dport', dpts: '--dport', spt: '--sport', spts: '--sport' }[key];
  if (opt !== undefined) applyMatchOption(m, opt, [value], false);
  else if (key === 'flags') applyMatchOption(m, '--tcp-flags', [value], false);
  else return false;
  return true;
}

function readMarkMatch(m: IptablesMatch, c: Cursor): true {
  c.i++; // "match"
  let v = take(c);
  let neg = false;
  if (v === '!') {
    neg = true;
    v = take(c);
  } else if (v.startsWith('!')) {
    neg = true;
    v = v.slice(1);
  }
  applyMatchOption(m, '--mark', [v], neg);
  return true;
}

function readAddrType(m: IptablesMatch, c: Cursor): void {
  for (;;) {
    const key = peek(c);
    if (key === 'src-type' || key === 'dst-type') {
      c.i++;
      let neg = false;
      if (peek(c) === '!') {
        neg = true;
        c.i++;
      }
      applyMatchOption(m, `--${key}`, [take(c)], neg);
    } else if (key === 'limit-in' || key === 'limit-out') {
      c.i++;
      applyMatchOption(m, `--${key}`, [], false);
    } else return;
  }
}

function readRecent(m: IptablesMatch, c: Cursor, isNegated: boolean): void {
  for (;;) {
    const w = peek(c);
    if (w === undefined) return;
    const action = RECENT_ACTIONS[w];
    if (action !== undefined) applyMatchOption(m, action, [], isNegated);
    else if (w === 'reap' || w === 'TTL-Match')
      applyMatchOption(m, w === 'reap' ? '--reap' : '--rttl', [], false);
    else if (w === 'seconds:' || w === 'hit_count:' || w === 'name:' || w === 'mask:') {
      c.i++;
      const opt = {
        'seconds:': '--seconds',
        'hit_count:': '--hitcount',
        'name:': '--name',
        'mask:': '--mask',
      }[w];
      applyMatchOption(m, opt, [peek(c) ?? ''], false);
    } else if (w === 'side:') {
      c.i++;
      applyMatchOption(m, peek(c) === 'dest' ? '--rdest' : '--rsource', [], false);
    } else return;
    c.i++;
  }
}

function readPhysdev(m: IptablesMatch, c: Cursor): void {
  if (peek(c) === 'match') c.i++;
  for (;;) {
    let w = peek(c);
    let neg = false;
    if (w === '!') {
      neg = true;
      w = peek(c, 1);
    }
    if (w === undefined || !w.startsWith('--physdev')) return;
    c.i += neg ? 2 : 1;
    const hasValue = w === '--physdev-in' || w === '--physdev-out';
    applyMatchOption(m, w, hasValue ? [take(c)] : [], neg);
  }
}

/** Target words of `-L`: rewritten into save-format arguments for `buildTarget`. */
function readTargetWord(w: string, c: Cursor, args: string[]): WordResult {
  if (w.startsWith('to:')) {
    args.push('--to', w.slice(3));
    return true;
  }
  if (w === 'random-fully' || w === 'random' || w === 'persistent') {
    args.push(`--${w}`);
    return true;
  }
  if ((w === 'MARK' || w === 'CONNMARK') && peek(c) !== undefined) {
    const op = MARK_OPS[peek(c) ?? ''];
    if (op === undefined) return false;
    c.i++;
    args.push(op, take(c));
    return true;
  }
  if (w === 'reject-with') {
    args.push('--reject-with', take(c));
    return true;
  }
  if (w === 'masq' && peek(c) === 'ports:') {
    c.i++;
    args.push('--to-ports', take(c));
    return true;
  }
  if (w === 'LOG') {
    while (peek(c) === 'flags' || peek(c) === 'level' || peek(c) === 'prefix') {
      const key = take(c);
      const value = take(c).replace(/^"|"$/g, '');
      if (key !== 'flags') args.push(`--log-${key}`, value);
    }
    return true;
  }
  return false;
}
