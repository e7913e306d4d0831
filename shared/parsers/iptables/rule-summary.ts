import { StoredChain } from './stored-table';
import { TARGET_EXTENSIONS } from './targets';
import { tokenBounds, tokenText } from './tokenize';
import type { IptablesChain, IptablesRule } from './types';
import { splitHostPort } from './values';

/** What a rule does, reduced to the cases a path walker tells apart. */
export type SummaryTarget =
  | 'none'
  | 'jump'
  | 'goto'
  | 'dnat'
  | 'accept'
  | 'drop'
  | 'return'
  | 'reject'
  | 'mark'
  | 'masquerade'
  | 'snat'
  | 'other';

/**
 * The facts of one rule that a packet-path walker needs, read straight from the rule's text
 * when it was stored by offsets (no tokens or objects are kept), or from the decoded rule
 * otherwise. One summary object is reused for every rule: copy what you keep.
 */
export interface RuleSummary {
  target: SummaryTarget;
  /** For jump/goto: the chain name. */
  targetChain: string;
  dnatIp: string | null;
  dnatPort: number | null;
  /** `-m statistic --mode random --probability p`; NaN when the rule has none. */
  probability: number;
  /** Text of the probability as written (`0.33333333349`), or null. */
  probabilityText: string | null;
  /** `-m recent`: the action (`rcheck`, `set`, …) or null; and its `--seconds`. */
  recentAction: string | null;
  recentSeconds: number | null;
  /** Comments in order (kube-proxy writes one; Calico sometimes two). */
  comments: string[];
  destination: string | null;
  isDestinationNegated: boolean;
  source: string | null;
  isSourceNegated: boolean;
  protocol: string | null;
  /** First destination port (`--dport`, `dpt:`, first of `--dports`); null when none. */
  dport: number | null;
  /** `-m addrtype --dst-type LOCAL` (not negated). */
  isDstLocal: boolean;
  /** Any condition besides protocol, destination, ports, comment, statistic, recent, addrtype, nfacct. */
  hasOtherConditions: boolean;
}

/** A fresh, empty summary to pass to {@link summarizeRule}. */
export function newSummary(): RuleSummary {
  return {
    target: 'none',
    targetChain: '',
    dnatIp: null,
    dnatPort: null,
    probability: NaN,
    probabilityText: null,
    recentAction: null,
    recentSeconds: null,
    comments: [],
    destination: null,
    isDestinationNegated: false,
    source: null,
    isSourceNegated: false,
    protocol: null,
    dport: null,
    isDstLocal: false,
    hasOtherConditions: false,
  };
}

function reset(s: RuleSummary): void {
  s.target = 'none';
  s.targetChain = '';
  s.dnatIp = null;
  s.dnatPort = null;
  s.probability = NaN;
  s.probabilityText = null;
  s.recentAction = null;
  s.recentSeconds = null;
  s.comments = [];
  s.destination = null;
  s.isDestinationNegated = false;
  s.source = null;
  s.isSourceNegated = false;
  s.protocol = null;
  s.dport = null;
  s.isDstLocal = false;
  s.hasOtherConditions = false;
}

const VERDICTS: Readonly<Record<string, SummaryTarget>> = {
  ACCEPT: 'accept',
  DROP: 'drop',
  RETURN: 'return',
  REJECT: 'reject',
  MARK: 'mark',
  MASQUERADE: 'masquerade',
  SNAT: 'snat',
  DNAT: 'dnat',
};

/** Modules that do not narrow which packets of a Service a rule sees. */
const NEUTRAL_MODULES = new Set(['comment', 'tcp', 'udp', 'sctp', 'multiport', 'statistic', 'recent', 'addrtype', 'nfacct']);

/**
 * Summarizes rule `index` (0-based) of `chain` into `out`. Rules stored as text are scanned in
 * place; others are read from their decoded fields. Comments are skipped unless wanted, as they
 * are the costliest part of a kube-proxy rule to copy out.
 */
export function summarizeRule(
  chain: IptablesChain,
  index: number,
  out: RuleSummary,
  wantComments = true,
): void {
  reset(out);
  if (chain instanceof StoredChain) {
    const id = chain.ruleIds[index] as number;
    const store = chain.store;
    const at = store.optionsAt[id] as number;
    if (at >= 0) {
      scanText(store.text, at, store.lineEnd[id] as number, out, wantComments);
      return;
    }
  }
  const rule = chain.rules[index];
  if (rule !== undefined) fromRule(rule, out);
}

function fromRule(rule: IptablesRule, out: RuleSummary): void {
  const t = rule.target;
  if (t !== null) {
    if (t.kind === 'jump' || t.kind === 'goto') {
      out.target = t.kind;
      out.targetChain = t.chain;
    } else if (t.kind === 'verdict') out.target = VERDICTS[t.verdict] ?? 'other';
    else if (t.kind === 'dnat') {
      out.target = 'dnat';
      out.dnatIp = t.ip;
      out.dnatPort = t.port;
    } else if (t.kind === 'reject' || t.kind === 'mark' || t.kind === 'masquerade' || t.kind === 'snat') out.target = t.kind;
    else out.target = 'other';
  }
  out.destination = rule.destination?.address ?? null;
  out.isDestinationNegated = rule.destination?.isNegated ?? false;
  out.source = rule.source?.address ?? null;
  out.isSourceNegated = rule.source?.isNegated ?? false;
  out.protocol = rule.protocol?.name ?? null;
  if (rule.inInterface !== null || rule.outInterface !== null || rule.source !== null) out.hasOtherConditions = true;
  for (const m of rule.matches) {
    if (m.kind === 'comment') out.comments.push(m.text);
    else if (m.kind === 'ports') {
      const first = (m.dport ?? m.ports)?.ranges[0];
      if (first !== undefined && out.dport === null) out.dport = first.from;
    } else if (m.kind === 'statistic') {
      if (m.mode === 'random' && m.probability !== null) out.probability = m.probability;
    } else if (m.kind === 'recent') {
      out.recentAction = m.action;
      out.recentSeconds = m.seconds;
    } else if (m.kind === 'addrtype') {
      if (m.dstType !== null && !m.dstType.isNegated && m.dstType.types.includes('LOCAL')) out.isDstLocal = true;
      if (m.srcType !== null || m.dstType?.isNegated === true) out.hasOtherConditions = true;
    } else if (!NEUTRAL_MODULES.has(m.module)) out.hasOtherConditions = true;
  }
}

const bounds: number[] = [];

function is(text: string, s: number, e: number, literal: string): boolean {
  return e - s === literal.length && text.startsWith(literal, s);
}

const M_OTHER = 0;
const M_NEUTRAL = 1;
const M_RECENT = 2;
const M_ADDRTYPE = 3;

/** Classifies `-m <module>` in place (no slicing: this runs for every rule of a dump). */
function moduleAt(text: string, s: number, e: number): number {
  switch (e - s) {
    case 3:
      return is(text, s, e, 'tcp') || is(text, s, e, 'udp') ? M_NEUTRAL : M_OTHER;
    case 4:
      return is(text, s, e, 'sctp') ? M_NEUTRAL : M_OTHER;
    case 6:
      if (is(text, s, e, 'recent')) return M_RECENT;
      return is(text, s, e, 'nfacct') ? M_NEUTRAL : M_OTHER;
    case 7:
      return is(text, s, e, 'comment') ? M_NEUTRAL : M_OTHER;
    case 8:
      return is(text, s, e, 'addrtype') ? M_ADDRTYPE : M_OTHER;
    case 9:
      return is(text, s, e, 'statistic') || is(text, s, e, 'multiport') ? M_NEUTRAL : M_OTHER;
    default:
      return M_OTHER;
  }
}

/** The first port of `80`, `80:90`, `22,80`; null when it does not start with digits. */
function firstPort(text: string, s: number, e: number): number | null {
  let n = 0;
  let i = s;
  for (; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return i === s ? null : n;
}

function targetOf(name: string): SummaryTarget {
  // Chains are the common case and start with a lowercase letter or `KUBE-`/`cali-`-style prefixes.
  if (name.startsWith('KUBE-')) return 'jump';
  return VERDICTS[name] ?? (TARGET_EXTENSIONS.has(name) ? 'other' : 'jump');
}

/** Scans `-A` option text in place; slices only the values a summary keeps. */
function scanText(text: string, start: number, end: number, out: RuleSummary, wantComments: boolean): void {
  bounds.length = 0;
  tokenBounds(text, bounds, start, end);
  const n = bounds.length;
  let isNegated = false;
  let module = M_OTHER;
  let isDnat = false;
  for (let k = 0; k < n; k += 2) {
    const s = bounds[k] as number;
    const e = bounds[k + 1] as number;
    if (s < 0 || text.charCodeAt(s) !== 45 /* - */) {
      if (s >= 0 && e - s === 1 && text.charCodeAt(s) === 33 /* ! */) isNegated = true;
      continue;
    }
    const vs = bounds[k + 2] ?? 0;
    const ve = bounds[k + 3] ?? 0;
    if (text.charCodeAt(s + 1) !== 45) {
      const c = e - s === 2 ? text.charCodeAt(s + 1) : 0;
      if (c === 100 /* -d */) {
        out.destination = tokenText(text, vs, ve);
        out.isDestinationNegated = isNegated;
      } else if (c === 115 /* -s */) {
        out.source = tokenText(text, vs, ve);
        out.isSourceNegated = isNegated;
        out.hasOtherConditions = true;
      } else if (c === 112 /* -p */) out.protocol = tokenText(text, vs, ve);
      else if (c === 109 /* -m */) {
        module = vs < 0 ? M_OTHER : moduleAt(text, vs, ve);
        if (module === M_OTHER) out.hasOtherConditions = true;
      } else if (c === 106 /* -j */ || c === 103 /* -g */) {
        const name = tokenText(text, vs, ve);
        out.target = c === 103 ? 'goto' : targetOf(name);
        if (out.target === 'jump' || out.target === 'goto') out.targetChain = name;
        isDnat = out.target === 'dnat';
        module = M_OTHER;
      } else if (c === 105 /* -i */ || c === 111 /* -o */ || c === 102 /* -f */) out.hasOtherConditions = true;
    } else if (is(text, s, e, '--comment')) {
      if (wantComments) out.comments.push(tokenText(text, vs, ve));
    } else if (is(text, s, e, '--dport') || is(text, s, e, '--dports')) {
      if (out.dport === null && vs >= 0) out.dport = firstPort(text, vs, ve);
      if (isNegated) out.hasOtherConditions = true;
    } else if (is(text, s, e, '--probability')) {
      out.probabilityText = tokenText(text, vs, ve);
      out.probability = Number(out.probabilityText);
    } else if (module === M_RECENT) {
      if (is(text, s, e, '--seconds')) out.recentSeconds = Number(tokenText(text, vs, ve));
      else if (is(text, s, e, '--rcheck') || is(text, s, e, '--set') || is(text, s, e, '--update')) {
        out.recentAction = text.slice(s + 2, e);
      }
    } else if (module === M_ADDRTYPE) {
      if (is(text, s, e, '--dst-type') && !isNegated && is(text, vs, ve, 'LOCAL')) out.isDstLocal = true;
      else out.hasOtherConditions = true;
    } else if (isDnat && is(text, s, e, '--to-destination')) {
      const hp = splitHostPort(tokenText(text, vs, ve));
      out.dnatIp = hp.ip;
      out.dnatPort = hp.port;
    }
    isNegated = false;
  }
}
