import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIptables } from './parse-iptables';
import type { IptablesChain, IptablesRuleset } from './types';

function chainOf(ruleset: IptablesRuleset, table: string, name: string): IptablesChain {
  const chain = ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === name);
  if (chain === undefined) throw new Error(`no ${table} ${name}`);
  return chain;
}

function ruleOf(ruleset: IptablesRuleset, table: string, chain: string, index: number) {
  const rule = chainOf(ruleset, table, chain).rules[index - 1];
  if (rule === undefined) throw new Error(`no rule ${index} in ${chain}`);
  return JSON.parse(JSON.stringify(rule)) as Record<string, unknown>;
}

describeWithFixtures('iptables save/restore/-S over the fixture kit', (kit) => {
  const read = (name: string) => parseIptables(kit.read(`iptables/${name}`));

  it("reads kube-proxy's own restore input (6 Services)", () => {
    const { value, warnings } = read('kubeproxy-restore-overall-6svc.txt');
    expect(warnings).toEqual([]);
    expect(value.format).toBe('restore');
    expect(value.tables.map((t) => [t.name, t.isInferred])).toEqual([
      ['filter', false],
      ['nat', false],
    ]);
    const nat = chainOf(value, 'nat', 'KUBE-SERVICES');
    expect(nat).toMatchObject({ isDeclared: true, policy: null, isBuiltin: false, line: 21 });
    expect(nat.counters).toEqual({ packets: 0, bytes: 0, isApproximate: false });
    expect(ruleOf(value, 'nat', 'KUBE-SERVICES', 1)).toMatchObject({
      chain: 'KUBE-SERVICES',
      index: 1,
      line: 46,
      protocol: { isNegated: false, name: 'tcp' },
      destination: { isNegated: false, address: '172.30.0.41' },
      matches: [
        { kind: 'comment', text: 'ns1/svc1:p80 cluster IP' },
        {
          kind: 'ports',
          module: 'tcp',
          dport: { isNegated: false, ranges: [{ from: 80, to: 80 }] },
        },
      ],
      target: { kind: 'jump', chain: 'KUBE-SVC-XPGD46QRK7WJZT7O' },
    });
    expect(ruleOf(value, 'nat', 'KUBE-SVC-4SW47YFZTEDKD3PK', 2).matches).toContainEqual({
      kind: 'statistic',
      module: 'statistic',
      isNegated: false,
      mode: 'random',
      probability: 0.5,
      every: null,
      packet: null,
    });
    expect(ruleOf(value, 'nat', 'KUBE-SVC-NUKIZ6OKUXPJNT4C', 2).matches).toContainEqual(
      expect.objectContaining({
        kind: 'recent',
        name: 'KUBE-SEP-I77PXRDZVX7PMWMN',
        action: 'rcheck',
        seconds: 10800,
        isReap: true,
      }),
    );
    expect(ruleOf(value, 'nat', 'KUBE-MARK-MASQ', 1).target).toMatchObject({
      kind: 'mark',
      op: 'or-mark',
      value: 0x4000,
      mask: null,
    });
    expect(ruleOf(value, 'nat', 'KUBE-POSTROUTING', 1)).toMatchObject({
      matches: [{ kind: 'mark', isNegated: true, value: 0x4000, mask: 0x4000 }],
      target: { kind: 'verdict', verdict: 'RETURN' },
    });
    expect(ruleOf(value, 'nat', 'KUBE-POSTROUTING', 2).target).toMatchObject({ op: 'xor-mark' });
    expect(ruleOf(value, 'nat', 'KUBE-SEP-SXIVWICOYRO3J4NJ', 2).target).toMatchObject({
      kind: 'dnat',
      toDestination: '10.180.0.1:80',
      ip: '10.180.0.1',
      port: 80,
    });
    // A rule with no target at all: the KUBE-FW chain's comment-only tail.
    expect(ruleOf(value, 'nat', 'KUBE-FW-NUKIZ6OKUXPJNT4C', 2).target).toBeNull();
    expect(ruleOf(value, 'filter', 'KUBE-FIREWALL', 1)).toMatchObject({
      source: { isNegated: true, address: '127.0.0.0/8' },
      destination: { isNegated: false, address: '127.0.0.0/8' },
      matches: [
        { kind: 'comment', text: 'block incoming localnet connections' },
        { kind: 'conntrack', isNegated: true, states: ['RELATED', 'ESTABLISHED', 'DNAT'] },
      ],
      target: { kind: 'verdict', verdict: 'DROP' },
    });
    // A module the model does not know is kept, not warned about.
    expect(ruleOf(value, 'filter', 'KUBE-FORWARD', 1).matches).toContainEqual({
      kind: 'generic',
      module: 'nfacct',
      args: ['--nfacct-name', 'ct_state_invalid_dropped_pkts'],
    });
    expect(ruleOf(value, 'filter', 'KUBE-EXTERNAL-SERVICES', 3).matches).toContainEqual(
      expect.objectContaining({
        kind: 'addrtype',
        dstType: { isNegated: false, types: ['LOCAL'] },
      }),
    );
    expect(ruleOf(value, 'filter', 'KUBE-SERVICES', 1).target).toEqual({
      kind: 'reject',
      rejectWith: null,
    });
  });

  it('reads the GENERATED iptables-save dump (real iptables-save v1.8.9 rendering)', () => {
    const { value, warnings } = read('GENERATED-kubeproxy-large-425svcports-iptables-save.txt');
    expect(warnings).toEqual([]);
    expect(value.format).toBe('save');
    const input = chainOf(value, 'filter', 'INPUT');
    expect(input).toMatchObject({ policy: 'ACCEPT', isBuiltin: true, line: 3 });
    expect(input.counters).toEqual({ packets: 0, bytes: 0, isApproximate: false });
    expect(chainOf(value, 'nat', 'POSTROUTING').policy).toBe('ACCEPT');
    const rules = value.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
    expect(rules.length).toBe(4604); // grep -c '^-A'
    expect(rules.every((r) => r.problem === null)).toBe(true);
    const reject = ruleOf(value, 'filter', 'KUBE-SERVICES', 1);
    expect(reject).toMatchObject({
      destination: { address: '10.103.125.47/32' },
      target: { kind: 'reject', rejectWith: 'icmp-port-unreachable' },
    });
    const affinity = ruleOf(value, 'nat', 'KUBE-SVC-6FDNVNNGK3QLBYGZ', 2).matches as unknown[];
    expect(affinity).toContainEqual(
      expect.objectContaining({
        kind: 'recent',
        action: 'rcheck',
        mask: '255.255.255.255',
        side: 'source',
      }),
    );
    const ladder = ruleOf(value, 'nat', 'KUBE-SVC-6FDNVNNGK3QLBYGZ', 7).matches as unknown[];
    expect(ladder).toContainEqual(
      expect.objectContaining({ kind: 'statistic', probability: 0.33333333349 }),
    );
  });

  it('reads `iptables -S -t nat` of an EKS trunk-ENI node (table inferred)', () => {
    const { value, warnings } = read('eks-vpccni-trunk-S-nat.txt');
    expect(warnings).toEqual([]);
    expect(value.format).toBe('spec');
    expect(value.tables.map((t) => [t.name, t.isInferred])).toEqual([['nat', true]]);
    expect(ruleOf(value, 'nat', 'AWS-SNAT-CHAIN-0', 1)).toMatchObject({
      destination: { address: '172.31.0.0/16' },
      target: { kind: 'verdict', verdict: 'RETURN' },
    });
    expect(ruleOf(value, 'nat', 'AWS-SNAT-CHAIN-0', 2)).toMatchObject({
      outInterface: { isNegated: true, name: 'vlan+', isWildcard: true },
      matches: [
        { kind: 'comment', text: 'AWS, SNAT' },
        { kind: 'addrtype', dstType: { isNegated: true, types: ['LOCAL'] } },
      ],
      target: { kind: 'snat', toSource: '172.31.0.225', isRandomFully: true },
    });
    expect(ruleOf(value, 'nat', 'PREROUTING', 2)).toMatchObject({
      inInterface: { isNegated: false, name: 'eni+', isWildcard: true },
      target: { kind: 'jump', chain: 'AWS-CONNMARK-CHAIN-0' },
    });
    expect(ruleOf(value, 'nat', 'PREROUTING', 3).target).toMatchObject({
      kind: 'connmark',
      op: 'restore-mark',
      args: ['--restore-mark', '--nfmask', '0x80', '--ctmask', '0x80'],
    });
    expect(ruleOf(value, 'nat', 'AWS-CONNMARK-CHAIN-0', 2).target).toMatchObject({
      kind: 'connmark',
      op: 'set-xmark',
      text: '0x80/0x80',
    });
    expect(ruleOf(value, 'nat', 'KUBE-POSTROUTING', 3).target).toMatchObject({
      kind: 'masquerade',
      isRandomFully: true,
    });
  });

  it('reads `iptables -S` (filter) of the same node: policies and the kube-proxy hooks', () => {
    const { value, warnings } = read('eks-vpccni-trunk-S-filter.txt');
    expect(warnings).toEqual([]);
    expect(value.tables[0]?.name).toBe('filter');
    for (const name of ['INPUT', 'FORWARD', 'OUTPUT'])
      expect(chainOf(value, 'filter', name).policy).toBe('ACCEPT');
    const jumps = (name: string) =>
      chainOf(value, 'filter', name).rules.map((r) =>
        r.target?.kind === 'jump' ? r.target.chain : null,
      );
    expect(jumps('INPUT')).toEqual([
      'KUBE-PROXY-FIREWALL',
      'KUBE-NODEPORTS',
      'KUBE-EXTERNAL-SERVICES',
      'KUBE-FIREWALL',
    ]);
    expect(jumps('FORWARD')).toEqual([
      'KUBE-PROXY-FIREWALL',
      'KUBE-FORWARD',
      'KUBE-SERVICES',
      'KUBE-EXTERNAL-SERVICES',
    ]);
    expect(jumps('OUTPUT')).toEqual(['KUBE-PROXY-FIREWALL', 'KUBE-SERVICES', 'KUBE-FIREWALL']);
    const forward = chainOf(value, 'filter', 'KUBE-FORWARD').rules.map(
      (r) => JSON.parse(JSON.stringify(r)) as object,
    );
    expect(forward[0]).toMatchObject({
      matches: [{ kind: 'conntrack', states: ['INVALID'] }],
      target: { verdict: 'DROP' },
    });
    expect(forward[1]).toMatchObject({
      matches: [{}, { kind: 'mark', text: '0x4000/0x4000' }],
      target: { verdict: 'ACCEPT' },
    });
    expect(forward[2]).toMatchObject({
      matches: [{}, { kind: 'conntrack', states: ['RELATED', 'ESTABLISHED'] }],
    });
  });

  it('reads the EKS node dumps: SNAT addresses, and chains declared with no rules', () => {
    const node = read('eks-vpccni-node-S-nat.txt');
    expect(node.warnings).toEqual([]);
    expect(ruleOf(node.value, 'nat', 'AWS-SNAT-CHAIN-0', 2).target).toMatchObject({
      toSource: '172.31.23.106',
    });
    expect(ruleOf(node.value, 'nat', 'AWS-SNAT-CHAIN-0', 1).destination).toMatchObject({
      address: '172.31.0.0/16',
    });
    const n2026 = read('eks-vpccni-node1-S-nat-2026.txt');
    expect(n2026.warnings).toEqual([]);
    expect(ruleOf(n2026.value, 'nat', 'AWS-SNAT-CHAIN-0', 2).target).toMatchObject({
      toSource: '192.168.4.12',
    });
    expect(ruleOf(n2026.value, 'nat', 'AWS-SNAT-CHAIN-0', 1).destination).toMatchObject({
      address: '192.168.0.0/16',
    });
    const empty = chainOf(n2026.value, 'nat', 'KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(empty).toMatchObject({ isDeclared: true, rules: [] });
  });

  it('reads old-style lines grepped out of iptables-save (no table marker)', () => {
    const { value, warnings } = read('k8sdocs-debug-service-iptables-save-grep-hostnames.txt');
    expect(warnings).toEqual([]);
    expect(value.tables.map((t) => t.name)).toEqual(['nat']);
    expect(ruleOf(value, 'nat', 'KUBE-SEP-57KPRZ3JQVENLNBR', 1)).toMatchObject({
      source: { address: '10.244.3.6/32' },
      matches: [{ kind: 'comment', text: 'default/hostnames:' }],
      target: { kind: 'mark', op: 'set-xmark', value: 0x4000, mask: 0x4000 },
    });
    expect(ruleOf(value, 'nat', 'KUBE-SVC-NWV5X2332I4OT4T3', 1).matches).toContainEqual(
      expect.objectContaining({ kind: 'statistic', probability: 0.33332999982 }),
    );
  });

  it('reads Calico chains: two comments on one rule, -m ipvs, multiport and marks', () => {
    const { value, warnings } = read('calico-on-eks-vpccni-pr34-iptables-save-cali-excerpt.txt');
    expect(warnings).toEqual([]);
    expect(ruleOf(value, 'filter', 'cali-INPUT', 2).matches).toEqual([
      { kind: 'comment', module: 'comment', text: 'cali:ttp8-serzKCP-bKZ' },
      { kind: 'comment', module: 'comment', text: 'Host endpoint policy accepted packet.' },
      {
        kind: 'mark',
        module: 'mark',
        isNegated: false,
        text: '0x1000000/0x1000000',
        value: 0x1000000,
        mask: 0x1000000,
      },
    ]);
    expect(ruleOf(value, 'filter', 'cali-OUTPUT', 2)).toMatchObject({
      outInterface: { name: 'cali+', isWildcard: true },
      matches: [{}, { kind: 'ipvs', isNegated: false }],
      target: { kind: 'jump', chain: 'cali-to-wl-dispatch' },
    });
    expect(ruleOf(value, 'filter', 'cali-OUTPUT', 4).target).toMatchObject({
      kind: 'mark',
      value: 0,
      mask: 0xf000000,
    });
    const failsafe = chainOf(value, 'filter', 'cali-failsafe-in').rules.map((r) => {
      const ports = r.matches.find((m) => m.kind === 'ports');
      return `${r.protocol?.name}/${ports?.kind === 'ports' ? ports.dport?.text : ''}`;
    });
    expect(failsafe).toEqual(['tcp/22', 'udp/68', 'tcp/179', 'tcp/2379']);
  });
});
