import { describe, expect, it } from 'vitest';
import { ruleSourceFromChains, ruleSourceFromCited } from './rule-source';

describe('ruleSourceFromCited', () => {
  it('groups cited iptables lines by their -A chain, in line order, ignoring IPVS lines', () => {
    const source = ruleSourceFromCited([
      { source: 'iptables', line: 40, text: '-A KUBE-SEP-B -j DNAT --to-destination 10.0.0.2:80' },
      {
        source: 'iptables',
        line: 12,
        text: '-A KUBE-SVC-X -m statistic --mode random --probability 0.5 -j KUBE-SEP-A',
      },
      { source: 'iptables', line: 13, text: '-A KUBE-SVC-X -j KUBE-SEP-B' },
      { source: 'ipvs', line: 4, text: 'TCP  10.0.0.1:80 rr' },
      { source: 'iptables', line: 13, text: '-A KUBE-SVC-X -j KUBE-SEP-B' },
    ]);
    expect(source.chainNames()).toEqual(['KUBE-SVC-X', 'KUBE-SEP-B']);
    expect(source.chain('KUBE-SVC-X')?.map((r) => [r.index, r.line])).toEqual([
      [1, 12],
      [2, 13],
    ]);
    expect(source.chain('KUBE-SEP-A')).toBeUndefined();
  });
});

describe('ruleSourceFromChains', () => {
  it('numbers rules per chain', () => {
    const source = ruleSourceFromChains({ A: ['-A A -j B', '-A A -j C'] });
    expect(source.chain('A')?.map((r) => r.index)).toEqual([1, 2]);
  });
});
