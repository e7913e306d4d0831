import {
  findChain,
  newSummary,
  QUICK_FULL,
  QUICK_NONE,
  quickSummarize,
  summarizeRule,
} from '../../parsers/iptables';
import type { IptablesChain, IptablesTable, RuleSummary } from '../../parsers/iptables';
import type { ServiceEndpoint, SourceLine } from './types';

/** Where the packets entering a chain end up. Shares are fractions of the packets entering it. */
export interface ChainOutcome {
  endpoints: ServiceEndpoint[];
  /** Fraction that falls off the end (or RETURNs) back to the caller. */
  passThrough: number;
  /** `-m recent --rcheck --seconds N` seen on the way (ClientIP session affinity). */
  affinitySeconds: number | null;
  issues: readonly string[];
  /** Chains this outcome was computed from (to forget it when one of them is replaced). */
  deps: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);
const PASS: ChainOutcome = Object.freeze({
  endpoints: [],
  passThrough: 1,
  affinitySeconds: null,
  issues: NONE,
  deps: NONE,
});
const SMALL_CHAIN = 4;

/** Line number of rule `index` (0-based) in a chain, without decoding the rule. */
export function lineOf(chain: IptablesChain, index: number): number {
  const stored = chain as Partial<{ store: { lineNo: Int32Array }; ruleIds: number[] }>;
  if (stored.store !== undefined && stored.ruleIds !== undefined) {
    return stored.store.lineNo[stored.ruleIds[index] ?? -1] ?? 0;
  }
  return chain.rules[index]?.line ?? 0;
}

/** Number of rules in a chain, without decoding them. */
export function ruleCount(chain: IptablesChain): number {
  const stored = chain as Partial<{ ruleIds: number[] }>;
  return stored.ruleIds !== undefined ? stored.ruleIds.length : chain.rules.length;
}

/**
 * Follows jumps from a chain to the DNAT rules they end in, computing each endpoint's effective
 * share: a rule with `--probability p` takes p of what is left, so rule k gets
 * p_k × Π_{j<k}(1 − p_j). Chains are walked once and their outcome kept; small chains met once
 * (a KUBE-SEP-… with its two rules) are not kept, which halves the memory of a 100k-endpoint
 * dump. After {@link replace}, only outcomes that depended on the replaced chain are dropped.
 *
 * Conditions other than the Service's own (destination, port, protocol) make a rule conditional;
 * conditional rules neither take packets nor add endpoints: the walk follows a packet from a pod
 * to the Service. `-m recent --rcheck` rules are ClientIP affinity: noted, not counted.
 */
export class ChainWalker {
  /** How many chains were walked (not served from memory): a measure for tests and benchmarks. */
  walked = 0;
  private readonly memo = new Map<IptablesChain, ChainOutcome>();
  private readonly seen = new Set<IptablesChain>();
  private readonly active = new Set<IptablesChain>();
  private readonly overrides = new Map<string, IptablesChain>();
  /** A few chains known to let every packet through (KUBE-MARK-MASQ): jumps there are skipped unread. */
  private readonly passNames: string[] = [];
  private readonly s: RuleSummary = newSummary();

  constructor(private readonly table: IptablesTable) {}

  /** The chain called `name` (a replacement, if one was given). */
  chain(name: string): IptablesChain | undefined {
    if (this.overrides.size > 0) {
      const replaced = this.overrides.get(name);
      if (replaced !== undefined) return replaced;
    }
    return findChain(this.table, name);
  }

  /** Uses `chain` instead of the parsed chain of the same name, forgetting what depended on it. */
  replace(chain: IptablesChain): void {
    this.overrides.set(chain.name, chain);
    if (this.passNames.includes(chain.name)) {
      this.passNames.length = 0;
      this.memo.clear();
      return;
    }
    const dirty = new Set([chain.name]);
    for (let changed = true; changed;) {
      changed = false;
      for (const [key, outcome] of this.memo) {
        if (dirty.has(key.name) || outcome.deps.some((d) => dirty.has(d))) {
          this.memo.delete(key);
          dirty.add(key.name);
          changed = true;
        }
      }
    }
    this.seen.clear();
  }

  /** Where packets entering `chain` go. The result is shared: do not change it. */
  outcome(chain: IptablesChain): ChainOutcome {
    return this.visit(chain, true).outcome;
  }

  private visit(chain: IptablesChain, isTop: boolean): { outcome: ChainOutcome; isFresh: boolean } {
    const known = this.memo.get(chain);
    if (known !== undefined) return { outcome: known, isFresh: false };
    if (this.active.has(chain)) {
      const issues = [`loop through ${chain.name}`];
      return {
        outcome: { endpoints: [], passThrough: 1, affinitySeconds: null, issues, deps: NONE },
        isFresh: true,
      };
    }
    this.active.add(chain);
    const outcome = this.walk(chain);
    this.active.delete(chain);
    const isKept =
      isTop || outcome === PASS || ruleCount(chain) > SMALL_CHAIN || this.seen.has(chain);
    if (isKept) {
      this.memo.set(chain, outcome);
      if (outcome === PASS && this.passNames.length < 8) this.passNames.push(chain.name);
    } else this.seen.add(chain);
    return { outcome, isFresh: !isKept };
  }

  /** Whether a chain lets every packet through, learning it for the next rules that jump there. */
  private isPass(name: string): boolean {
    const target = this.chain(name);
    return (
      target !== undefined && ruleCount(target) > 0 && this.visit(target, false).outcome === PASS
    );
  }

  private ref(chain: IptablesChain, index: number): SourceLine {
    return {
      kind: 'iptables',
      table: this.table.name,
      chain: chain.name,
      index: index + 1,
      line: lineOf(chain, index),
    };
  }

  private walk(chain: IptablesChain): ChainOutcome {
    this.walked++;
    const s = this.s;
    const endpoints: ServiceEndpoint[] = [];
    let issues: string[] | null = null;
    let deps: string[] | null = null;
    let affinityLines: Map<string, SourceLine> | null = null;
    let affinitySeconds: number | null = null;
    let remaining = 1;
    let passThrough = 0;
    const n = ruleCount(chain);
    for (let i = 0; i < n && remaining > 1e-12; i++) {
      const quick = quickSummarize(chain, i, s);
      if (quick !== QUICK_NONE) {
        // Most rules of a dump are decided by their target alone: hairpin MASQ jumps and DNATs.
        if (s.target === 'mark' || s.target === 'other') continue;
        if (s.target === 'jump' && this.passNames.includes(s.targetChain)) continue;
        if (s.target === 'jump' && quick !== QUICK_FULL && this.passNames.length < 8) {
          if (this.isPass(s.targetChain)) continue;
          quickSummarize(chain, i, s); // the visit reused the summary object
        }
      }
      if (quick === QUICK_NONE || (quick !== QUICK_FULL && s.target !== 'dnat'))
        summarizeRule(chain, i, s, false);
      const hasP = !Number.isNaN(s.probability);
      const p = hasP ? Math.min(1, Math.max(0, s.probability)) : 1;
      const ruleP = hasP ? s.probability : null;
      if (s.recentAction === 'rcheck') {
        affinitySeconds = s.recentSeconds ?? affinitySeconds;
        if (s.target === 'jump')
          (affinityLines ??= new Map()).set(s.targetChain, this.ref(chain, i));
        continue;
      }
      if (s.hasOtherConditions && s.target !== 'dnat') continue;
      const taken = remaining * p;
      switch (s.target) {
        case 'none':
        case 'mark':
        case 'other':
          break;
        case 'dnat': {
          const lines = [this.ref(chain, i)];
          endpoints.push({
            ip: s.dnatIp,
            port: s.dnatPort,
            probability: taken,
            ruleProbability: ruleP,
            sepChain: chain.name,
            lines,
          });
          remaining -= taken;
          break;
        }
        case 'accept':
        case 'drop':
        case 'reject':
        case 'masquerade':
        case 'snat':
          remaining -= taken;
          break;
        case 'return':
          passThrough += taken;
          remaining -= taken;
          break;
        case 'jump':
        case 'goto': {
          const name = s.targetChain;
          const isGoto = s.target === 'goto';
          const target = this.chain(name);
          if (target === undefined) {
            (issues ??= []).push(
              `${chain.name} rule ${i + 1} jumps to ${name}, which is not in the listing`,
            );
            break;
          }
          (deps ??= []).push(target.name);
          if (ruleCount(target) === 0 && /^KUBE-(SVC|SEP|SVL|EXT|FW)-/.test(name)) {
            // Packets would return and go on, but a kube-proxy chain is never empty: a cut-off paste.
            (issues ??= []).push(`${name} is declared but has no rules`);
            break;
          }
          const line = this.ref(chain, i);
          const { outcome: sub, isFresh } = this.visit(target, false);
          if (sub === PASS) break;
          for (const e of sub.endpoints) {
            if (isFresh) {
              // Nobody else holds this outcome: adjust its endpoints instead of copying them.
              e.probability *= taken;
              e.ruleProbability = ruleP;
              e.lines.unshift(line);
              endpoints.push(e);
            } else
              endpoints.push({
                ...e,
                probability: e.probability * taken,
                ruleProbability: ruleP,
                lines: [line, ...e.lines],
              });
          }
          for (const issue of sub.issues) if (!(issues ??= []).includes(issue)) issues.push(issue);
          affinitySeconds ??= sub.affinitySeconds;
          if (isGoto) passThrough += taken * sub.passThrough;
          remaining -= isGoto ? taken : taken * (1 - sub.passThrough);
          break;
        }
      }
    }
    passThrough += remaining;
    if (affinityLines !== null) {
      for (const e of endpoints) {
        const extra = e.sepChain === undefined ? undefined : affinityLines.get(e.sepChain);
        if (extra !== undefined) e.lines.splice(1, 0, extra);
      }
    }
    if (endpoints.length === 0 && issues === null && passThrough === 1 && affinitySeconds === null)
      return PASS;
    return { endpoints, passThrough, affinitySeconds, issues: issues ?? NONE, deps: deps ?? NONE };
  }
}
