import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { buildRuleset } from './build-ruleset';
import { CounterStore } from './counters';
import { formatCount, formatHeaderCount, referenceCount, renderIptablesList } from './render-list';
import type { Ruleset } from './types';

describe('formatCount (xtables_print_num)', () => {
  it('pads to 5 up to 99999, then rounds to K, M, G, T with (n + 500) / 1000 per step', () => {
    // Each value was checked against the real iptables 1.8.9 (restored with -c, then -L -v).
    const cases: [number, string][] = [
      [0, '    0 '],
      [99999, '99999 '],
      [100000, ' 100K '],
      [123456, ' 123K '],
      [535000, ' 535K '],
      [648499, ' 648K '],
      [9999499, '9999K '],
      [9999500, '  10M '],
      [98765432, '  99M '],
      [1000000, '1000K '],
      [10000000000, '  10G '],
      [1234567890123, '1235G '],
      [12345678901234, '  12T '],
      [99999999999999, ' 100T '],
    ];
    for (const [n, text] of cases) expect(formatCount(n, false)).toBe(text);
  });

  it('prints %8llu with -x, and unpadded numbers in chain headers', () => {
    expect(formatCount(180, true)).toBe('     180 ');
    expect(formatCount(10000000000, true)).toBe('10000000000 ');
    expect(formatHeaderCount(2446, false)).toBe('2446 ');
    expect(formatHeaderCount(535123, false)).toBe('535K ');
  });
});

describeWithFixtures('chain headers', (kit) => {
  const ruleset: Ruleset = buildRuleset({
    node: { name: 'n', primaryIP: '10.0.0.1', vpcCIDRs: [], isAwsVpcCni: false },
    servicePorts: [],
  });

  it('prints policy counters as filter-L-n-v-flannel-kubeadm.txt shows them', () => {
    const counters = new CounterStore();
    counters.set('filter', 'INPUT', 'policy', { packets: 2446, bytes: 535123 });
    counters.set('filter', 'OUTPUT', 'policy', { packets: 2419, bytes: 648111 });
    const out = renderIptablesList(ruleset, counters, {
      table: 'filter',
      numeric: true,
      verbose: true,
    });
    const fixture = kit.read('iptables/filter-L-n-v-flannel-kubeadm.txt').split('\n');
    const headers = out
      .split('\n')
      .filter((l) => l.startsWith('Chain INPUT') || l.startsWith('Chain OUTPUT'));
    expect(headers).toEqual(
      fixture.filter((l) => l.startsWith('Chain INPUT') || l.startsWith('Chain OUTPUT')),
    );
    // The column header line is the same in legacy and nf_tables iptables.
    expect(out.split('\n')[1]).toBe(fixture[1]);
  });

  it('counts references from every jump in the table', () => {
    const table = ruleset.tables.find((t) => t.name === 'filter');
    if (!table) throw new Error('no filter table');
    expect(referenceCount(table, 'KUBE-PROXY-FIREWALL')).toBe(3);
    expect(referenceCount(table, 'KUBE-FIREWALL')).toBe(2);
    expect(referenceCount(table, 'KUBE-KUBELET-CANARY')).toBe(0);
  });

  it('lists a single rule without headers, and nothing past the end', () => {
    const counters = new CounterStore();
    const one = renderIptablesList(ruleset, counters, {
      table: 'nat',
      chain: 'POSTROUTING',
      ruleNumber: 1,
      numeric: true,
    });
    expect(one).toBe(
      'KUBE-POSTROUTING  0    --  0.0.0.0/0            0.0.0.0/0            /* kubernetes postrouting rules */\n',
    );
    expect(
      renderIptablesList(ruleset, counters, { table: 'nat', chain: 'POSTROUTING', ruleNumber: 2 }),
    ).toBe('');
  });
});
