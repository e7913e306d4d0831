import { ChainIndex } from './chain-index';
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
  /**
   * Store ids of the rules. A dump lists each chain's rules together, so their ids are usually
   * one run (`first`, `runLength`); an explicit list is made only when they are not.
   */
  private first = -1;
  private runLength = 0;
  private ids: number[] | null = null;
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

  /** How many rules the chain has, without making rule objects. */
  get ruleCount(): number {
    return this.ids === null ? this.runLength : this.ids.length;
  }

  /** Store id of rule `index` (0-based). */
  ruleId(index: number): number {
    return this.ids === null ? this.first + index : (this.ids[index] ?? -1);
  }

  /** Store ids of all rules, in chain order (a copy). */
  get ruleIds(): number[] {
    return Array.from({ length: this.ruleCount }, (_, i) => this.ruleId(i));
  }

  /** Appends a rule by store id. */
  pushRule(id: number): void {
    if (this.ids !== null) this.ids.push(id);
    else if (this.runLength === 0) {
      this.first = id;
      this.runLength = 1;
    } else if (id === this.first + this.runLength) this.runLength++;
    else this.ids = [...this.ruleIds, id];
    this.cached = null;
  }

  /** Inserts a rule by store id at 0-based `index` (`-I`). */
  insertRule(index: number, id: number): void {
    const ids = this.ruleIds;
    ids.splice(Math.max(0, Math.min(index, ids.length)), 0, id);
    this.ids = ids;
    this.cached = null;
  }

  /** Removes every rule (`-F`). */
  clearRules(): void {
    this.ids = null;
    this.first = -1;
    this.runLength = 0;
    this.cached = null;
  }

  get rules(): readonly IptablesRule[] {
    if (this.cached === null) {
      const n = this.ruleCount;
      const out: IptablesRule[] = new Array<IptablesRule>(n);
      for (let i = 0; i < n; i++) out[i] = this.store.rule(this.ruleId(i), this.name, i + 1);
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
}

/**
 * A table whose chains are indexed by name. Lookups by position in the input text first try the
 * chains declared right after the previous hit, because `iptables-save` lists rules in the order
 * it declared their chains; only a miss slices the name and asks the index.
 */
export class StoredTable implements IptablesTable {
  chains: StoredChain[] = [];
  private readonly index = new ChainIndex();
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
    const last = len > 0 ? text.charCodeAt(end - 1) : -1;
    for (let k = Math.max(0, this.cursor); k < stop; k++) {
      const c = chains[k] as StoredChain;
      // The last character first: kube-proxy names differ there (hash) and a native
      // startsWith call costs more than the whole inlined check.
      const name = c.name;
      if (
        name.length === len &&
        name.charCodeAt(len - 1) === last &&
        text.startsWith(name, start)
      ) {
        this.cursor = k;
        return c;
      }
    }
    const position = this.index.findAt(text, start, end);
    if (position < 0) return undefined;
    this.cursor = position;
    return chains[position];
  }

  /** The chain named `text[start, end)`, looked up without moving the parse cursor. */
  lookupAt(text: string, start: number, end: number): StoredChain | undefined {
    const position = this.index.findAt(text, start, end);
    return position < 0 ? undefined : this.chains[position];
  }

  /** The chain called `name`. */
  find(name: string): StoredChain | undefined {
    const position = this.index.find(name);
    return position < 0 ? undefined : this.chains[position];
  }

  /** Adds a chain (the caller has checked it is new). */
  add(chain: StoredChain): void {
    chain.position = this.chains.length;
    this.index.add(chain.name, chain.position);
    this.chains.push(chain);
  }

  /** Removes a chain (`-X`). */
  remove(chain: StoredChain): void {
    this.chains = this.chains.filter((c) => c !== chain);
    this.chains.forEach((c, k) => (c.position = k));
    this.index.rebuild(this.chains.map((c) => c.name));
    this.cursor = -1;
  }

  /** The plain record. */
  toJSON(): IptablesTable {
    return { name: this.name, isInferred: this.isInferred, chains: this.chains };
  }
}

/** Number of rules in any chain, without making rule objects for a stored one. */
export function ruleCountOf(chain: IptablesChain): number {
  return chain instanceof StoredChain ? chain.ruleCount : chain.rules.length;
}

/** 1-based input line of rule `index` (0-based) of any chain, without decoding it. */
export function ruleLineOf(chain: IptablesChain, index: number): number {
  if (chain instanceof StoredChain) return chain.store.lineNo[chain.ruleId(index)] ?? 0;
  return chain.rules[index]?.line ?? 0;
}

/** Finds a chain in any table, using the name index when the table has one. */
export function findChain(table: IptablesTable, name: string): IptablesChain | undefined {
  if (table instanceof StoredTable) return table.find(name);
  return table.chains.find((c) => c.name === name);
}

/**
 * Position of `chain` in `table.chains` when the table is a stored one that holds this very
 * chain object, else -1: lets a reader keep per-chain state in flat arrays instead of maps.
 */
export function chainPosition(table: IptablesTable, chain: IptablesChain): number {
  if (!(table instanceof StoredTable) || !(chain instanceof StoredChain)) return -1;
  return table.chains[chain.position] === chain ? chain.position : -1;
}
