import { RuleStore } from './rule-store';
import { StoredChain, StoredTable } from './stored-table';
import type { Counters } from './types';

/** Builtin chains per table; a table is inferred from which of them a listing shows. */
export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const ALL_BUILTINS = new Set(Object.values(BUILTIN_CHAINS).flat());
const MAX_BUILTIN_LENGTH = Math.max(...[...ALL_BUILTINS].map((name) => name.length));

/**
 * Accumulates tables and chains while a parser walks a listing. Rules go into one
 * {@link RuleStore} as offsets; chains are found by a hash of their name read in place, and the
 * chain of the previous rule is checked first, so a 400k-line dump costs one comparison per rule.
 */
export class RulesetBuilder {
  readonly store: RuleStore;
  private readonly tables: StoredTable[] = [];
  private current: StoredTable | null = null;
  /** Position (in the current table) and name of the previous rule's chain, or -1. */
  private lastPosition = -1;
  private lastName = '';

  constructor(text: string) {
    this.store = new RuleStore(text);
  }

  /** Starts (or returns to) the table named in a `*table` line. */
  startTable(name: string): void {
    const found = this.tables.find((t) => t.name === name && !t.isInferred);
    this.current = found ?? this.push(name, false);
    this.lastPosition = -1;
  }

  /** Starts a fresh table whose name will be inferred (a second `-S`/`-L` listing). */
  startImplicitTable(): void {
    this.current = this.push('', true);
    this.lastPosition = -1;
  }

  /** Ends the current `*table` block (`COMMIT`). */
  endTable(): void {
    this.current = null;
    this.lastPosition = -1;
  }

  /**
   * Whether a header for `name` starts another listing pasted after the current one: the chain
   * was already declared, or it is builtin while user chains were already listed (`-L` and `-S`
   * print builtin chains first).
   */
  isNextListing(name: string): boolean {
    const table = this.current;
    if (table === null || !table.isInferred) return false;
    if (table.find(name)?.isDeclared === true) return true;
    return ALL_BUILTINS.has(name) && table.chains.some((c) => c.isDeclared && !c.isBuiltin);
  }

  /** True when the current table is an implicit one (no `*table` line seen for it). */
  isImplicit(): boolean {
    return this.current === null || this.current.isInferred;
  }

  /** Declares a chain from a header; the first declaration's line is kept. */
  declare(
    name: string,
    line: number,
    policy: string | null,
    counters: Counters | null,
  ): StoredChain {
    const chain = this.current?.find(name) ?? this.create(name, line);
    if (!chain.isDeclared) chain.line = line;
    chain.isDeclared = true;
    if (policy !== null) {
      chain.policy = policy === '-' ? null : policy;
      chain.isBuiltin = policy !== '-';
    }
    if (counters !== null) chain.counters = counters;
    return chain;
  }

  /**
   * Declares the user chain named `text[start, end)` (policy `-`, counters `[0:0]`): a new one
   * is kept as numbers until asked for (see {@link StoredTable}), an existing one is updated.
   */
  declareAt(text: string, start: number, end: number, line: number, counters: Counters): void {
    const table = this.current ?? this.push('', true);
    this.current = table;
    const position = table.positionAt(text, start, end);
    if (position < 0 && table.addHeaderOnly(text, start, end, line, counters) >= 0) return;
    const made = position < 0 ? undefined : table.madeAt(position);
    // A chain still kept as numbers was declared just so: nothing to change.
    if (position >= 0 && made === undefined) return;
    const chain = made ?? this.create(text.slice(start, end), line);
    if (!chain.isDeclared) chain.line = line;
    chain.isDeclared = true;
    chain.policy = null;
    chain.isBuiltin = false;
    chain.counters = counters;
  }

  /**
   * Position in the current table of the chain named `text[start, end)`, created (undeclared)
   * on first use.
   */
  chainAt(text: string, start: number, end: number, line: number): number {
    // Most rules name the previous rule's chain: compare with its name (the last character
    // first, where kube-proxy's hashed names differ, before a native comparison).
    if (this.lastPosition >= 0) {
      const name = this.lastName;
      const len = end - start;
      if (
        name.length === len &&
        len > 0 &&
        name.charCodeAt(len - 1) === text.charCodeAt(end - 1) &&
        text.startsWith(name, start)
      )
        return this.lastPosition;
    }
    const table = this.current ?? this.push('', true);
    this.current = table;
    let position = table.positionAt(text, start, end);
    if (position < 0) position = this.create(text.slice(start, end), line).position;
    this.lastPosition = position;
    // Sliced once per chain, not per rule (short-lived: the chain keeps no reference to it).
    this.lastName = table.madeAt(position)?.name ?? text.slice(start, end);
    return position;
  }

  /** A new chain in the current table (the caller has checked there is none of that name). */
  private create(name: string, line: number): StoredChain {
    const table = this.current ?? this.push('', true);
    this.current = table;
    const isBuiltin = name.length <= MAX_BUILTIN_LENGTH && ALL_BUILTINS.has(name);
    const chain = new StoredChain(name, line, isBuiltin, this.store);
    table.add(chain);
    return chain;
  }

  /**
   * Appends a stored rule to the chain at `chainPosition` of the current table, or inserts it at
   * 1-based `at` (`-I`).
   */
  addRule(chainPosition: number, id: number, at?: number): void {
    const table = this.current;
    if (table === null) return;
    if (at === undefined) table.pushRule(chainPosition, id);
    else table.chainAt(chainPosition).insertRule(at - 1, id);
  }

  /** `-F [chain]`: removes rules. */
  flush(name: string | null): void {
    for (const chain of this.current?.chains ?? []) {
      if (name !== null && chain.name !== name) continue;
      chain.clearRules();
    }
  }

  /** `-X chain`: deletes a user chain. */
  deleteChain(name: string): void {
    const chain = this.current?.find(name);
    if (chain === undefined || this.current === null) return;
    this.current.remove(chain);
    this.lastPosition = -1;
  }

  /** The finished tables, with inferred names filled in. */
  finish(tableHint: string | undefined): StoredTable[] {
    const out: StoredTable[] = [];
    for (const table of this.tables) {
      if (table.isInferred) table.name = tableHint ?? inferTable(table);
      if (table.chainCount > 0 || !table.isInferred) out.push(table);
    }
    return out;
  }

  private push(name: string, isInferred: boolean): StoredTable {
    const table = new StoredTable(name, isInferred, this.store);
    this.tables.push(table);
    return table;
  }
}

/** Guesses which table a listing without `*table` came from, by builtin chains and targets. */
export function inferTable(table: StoredTable): string {
  const builtins = new Set(table.chains.filter((c) => c.isBuiltin).map((c) => c.name));
  const has = (n: string): boolean => builtins.has(n);
  if (has('FORWARD') && (has('PREROUTING') || has('POSTROUTING'))) return 'mangle';
  if (has('POSTROUTING') || (has('PREROUTING') && has('INPUT'))) return 'nat';
  if (has('PREROUTING')) return has('OUTPUT') && !hasNatTarget(table) ? 'raw' : 'nat';
  if (has('FORWARD') || has('INPUT')) return 'filter';
  if (hasNatTarget(table)) return 'nat';
  return 'filter';
}

const NAT_CHAIN = /^KUBE-(SVC|SEP|EXT|FW|SVL|MARK-MASQ|POSTROUTING)(-|$)/;
// NAT targets, or jumps to kube-proxy's nat-only chains, in save/-S text (` -j X`) or as the
// target column of an -L row (after the optional num/pkts/bytes columns).
const NAT_TARGET =
  '(DNAT|SNAT|MASQUERADE|REDIRECT|KUBE-(?:SVC|SEP|EXT|FW|SVL|XLB|MARK-MASQ)(?:-\\S*)?)';
const NAT_RULE = new RegExp(` -[jg] ${NAT_TARGET}( |$)|^[\\s\\dKMGT]*${NAT_TARGET}\\s`);

/** Whether chain names or (the first few thousand) rules show NAT work. */
function hasNatTarget(table: StoredTable): boolean {
  if (table.chains.some((c) => NAT_CHAIN.test(c.name))) return true;
  let budget = 2000;
  for (const chain of table.chains) {
    for (let i = 0; i < chain.ruleCount; i++) {
      const id = chain.ruleId(i);
      if (--budget < 0) return false;
      if (NAT_RULE.test(table.store.rawOf(id))) return true;
    }
  }
  return false;
}
