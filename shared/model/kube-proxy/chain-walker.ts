import {
  findChain,
  newSummary,
  QUICK_FULL,
  QUICK_NONE,
  quickSummarize,
  summarizeRule,
} from '../../parsers/iptables';
import type { IptablesChain, IptablesTable, RuleSummary } from '../../parsers/iptables';
import {
  chainAtPosition,
  chainCountOf,
  chainPosition,
  ruleCountOf,
  ruleLineOf,
} from '../../parsers/iptables';
import type { ServiceEndpoint, SourceLine } from './types';

/** Where the packets entering a chain end up. Shares are fractions of the packets entering it. */
export interface ChainOutcome {
  endpoints: ServiceEndpoint[];
  /** Fraction that falls off the end (or RETURNs) back to the caller. */
  passThrough: number;
  /** `-m recent --rcheck --seconds N` seen on the way (ClientIP session affinity). */
  affinitySeconds: number | null;
  issues: readonly string[];
  /**
   * Chains this outcome was computed from (to forget it when one of them is replaced). Chain
   * objects, not names: checking 100k names against a set cost more than the re-resolve itself.
   */
  deps: readonly IptablesChain[];
}

const NONE: readonly string[] = Object.freeze([]);
const NO_CHAINS: readonly IptablesChain[] = Object.freeze([]);
const PASS: ChainOutcome = Object.freeze({
  endpoints: [],
  passThrough: 1,
  affinitySeconds: null,
  issues: NONE,
  deps: NO_CHAINS,
});
const SMALL_CHAIN = 4;

/** Line number of rule `index` (0-based) in a chain, without decoding the rule. */
export const lineOf = ruleLineOf;

/** Number of rules in a chain, without decoding them. */
export const ruleCount = ruleCountOf;

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
  /**
   * For each chain, the remembered outcomes that read it (to forget them on replace): between
   * the table's own chains as linked lists in flat arrays by position (100k map entries keyed by
   * chain objects cost more than the rest of a re-resolve), for other chains in a map.
   */
  private firstUser: Int32Array;
  private nextUser = new Int32Array(1024);
  private userAt = new Int32Array(1024);
  private edges = 0;
  private readonly otherUsers = new Map<IptablesChain, IptablesChain[]>();
  private readonly seen = new Set<IptablesChain>();
  /** `seen` for the table's own chains, by position: a flat array instead of a 100k-entry set. */
  private seenAt: Uint8Array;
  /** Chains on the current path (a short stack: a loop shows up as a chain met again). */
  private readonly active: IptablesChain[] = [];
  /** Replacement chains by name; a new map on every replace, so an old one still names its view. */
  private overrides = new Map<string, IptablesChain>();
  /** A few chains known to let every packet through (KUBE-MARK-MASQ): jumps there are skipped unread. */
  private passNames: string[] = [];
  /** Walking under an earlier view (see {@link within}): nothing is remembered or reused. */
  private isDetached = false;
  private readonly s: RuleSummary = newSummary();

  constructor(private readonly table: IptablesTable) {
    // Counted, not listed: listing a stored table's chains would make all 100k chain objects.
    this.seenAt = new Uint8Array(chainCountOf(table));
    this.firstUser = new Int32Array(chainCountOf(table)).fill(-1);
  }

  private addUser(dep: IptablesChain, user: IptablesChain): void {
    const d = chainPosition(this.table, dep);
    const u = chainPosition(this.table, user);
    if (d < 0 || u < 0) {
      const users = this.otherUsers.get(dep);
      if (users === undefined) this.otherUsers.set(dep, [user]);
      else users.push(user);
      return;
    }
    const e = this.edges++;
    if (e >= this.userAt.length) {
      const next = new Int32Array(e * 2);
      next.set(this.nextUser);
      this.nextUser = next;
      const at = new Int32Array(e * 2);
      at.set(this.userAt);
      this.userAt = at;
    }
    this.userAt[e] = u;
    this.nextUser[e] = this.firstUser[d] as number;
    this.firstUser[d] = e;
  }

  private usersOf(chain: IptablesChain): IptablesChain[] {
    const out = [...(this.otherUsers.get(chain) ?? NO_CHAINS)];
    const d = chainPosition(this.table, chain);
    if (d < 0) return out;
    for (let e = this.firstUser[d] as number; e >= 0; e = this.nextUser[e] as number)
      out.push(chainAtPosition(this.table, this.userAt[e] as number) as IptablesChain);
    return out;
  }

  private forgetUsers(): void {
    this.firstUser.fill(-1);
    this.edges = 0;
    this.otherUsers.clear();
  }

  private hasSeen(chain: IptablesChain): boolean {
    const k = chainPosition(this.table, chain);
    return k >= 0 ? this.seenAt[k] === 1 : this.seen.has(chain);
  }

  private markSeen(chain: IptablesChain): void {
    const k = chainPosition(this.table, chain);
    if (k >= 0) this.seenAt[k] = 1;
    else this.seen.add(chain);
  }

  /**
   * The chains as they stand now (the parsed ones plus the replacements so far). A token only:
   * hand it back to {@link within} to read Services as they were before later replacements.
   */
  get view(): ReadonlyMap<string, IptablesChain> {
    return this.overrides;
  }

  /**
   * Runs `read` with the chains of an earlier {@link view}. For an older view the walks neither
   * use nor keep remembered outcomes (those describe the current chains); for the current one
   * this is just `read()`.
   */
  within<T>(view: ReadonlyMap<string, IptablesChain>, read: () => T): T {
    if (view === this.overrides || this.isDetached) return read();
    const overrides = this.overrides;
    const passNames = this.passNames;
    this.overrides = view as Map<string, IptablesChain>;
    this.passNames = [];
    this.isDetached = true;
    try {
      return read();
    } finally {
      this.overrides = overrides;
      this.passNames = passNames;
      this.isDetached = false;
    }
  }

  /** The chain called `name` (a replacement, if one was given). */
  chain(name: string): IptablesChain | undefined {
    if (this.overrides.size > 0) {
      const replaced = this.overrides.get(name);
      if (replaced !== undefined) return replaced;
    }
    return findChain(this.table, name);
  }

  /**
   * Uses the given chains instead of the parsed chains of the same names, forgetting what depended
   * on them. Each remembered outcome is indexed by the chains it read, so replacing chains costs
   * a walk up from them, not a pass over everything remembered.
   *
   * Returns the names of every chain whose outcome may have changed (the replaced ones and all
   * that reach them), or null when everything may have (a pass-through chain was replaced).
   */
  replace(...chains: IptablesChain[]): Set<string> | null {
    const dirty = new Set<IptablesChain>();
    const names = new Set<string>();
    // Copied, not changed: Service ports not read yet still walk the view they were answered in.
    this.overrides = new Map(this.overrides);
    for (const chain of chains) {
      const before = this.chain(chain.name);
      if (before !== undefined) dirty.add(before);
      const parsed = findChain(this.table, chain.name);
      if (parsed !== undefined) dirty.add(parsed);
      this.overrides.set(chain.name, chain);
      names.add(chain.name);
    }
    this.seen.clear();
    this.seenAt.fill(0);
    if (chains.some((chain) => this.passNames.includes(chain.name))) {
      this.passNames.length = 0;
      this.memo.clear();
      this.forgetUsers();
      return null;
    }
    // Walk up from the replaced chains through the outcomes that used them.
    const queue = [...dirty];
    for (let k = 0; k < queue.length; k++) {
      const chain = queue[k] as IptablesChain;
      if (this.memo.delete(chain)) names.add(chain.name);
      for (const user of this.usersOf(chain)) {
        if (dirty.has(user)) continue;
        dirty.add(user);
        queue.push(user);
      }
    }
    return names;
  }

  /** Where packets entering `chain` go. The result is shared: do not change it. */
  outcome(chain: IptablesChain): ChainOutcome {
    return this.visit(chain, true);
  }

  /** Whether the last `visit` returned an outcome nobody else holds (so it may be changed). */
  private isFresh = false;

  private visit(chain: IptablesChain, isTop: boolean): ChainOutcome {
    const known = this.isDetached ? undefined : this.memo.get(chain);
    this.isFresh = false;
    if (known !== undefined) return known;
    if (this.active.includes(chain)) {
      this.isFresh = true;
      const issues = [`loop through ${chain.name}`];
      return { endpoints: [], passThrough: 1, affinitySeconds: null, issues, deps: NO_CHAINS };
    }
    this.active.push(chain);
    const outcome = this.walk(chain);
    this.active.pop();
    if (this.isDetached) {
      this.isFresh = outcome !== PASS;
      return outcome;
    }
    const isKept =
      isTop || outcome === PASS || ruleCount(chain) > SMALL_CHAIN || this.hasSeen(chain);
    if (isKept) {
      this.memo.set(chain, outcome);
      for (const dep of outcome.deps) this.addUser(dep, chain);
      if (outcome === PASS && this.passNames.length < 8) this.passNames.push(chain.name);
    } else this.markSeen(chain);
    this.isFresh = !isKept;
    return outcome;
  }

  /** Whether a chain lets every packet through, learning it for the next rules that jump there. */
  private isPass(name: string): boolean {
    const target = this.chain(name);
    return target !== undefined && ruleCount(target) > 0 && this.visit(target, false) === PASS;
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
    let deps: IptablesChain[] | null = null;
    let affinityLines: Map<string, SourceLine> | null = null;
    let affinitySeconds: number | null = null;
    let remaining = 1;
    let passThrough = 0;
    const n = ruleCount(chain);
    for (let i = 0; i < n && remaining > 1e-12; i++) {
      const quick = quickSummarize(chain, i, s, this.passNames, this.table);
      if (quick !== QUICK_NONE) {
        // Most rules of a dump are decided by their target alone: hairpin MASQ jumps and DNATs.
        if (s.target === 'mark' || s.target === 'other') continue;
        if (s.target === 'jump' && this.passNames.includes(s.targetChain)) continue;
        if (s.target === 'jump' && quick !== QUICK_FULL && this.passNames.length < 8) {
          if (this.isPass(s.targetChain)) continue;
          quickSummarize(chain, i, s, this.passNames, this.table); // the visit reused the summary
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
          // Without replacements, skip hashing the name (a slice of the 44 MB input) for the map.
          const target =
            s.targetRef !== null && (this.overrides.size === 0 || !this.overrides.has(name))
              ? s.targetRef
              : this.chain(name);
          if (target === undefined) {
            (issues ??= []).push(
              `${chain.name} rule ${i + 1} jumps to ${name}, which is not in the listing`,
            );
            break;
          }
          (deps ??= []).push(target);
          if (ruleCount(target) === 0 && /^KUBE-(SVC|SEP|SVL|EXT|FW)-/.test(name)) {
            // Packets would return and go on, but a kube-proxy chain is never empty: a cut-off paste.
            (issues ??= []).push(`${name} is declared but has no rules`);
            break;
          }
          const line = this.ref(chain, i);
          const sub = this.visit(target, false);
          const isFresh = this.isFresh;
          if (sub === PASS) break;
          // An outcome not kept in memory cannot be forgotten on replace: inherit what it read.
          if (isFresh) for (const d of sub.deps) deps.push(d);
          for (const e of sub.endpoints) {
            if (isFresh) {
              // Nobody else holds this outcome: adjust its endpoints instead of copying them.
              e.probability *= taken;
              e.ruleProbability = ruleP;
              // A sized copy: unshift would grow the backing store to 17 slots per endpoint.
              e.lines =
                e.lines.length === 1 ? [line, e.lines[0] as SourceLine] : [line, ...e.lines];
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
    const used = deps ?? NO_CHAINS;
    return { endpoints, passThrough, affinitySeconds, issues: issues ?? NONE, deps: used };
  }
}
