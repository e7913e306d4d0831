import type { RuleStore } from './rule-store';
import type { Counters, IptablesChain, IptablesRule } from './types';

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

  /** Sets the rules to the run of store ids `first … first + runLength - 1`. */
  setRun(first: number, runLength: number): void {
    this.ids = null;
    this.first = runLength === 0 ? -1 : first;
    this.runLength = runLength;
    this.cached = null;
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
