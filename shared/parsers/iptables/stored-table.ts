import { ChainIndex } from './chain-index';
import type { RuleStore } from './rule-store';
import { StoredChain } from './stored-chain';
import type { Counters, IptablesChain, IptablesTable } from './types';

export { StoredChain };

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * A table whose chains are indexed by name. Lookups by position in the input text first try the
 * chains declared right after the previous hit, because `iptables-save` lists rules in the order
 * it declared their chains; only a miss asks the index.
 *
 * A chain declared by a plain `:NAME - [0:0]` header (a kube-proxy dump has 100,000 of them)
 * is kept as a few numbers (where its name lies in the input, its line, its run of rule ids)
 * and becomes a {@link StoredChain} only when someone asks for it: by name, by position, or by
 * reading `chains`, which makes them all.
 */
export class StoredTable implements IptablesTable {
  private readonly objects: (StoredChain | undefined)[] = [];
  private count = 0;
  private readonly index = new ChainIndex();
  private cursor = -1;
  /** `chains` as last made, while no chain was added or removed since. */
  private listed: StoredChain[] | null = null;
  // Chains not made into objects yet, by position.
  private nameStart = new Int32Array(64);
  private nameEnd = new Int32Array(64);
  private lineOf = new Int32Array(64);
  private firstRule = new Int32Array(64);
  private runLength = new Int32Array(64);
  /** The counters every header-only chain was declared with (one shared `[0:0]` record). */
  private headerCounters: Counters | null = null;

  constructor(
    public name: string,
    public isInferred: boolean,
    /** Where the rules of this table's chains are stored. */
    readonly store: RuleStore,
  ) {}

  /** Every chain, in declaration order (made into objects on first read). */
  get chains(): StoredChain[] {
    if (this.listed === null || this.listed.length !== this.count) {
      const out = new Array<StoredChain>(this.count);
      for (let k = 0; k < this.count; k++) out[k] = this.chainAt(k);
      this.listed = out;
    }
    return this.listed;
  }

  /** How many chains the table has, without making chain objects. */
  get chainCount(): number {
    return this.count;
  }

  /** The chain at `position` (made on first request). */
  chainAt(position: number): StoredChain {
    const made = this.objects[position];
    if (made !== undefined) return made;
    const chain = new StoredChain(
      this.store.text.slice(this.nameStart[position], this.nameEnd[position]),
      this.lineOf[position] as number,
      false,
      this.store,
    );
    chain.isDeclared = true;
    chain.counters = this.headerCounters;
    chain.position = position;
    chain.setRun(this.firstRule[position] as number, this.runLength[position] as number);
    this.objects[position] = chain;
    return chain;
  }

  /** The chain object at `position` if one was made, else undefined. */
  madeAt(position: number): StoredChain | undefined {
    return this.objects[position];
  }

  /** Whether the chain at `position` is named `text[start, end)`. */
  isNamedAt(position: number, text: string, start: number, end: number): boolean {
    return this.index.isNamedAt(position, text, start, end);
  }

  /** Position of the chain named `text[start, end)`, or -1 (moves the parse cursor). */
  positionAt(text: string, start: number, end: number): number {
    const stop = Math.min(this.count, this.cursor + 4);
    for (let k = Math.max(0, this.cursor); k < stop; k++) {
      if (this.index.isNamedAt(k, text, start, end)) {
        this.cursor = k;
        return k;
      }
    }
    const position = this.index.findAt(text, start, end);
    if (position >= 0) this.cursor = position;
    return position;
  }

  /** The chain named `text[start, end)`. */
  findAt(text: string, start: number, end: number): StoredChain | undefined {
    const position = this.positionAt(text, start, end);
    return position < 0 ? undefined : this.chainAt(position);
  }

  /** The chain named `text[start, end)`, looked up without moving the parse cursor. */
  lookupAt(text: string, start: number, end: number): StoredChain | undefined {
    const position = this.index.findAt(text, start, end);
    return position < 0 ? undefined : this.chainAt(position);
  }

  /** The chain called `name`. */
  find(name: string): StoredChain | undefined {
    const position = this.index.find(name);
    return position < 0 ? undefined : this.chainAt(position);
  }

  /** Adds a chain (the caller has checked it is new). */
  add(chain: StoredChain): void {
    chain.position = this.reserve();
    this.index.add(chain.name, chain.position);
    this.objects[chain.position] = chain;
  }

  /**
   * Adds a declared user chain named `store.text[start, end)` with no rules yet, as numbers only,
   * right after a {@link positionAt} of that name missed. Returns its position, or -1 when it
   * must be an object (the name is not in the stored text, or other counters).
   */
  addHeaderOnly(
    text: string,
    start: number,
    end: number,
    line: number,
    counters: Counters,
  ): number {
    if (text !== this.store.text || (this.headerCounters ?? counters) !== counters) return -1;
    this.headerCounters = counters;
    const position = this.reserve();
    if (position >= this.nameStart.length) {
      const size = position * 2;
      this.nameStart = grown(this.nameStart, size);
      this.nameEnd = grown(this.nameEnd, size);
      this.lineOf = grown(this.lineOf, size);
      this.firstRule = grown(this.firstRule, size);
      this.runLength = grown(this.runLength, size);
    }
    this.nameStart[position] = start;
    this.nameEnd[position] = end;
    this.lineOf[position] = line;
    this.runLength[position] = 0;
    this.index.addAt(text, start, end, position, this.index.lastHash);
    return position;
  }

  /** Appends a rule by store id to the chain at `position`, making it an object only if needed. */
  pushRule(position: number, id: number): void {
    const made = this.objects[position];
    if (made !== undefined) {
      made.pushRule(id);
      return;
    }
    const run = this.runLength[position] as number;
    if (run === 0) this.firstRule[position] = id;
    else if (id !== (this.firstRule[position] as number) + run) {
      this.chainAt(position).pushRule(id);
      return;
    }
    this.runLength[position] = run + 1;
  }

  /** Removes a chain (`-X`). */
  remove(chain: StoredChain): void {
    const kept = this.chains.filter((c) => c !== chain);
    this.objects.length = 0;
    kept.forEach((c, k) => {
      c.position = k;
      this.objects[k] = c;
    });
    this.count = kept.length;
    this.listed = null;
    this.index.rebuild(kept.map((c) => c.name));
    this.cursor = -1;
  }

  private reserve(): number {
    this.listed = null;
    // A dense slot per chain: stores far past the end (chains made in walk order) would turn the
    // array into a slow dictionary.
    this.objects.push(undefined);
    return this.count++;
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
  return table.madeAt(chain.position) === chain ? chain.position : -1;
}

/** Number of chains in any table, without making chain objects for a stored one. */
export function chainCountOf(table: IptablesTable): number {
  return table instanceof StoredTable ? table.chainCount : table.chains.length;
}

/** The chain at `position` of any table, made only that one for a stored table. */
export function chainAtPosition(table: IptablesTable, position: number): IptablesChain | undefined {
  if (table instanceof StoredTable)
    return position < table.chainCount ? table.chainAt(position) : undefined;
  return table.chains[position];
}
