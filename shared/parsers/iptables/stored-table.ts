import type { RuleStore } from './rule-store';
import type { Counters, IptablesChain, IptablesRule, IptablesTable } from './types';

/**
 * A chain whose rules live in a {@link RuleStore} as ids; `rules` turns them into objects on
 * first access.
 */
export class StoredChain implements IptablesChain {
  policy: string | null = null;
  counters: Counters | null = null;
  isBuiltin: boolean;
  references: number | null = null;
  isDeclared = false;
  /** Store ids of the rules, in chain order. */
  ruleIds: number[] = [];
  /** Index in its table's `chains`. */
  position = 0;
  private cached: IptablesRule[] | null = null;

  constructor(
    readonly name: string,
    public line: number,
    isBuiltin: boolean,
    /** Where the rules are stored. */
    readonly store: RuleStore,
  ) {
    this.isBuiltin = isBuiltin;
  }

  get rules(): readonly IptablesRule[] {
    if (this.cached === null || this.cached.length !== this.ruleIds.length) {
      const ids = this.ruleIds;
      const out: IptablesRule[] = new Array<IptablesRule>(ids.length);
      for (let i = 0; i < ids.length; i++)
        out[i] = this.store.rule(ids[i] as number, this.name, i + 1);
      this.cached = out;
    }
    return this.cached;
  }

  /** The plain record with every rule decoded. */
  toJSON(): IptablesChain {
    return {
      name: this.name,
      policy: this.policy,
      counters: this.counters,
      isBuiltin: this.isBuiltin,
      references: this.references,
      isDeclared: this.isDeclared,
      line: this.line,
      rules: this.rules,
    };
  }

  /** Forgets decoded rule objects after `ruleIds` changed (`-I`, `-F`). */
  invalidate(): void {
    this.cached = null;
  }
}

/**
 * A table whose chains are indexed by name. Lookups by position in the input text first try the
 * chains declared right after the previous hit, because `iptables-save` lists rules in the order
 * it declared their chains; only a miss slices the name and asks the index.
 */
export class StoredTable implements IptablesTable {
  chains: StoredChain[] = [];
  private readonly index = new Map<string, StoredChain>();
  private cursor = -1;

  constructor(
    public name: string,
    public isInferred: boolean,
    /** Where the rules of this table's chains are stored. */
    readonly store: RuleStore,
  ) {}

  /** The chain named `text[start, end)`. */
  findAt(text: string, start: number, end: number): StoredChain | undefined {
    const len = end - start;
    const chains = this.chains;
    const stop = Math.min(chains.length, this.cursor + 4);
    for (let k = Math.max(0, this.cursor); k < stop; k++) {
      const c = chains[k] as StoredChain;
      if (c.name.length === len && text.startsWith(c.name, start)) {
        this.cursor = k;
        return c;
      }
    }
    const found = this.index.get(text.slice(start, end));
    if (found !== undefined) this.cursor = found.position;
    return found;
  }

  /** The chain called `name`. */
  find(name: string): StoredChain | undefined {
    return this.index.get(name);
  }

  /** Adds a chain (the caller has checked it is new). */
  add(chain: StoredChain): void {
    chain.position = this.chains.length;
    this.index.set(chain.name, chain);
    this.chains.push(chain);
  }

  /** Removes a chain (`-X`). */
  remove(chain: StoredChain): void {
    this.index.delete(chain.name);
    this.chains = this.chains.filter((c) => c !== chain);
    this.chains.forEach((c, k) => (c.position = k));
    this.cursor = -1;
  }

  /** The plain record. */
  toJSON(): IptablesTable {
    return { name: this.name, isInferred: this.isInferred, chains: this.chains };
  }
}

/** Finds a chain in any table, using the name index when the table has one. */
export function findChain(table: IptablesTable, name: string): IptablesChain | undefined {
  if (table instanceof StoredTable) return table.find(name);
  return table.chains.find((c) => c.name === name);
}
