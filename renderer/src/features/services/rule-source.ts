import type { IptablesRuleset } from '../../../../shared/parsers/iptables';

/** One rule as the host printed it, with where it sits. */
export interface RuleLine {
  chain: string;
  /** 1-based position in its chain. */
  index: number;
  /** 1-based line in the listing. */
  line: number;
  raw: string;
}

/** The nat rules of one host, looked up by chain, for the path view. */
export interface RuleSource {
  /** The chain's rules in order; undefined when the listing has no such chain. */
  chain(name: string): readonly RuleLine[] | undefined;
  /** Every chain name of the nat table, in listing order. */
  chainNames(): readonly string[];
  /** True when chains hold only some of their rules (a reply's cited lines): no counting. */
  isPartial?: boolean;
}

/** A {@link RuleSource} over a parsed `iptables-save` (its nat table). */
export function ruleSourceFromRuleset(ruleset: IptablesRuleset): RuleSource {
  const nat = ruleset.tables.find((t) => t.name === 'nat');
  const chains = new Map<string, RuleLine[]>();
  for (const chain of nat?.chains ?? []) {
    chains.set(
      chain.name,
      chain.rules.map((r) => ({ chain: chain.name, index: r.index, line: r.line, raw: r.raw })),
    );
  }
  return { chain: (name) => chains.get(name), chainNames: () => [...chains.keys()] };
}

/** A {@link RuleSource} over raw rule lines per chain (as a backend reply may carry them). */
export function ruleSourceFromChains(
  chains: Readonly<Record<string, readonly string[]>>,
): RuleSource {
  const map = new Map<string, RuleLine[]>();
  let line = 0;
  for (const [name, raws] of Object.entries(chains)) {
    map.set(
      name,
      raws.map((raw, i) => ({ chain: name, index: i + 1, line: ++line, raw })),
    );
  }
  return { chain: (name) => map.get(name), chainNames: () => [...map.keys()] };
}

/** A printed line the backend cites (`CitedLine` of the kube-proxy contract). */
export interface PrintedLine {
  source: string;
  line: number;
  text: string;
}

/**
 * A {@link RuleSource} over the iptables lines a backend reply cites (iptables-save form): each
 * line's chain is read from its `-A CHAIN`, rules are ordered by line number, and a chain holds
 * only the rules that were cited — `isPartial` says so.
 */
export function ruleSourceFromCited(lines: readonly PrintedLine[]): RuleSource & {
  isPartial: true;
} {
  const byLine = new Map<number, PrintedLine>();
  for (const l of lines) if (l.source === 'iptables') byLine.set(l.line, l);
  const map = new Map<string, RuleLine[]>();
  for (const l of [...byLine.values()].sort((a, b) => a.line - b.line)) {
    const chain = /^-A\s+(\S+)/.exec(l.text)?.[1];
    if (chain === undefined) continue;
    const rules = map.get(chain) ?? [];
    rules.push({ chain, index: rules.length + 1, line: l.line, raw: l.text });
    map.set(chain, rules);
  }
  return { chain: (name) => map.get(name), chainNames: () => [...map.keys()], isPartial: true };
}
