import type { Chain, ChainOrigin, Rule, Table, TableName } from './types';

/** Built-in chains of each table, in the order iptables-nft lists them. */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

/** The order iptables-nft's save and list walk the tables in. */
export const TABLE_ORDER: readonly TableName[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

interface MutableChain {
  rules: Rule[];
  origin?: ChainOrigin;
}

/** Collects a table's chains while rules are generated, then freezes them in iptables order. */
export class TableBuilder {
  private readonly chains = new Map<string, MutableChain>();

  constructor(readonly name: TableName) {
    for (const chain of BUILTIN_CHAINS[name]) this.chains.set(chain, { rules: [] });
  }

  /** Declares a chain (`:NAME - [0:0]`); declaring it again is harmless. */
  ensure(chain: string, origin?: ChainOrigin): void {
    const existing = this.chains.get(chain);
    if (existing) {
      if (origin) existing.origin = origin;
      return;
    }
    this.chains.set(chain, origin ? { rules: [], origin } : { rules: [] });
  }

  /** Appends rules (`-A chain …`), declaring the chain if needed. */
  append(chain: string, ...rules: Rule[]): void {
    this.ensure(chain);
    this.chains.get(chain)?.rules.push(...rules);
  }

  /** Built-in chains in hook order with policy ACCEPT, then user chains sorted as strcmp does. */
  build(): Table {
    const builtins = BUILTIN_CHAINS[this.name];
    const chains: Chain[] = builtins.map((name) => ({
      name,
      policy: 'ACCEPT',
      rules: this.chains.get(name)?.rules ?? [],
    }));
    const user = [...this.chains.keys()].filter((n) => !builtins.includes(n)).sort(compareBytes);
    for (const name of user) {
      const c = this.chains.get(name);
      if (!c) continue;
      chains.push(c.origin ? { name, rules: c.rules, origin: c.origin } : { name, rules: c.rules });
    }
    return { name: this.name, chains };
  }
}

/** strcmp order (chain names are ASCII, so UTF-16 code units compare like bytes). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
