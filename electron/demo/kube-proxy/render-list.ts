/**
 * `iptables [-t table] -L [chain [rulenum]] [-n] [-v] [-x] [--line-numbers]` in iptables-nft
 * 1.8.9's layout: the printf widths of `print_header`/`print_firewall` and
 * `xtables_print_num`, byte for byte (checked against the real tool in test/lab).
 */
import { findChain, getTable } from './build-ruleset';
import type { CounterStore } from './counters';
import {
  addressCell,
  extraText,
  protocolCell,
  targetName,
  type ResolveAddress,
} from './list-cells';
import type { Chain, Rule, Ruleset, Table, TableName } from './types';

/** What `-L` was asked for. */
export interface ListOptions {
  table: TableName;
  /** One chain; all chains when absent. The chain must exist (see `findChain`). */
  chain?: string;
  /** 1-based rule number: print that rule's row only, without headers, as iptables does. */
  ruleNumber?: number;
  /** `-v`: counters and interfaces. */
  verbose?: boolean;
  /** `-n`: no name resolution. */
  numeric?: boolean;
  /** `-x`: exact counters instead of K/M/G. */
  exact?: boolean;
  /** `--line-numbers`. */
  lineNumbers?: boolean;
  /** Reverse lookup used without `-n`; addresses print numerically when it returns undefined. */
  resolveAddress?: ResolveAddress;
}

/**
 * A counter as `xtables_print_num` prints it: `%8llu` with `-x`, else `%5llu` up to 99999 and
 * then rounded thousands with K, M, G, T (`(n + 500) / 1000` per step, `%4llu` + unit).
 */
export function formatCount(n: number, exact: boolean): string {
  if (exact) return `${String(n).padStart(8)} `;
  if (n <= 99999) return `${String(n).padStart(5)} `;
  let value = n;
  for (const unit of ['K', 'M', 'G']) {
    value = Math.floor((value + 500) / 1000);
    if (value <= 9999) return `${String(value).padStart(4)}${unit} `;
  }
  value = Math.floor((value + 500) / 1000);
  return `${String(value).padStart(4)}T `;
}

/** The same number in a chain header, where iptables prints it without padding (FMT_NOTABLE). */
export function formatHeaderCount(n: number, exact: boolean): string {
  return formatCount(n, exact).trimStart();
}

/** How many rules of the table jump to the chain (the `(N references)` of a user chain). */
export function referenceCount(table: Table, chain: string): number {
  let n = 0;
  for (const c of table.chains) {
    for (const r of c.rules) if (r.target?.kind === 'jump' && r.target.chain === chain) n += 1;
  }
  return n;
}

function chainHeader(table: Table, chain: Chain, counters: CounterStore, o: ListOptions): string {
  if (chain.policy === undefined)
    return `Chain ${chain.name} (${referenceCount(table, chain.name)} references)`;
  if (!o.verbose) return `Chain ${chain.name} (policy ${chain.policy})`;
  const c = counters.get(table.name, chain.name, 'policy');
  const exact = o.exact ?? false;
  return (
    `Chain ${chain.name} (policy ${chain.policy} ${formatHeaderCount(c.packets, exact)}packets, ` +
    `${formatHeaderCount(c.bytes, exact)}bytes)`
  );
}

function columnHeader(o: ListOptions): string {
  let s = o.lineNumbers ? 'num  ' : '';
  if (o.verbose) s += o.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += `${'target'.padEnd(9)}  prot opt`;
  if (o.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  return `${s} ${'source'.padEnd(19)}  ${'destination'.padEnd(19)} `;
}

function ruleRow(
  table: Table,
  chain: Chain,
  index: number,
  rule: Rule,
  counters: CounterStore,
  o: ListOptions,
): string {
  const style = {
    numeric: o.numeric ?? false,
    ...(o.resolveAddress ? { resolveAddress: o.resolveAddress } : {}),
  };
  let s = o.lineNumbers ? `${String(index + 1).padEnd(4)} ` : '';
  if (o.verbose) {
    const c = counters.get(table.name, chain.name, index);
    s += formatCount(c.packets, o.exact ?? false) + formatCount(c.bytes, o.exact ?? false);
  }
  s += `${targetName(rule.target).padEnd(9)}  ${protocolCell(rule.protocol, style).padEnd(5)}-- `;
  if (o.verbose) {
    const any = style.numeric ? '*' : 'any';
    const iface = (m: Rule['inInterface']): string => (m ? `${m.negate ? '!' : ''}${m.name}` : any);
    s += ` ${iface(rule.inInterface).padEnd(6)} ${iface(rule.outInterface).padEnd(6)} `;
  }
  s += `${rule.source?.negate ? '!' : ' '}${addressCell(rule.source, style).padEnd(19)} `;
  s += `${rule.destination?.negate ? '!' : ' '}${addressCell(rule.destination, style).padEnd(19)} `;
  return s + extraText(rule, style);
}

function chainBlock(table: Table, chain: Chain, counters: CounterStore, o: ListOptions): string {
  const lines = [chainHeader(table, chain, counters, o), columnHeader(o)];
  chain.rules.forEach((r, i) => lines.push(ruleRow(table, chain, i, r, counters, o)));
  return `${lines.join('\n')}\n`;
}

/**
 * Renders `iptables -L`. Throws a RangeError for a chain the table lacks; the argv front end
 * turns that into iptables' own message first.
 */
export function renderIptablesList(
  ruleset: Ruleset,
  counters: CounterStore,
  o: ListOptions,
): string {
  const table = getTable(ruleset, o.table);
  if (o.chain === undefined)
    return table.chains.map((c) => chainBlock(table, c, counters, o)).join('\n');
  const chain = findChain(table, o.chain);
  if (!chain) throw new RangeError(`no chain ${o.chain} in table ${o.table}`);
  if (o.ruleNumber === undefined) return chainBlock(table, chain, counters, o);
  const r = chain.rules[o.ruleNumber - 1];
  return r ? `${ruleRow(table, chain, o.ruleNumber - 1, r, counters, o)}\n` : '';
}
