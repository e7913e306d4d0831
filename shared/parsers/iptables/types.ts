import type { AddressSpec, Counters, InterfaceSpec, ProtocolSpec } from './basic-types';
import type { IptablesMatch } from './match-types';
import type { IptablesTarget } from './target-types';

export type * from './basic-types';
export type * from './match-types';
export type * from './target-types';

/**
 * The structured form of an iptables ruleset, whichever command printed it: `iptables-save`,
 * kube-proxy's own `iptables-restore` input, `iptables -S` or `iptables -L -n -v`.
 *
 * Absent facts are `null` (not missing keys) so every record has the same shape.
 */

/** Which textual form the input was in. */
export type IptablesFormat =
  /** `iptables-save [-c]`: `*table`, `:CHAIN POLICY [p:b]`, `-A …`, `COMMIT`. */
  | 'save'
  /** kube-proxy's `iptables-restore` input: `*table` blocks without builtin chain headers. */
  | 'restore'
  /** `iptables [-t T] -S [CHAIN]`: `-P`, `-N`, `-A` lines, no table markers. */
  | 'spec'
  /** `iptables [-t T] -L [CHAIN] -n [-v] [-x] [--line-numbers]`, possibly `| column -t`. */
  | 'list'
  /** Nothing recognisable (empty input). */
  | 'unknown';

/** The options of a rule: basic matches, `-m` matches and the target. */
export interface IptablesRuleSpec {
  readonly protocol: ProtocolSpec | null;
  readonly source: AddressSpec | null;
  readonly destination: AddressSpec | null;
  readonly inInterface: InterfaceSpec | null;
  readonly outInterface: InterfaceSpec | null;
  /** `-f` → true, `! -f` → false, absent → null. */
  readonly fragment: boolean | null;
  readonly matches: readonly IptablesMatch[];
  readonly target: IptablesTarget | null;
}

/**
 * One rule, with its place in the input and the text it came from. Rules read from save/spec
 * text decode their options on first access (see `SavedRule`), so a 400k-line dump is cheap to
 * load; `JSON.stringify` gives the full structure.
 */
export interface IptablesRule extends IptablesRuleSpec {
  readonly chain: string;
  /** 1-based position within its chain. */
  readonly index: number;
  /** 1-based line number in the input. */
  readonly line: number;
  readonly raw: string;
  readonly counters: Counters | null;
  /** `-L` only: the rendered options column as printed (e.g. `/* … *\/ tcp dpt:53`). */
  readonly extra: string | null;
  /** Option tokens that could not be placed (a stray argument), or null. */
  readonly problem: string | null;
}

/** A chain with its rules in order. */
export interface IptablesChain {
  readonly name: string;
  /** ACCEPT/DROP for builtin chains; null for user chains (`-` in save format). */
  readonly policy: string | null;
  /** Policy counters (`[0:0]`, `(policy ACCEPT 10 packets, 600 bytes)`). */
  readonly counters: Counters | null;
  readonly isBuiltin: boolean;
  /** `(N references)` in `-L` output. */
  readonly references: number | null;
  /** Whether a header (`:NAME`, `-N`, `-P`, `Chain NAME`) declared it; false when only rules named it. */
  readonly isDeclared: boolean;
  /** Line of the declaration, or of the first rule when undeclared. */
  readonly line: number;
  readonly rules: readonly IptablesRule[];
}

/** One table (`filter`, `nat`, …). */
export interface IptablesTable {
  readonly name: string;
  /** True when the input did not say which table (`-S`, `-L`) and the name was inferred. */
  readonly isInferred: boolean;
  readonly chains: readonly IptablesChain[];
}

/** The parse of one iptables listing. */
export interface IptablesRuleset {
  readonly format: IptablesFormat;
  readonly tables: readonly IptablesTable[];
}
