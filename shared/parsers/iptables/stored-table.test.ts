import { describe, expect, it } from 'vitest';
import { parseIptables } from './parse-iptables';
import { chainCountOf, findChain } from './stored-table';
import type { IptablesRuleset } from './types';

/** Each chain as `name: raw rule lines`, read through the public shape. */
function layout(ruleset: IptablesRuleset): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of ruleset.tables)
    for (const chain of table.chains)
      out[`${table.name}/${chain.name}`] = chain.rules.map((r) => `${r.index}@${r.line} ${r.raw}`);
  return out;
}

// Chains declared by `:NAME - [0:0]` are kept as numbers until asked for; these inputs make
// them change after the header (rules out of order, -I, -F, -X, a second header) so that
// every path that turns them into objects runs.
const TEXT = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':KUBE-A - [0:0]',
  ':KUBE-B - [0:0]',
  ':KUBE-C - [0:0]',
  ':KUBE-D - [0:0]',
  '-A PREROUTING -j KUBE-A',
  '-A KUBE-A -j KUBE-B',
  '-A KUBE-B -j RETURN',
  '-A KUBE-A -j KUBE-C',
  '-I KUBE-C -j ACCEPT',
  '-I KUBE-C 1 -j DROP',
  '-A KUBE-D -j ACCEPT',
  ':KUBE-B - [0:0]',
  '-X KUBE-D',
  '-A KUBE-B -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

describe('chains kept as numbers until asked for', () => {
  it('read the same as chains made at once, whatever happens after their header', () => {
    const ruleset = parseIptables(TEXT).value;
    const nat = ruleset.tables[0];
    if (nat === undefined) throw new Error('no nat table');
    expect(chainCountOf(nat)).toBe(4);
    expect(findChain(nat, 'KUBE-D')).toBeUndefined();
    expect(layout(ruleset)).toEqual({
      'nat/PREROUTING': ['1@7 -A PREROUTING -j KUBE-A'],
      'nat/KUBE-A': ['1@8 -A KUBE-A -j KUBE-B', '2@10 -A KUBE-A -j KUBE-C'],
      'nat/KUBE-B': ['1@9 -A KUBE-B -j RETURN', '2@16 -A KUBE-B -j ACCEPT'],
      'nat/KUBE-C': ['1@12 -I KUBE-C 1 -j DROP', '2@11 -I KUBE-C -j ACCEPT'],
    });
    const b = findChain(nat, 'KUBE-B');
    expect({ ...b, rules: undefined }).toMatchObject({
      name: 'KUBE-B',
      policy: null,
      counters: { packets: 0, bytes: 0 },
      isBuiltin: false,
      isDeclared: true,
      line: 4,
    });
  });

  it('are found by name before the chain list is read, and are the same objects in it', () => {
    const nat = parseIptables(TEXT).value.tables[0];
    if (nat === undefined) throw new Error('no nat table');
    const c = findChain(nat, 'KUBE-C');
    expect(c?.rules.map((r) => r.target)).toEqual([
      { kind: 'verdict', verdict: 'DROP' },
      { kind: 'verdict', verdict: 'ACCEPT' },
    ]);
    expect(nat.chains[3]).toBe(c);
    expect(nat.chains.map((chain) => chain.name)).toEqual([
      'PREROUTING',
      'KUBE-A',
      'KUBE-B',
      'KUBE-C',
    ]);
  });
});
