import { ruleSpec } from './rule-spec';
import type { Ruleset, TableName } from './types';

/** Packet and byte counts of one rule or one built-in chain's policy. */
export interface Counter {
  packets: number;
  bytes: number;
}

/** Which counter: a rule by 0-based index in its chain, or a built-in chain's policy. */
export type CounterSlot = number | 'policy';

const ZERO: Counter = Object.freeze({ packets: 0, bytes: 0 });

const key = (table: TableName, chain: string, slot: CounterSlot): string =>
  `${table}\u0000${chain}\u0000${slot}`;

/**
 * Counters kept beside a `Ruleset`, keyed by table, chain and rule index, so the ruleset itself
 * stays immutable. Absent entries read as zero.
 */
export class CounterStore {
  private readonly values = new Map<string, Counter>();

  /** The counter of a rule (`slot` = 0-based index) or of a chain's policy. */
  get(table: TableName, chain: string, slot: CounterSlot): Counter {
    return this.values.get(key(table, chain, slot)) ?? ZERO;
  }

  /** Adds traffic to one counter. */
  add(table: TableName, chain: string, slot: CounterSlot, packets: number, bytes: number): void {
    const k = key(table, chain, slot);
    const c = this.values.get(k) ?? ZERO;
    this.values.set(k, { packets: c.packets + packets, bytes: c.bytes + bytes });
  }

  /** Overwrites one counter (restoring a saved state, or a fixture). */
  set(table: TableName, chain: string, slot: CounterSlot, counter: Counter): void {
    this.values.set(key(table, chain, slot), { packets: counter.packets, bytes: counter.bytes });
  }

  /**
   * `iptables -t table -Z [chain [rulenum]]`: zeroes a table, a chain (its policy counter too, as
   * iptables-nft does) or one rule (`ruleIndex` 0-based).
   */
  zero(table: TableName, chain?: string, ruleIndex?: number): void {
    const prefix = chain === undefined ? `${table}\u0000` : `${table}\u0000${chain}\u0000`;
    for (const k of [...this.values.keys()]) {
      if (!k.startsWith(prefix)) continue;
      if (ruleIndex !== undefined && k !== key(table, chain ?? '', ruleIndex)) continue;
      this.values.delete(k);
    }
  }

  /**
   * Carries counters across a resync. kube-proxy rewrites a chain whenever its rules change,
   * which resets that chain's counters; chains whose rules are unchanged keep theirs, and
   * built-in chains keep their policy counters.
   */
  reconcile(previous: Ruleset, next: Ruleset): void {
    const fingerprint = (rs: Ruleset): Map<string, string> => {
      const out = new Map<string, string>();
      for (const t of rs.tables) {
        for (const c of t.chains)
          out.set(`${t.name}\u0000${c.name}`, c.rules.map((r) => ruleSpec(r)).join('\n'));
      }
      return out;
    };
    const before = fingerprint(previous);
    const after = fingerprint(next);
    for (const k of [...this.values.keys()]) {
      const [table, chain, slot] = k.split('\u0000');
      const chainKey = `${table}\u0000${chain}`;
      if (slot === 'policy' && after.has(chainKey)) continue;
      if (!after.has(chainKey) || before.get(chainKey) !== after.get(chainKey))
        this.values.delete(k);
    }
  }
}
