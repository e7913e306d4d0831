import { TARGET_EXTENSIONS } from './targets';
import type { IptablesChain } from './types';

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
  /**
   * The chain of `targetChain` when the reader already looked it up (see `quickSummarize`), so
   * callers need not look it up by name again; null when not looked up or not found.
   */
  targetRef: IptablesChain | null;
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
    targetRef: null,
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

/** Clears a summary for the next rule. */
export function reset(s: RuleSummary): void {
  s.target = 'none';
  s.targetChain = '';
  s.targetRef = null;
  s.dnatIp = null;
  s.dnatPort = null;
  s.probability = NaN;
  s.probabilityText = null;
  s.recentAction = null;
  s.recentSeconds = null;
  if (s.comments.length > 0) s.comments = [];
  s.destination = null;
  s.isDestinationNegated = false;
  s.source = null;
  s.isSourceNegated = false;
  s.protocol = null;
  s.dport = null;
  s.isDstLocal = false;
  s.hasOtherConditions = false;
}

/** Targets a summary names by kind. */
export const VERDICTS: Readonly<Record<string, SummaryTarget>> = {
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
export const NEUTRAL_MODULES = new Set([
  'comment',
  'tcp',
  'udp',
  'sctp',
  'multiport',
  'statistic',
  'recent',
  'addrtype',
  'nfacct',
]);

/** The summary kind of a `-j NAME`. */
export function targetOf(name: string): SummaryTarget {
  // A switch compares characters; a table lookup would hash every sliced name first.
  switch (name) {
    case 'DNAT':
      return 'dnat';
    case 'ACCEPT':
      return 'accept';
    case 'DROP':
      return 'drop';
    case 'RETURN':
      return 'return';
    case 'REJECT':
      return 'reject';
    case 'MARK':
      return 'mark';
    case 'MASQUERADE':
      return 'masquerade';
    case 'SNAT':
      return 'snat';
    default:
      // Chains are the common case: `KUBE-…`, `cali-…`, lowercase or mixed names.
      return name.startsWith('KUBE-') || !TARGET_EXTENSIONS.has(name) ? 'jump' : 'other';
  }
}
