import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIptables } from './parse-iptables';
import type { IptablesChain, IptablesRule, IptablesRuleset } from './types';

function chainOf(ruleset: IptablesRuleset, name: string, table?: string): IptablesChain {
  const chain = ruleset.tables
    .filter((t) => table === undefined || t.name === table)
    .flatMap((t) => t.chains)
    .find((c) => c.name === name);
  if (chain === undefined) throw new Error(`no chain ${name}`);
  return chain;
}

function rule(ruleset: IptablesRuleset, chain: string, index: number): IptablesRule {
  const found = chainOf(ruleset, chain).rules[index - 1];
  if (found === undefined) throw new Error(`no rule ${index} in ${chain}`);
  return found;
}

describeWithFixtures('iptables -L over the fixture kit', (kit) => {
  const read = (name: string) => parseIptables(kit.read(`iptables/${name}`));

  it('reads `iptables -t nat -L -n -v` of a kubeadm + flannel node', () => {
    const { value, warnings } = read('nat-L-n-v-flannel-kubeadm.txt');
    expect(warnings).toEqual([]);
    expect(value.format).toBe('list');
    expect(value.tables.map((t) => [t.name, t.isInferred])).toEqual([['nat', true]]);
    expect(chainOf(value, 'OUTPUT')).toMatchObject({
      policy: 'ACCEPT',
      isBuiltin: true,
      counters: { packets: 10, bytes: 600, isApproximate: false },
    });
    expect(chainOf(value, 'KUBE-MARK-MASQ').references).toBe(11);
    const nodePorts = rule(value, 'KUBE-SERVICES', 9);
    expect(nodePorts).toMatchObject({
      counters: { packets: 6, bytes: 360 },
      target: { kind: 'jump', chain: 'KUBE-NODEPORTS' },
      matches: [
        {
          kind: 'comment',
          text: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
        },
        { kind: 'addrtype', dstType: { isNegated: false, types: ['LOCAL'] } },
      ],
      extra:
        '/* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL',
    });
    expect(rule(value, 'KUBE-SERVICES', 1)).toMatchObject({
      protocol: { name: 'tcp' },
      source: { isNegated: true, address: '10.244.0.0/16' },
      destination: { isNegated: false, address: '10.96.0.10' },
      matches: [
        { kind: 'comment', text: 'kube-system/kube-dns:dns-tcp cluster IP' },
        { kind: 'ports', module: 'tcp', dport: { ranges: [{ from: 53, to: 53 }] } },
      ],
    });
    expect(rule(value, 'KUBE-SEP-WZIMOURZMGKYESDR', 2).target).toMatchObject({
      kind: 'dnat',
      toDestination: '10.244.1.3:80',
      ip: '10.244.1.3',
      port: 80,
    });
    expect(rule(value, 'KUBE-SVC-TCOU7JCQXEZGVUNU', 1).matches).toContainEqual(
      expect.objectContaining({ kind: 'statistic', mode: 'random', probability: 0.5 }),
    );
    expect(rule(value, 'KUBE-MARK-DROP', 1).target).toMatchObject({
      kind: 'mark',
      op: 'or-mark',
      value: 0x8000,
    });
    expect(rule(value, 'POSTROUTING', 2)).toMatchObject({
      outInterface: { isNegated: true, name: 'docker0' },
      source: { address: '172.17.0.0/16' },
      target: { kind: 'masquerade' },
    });
    expect(rule(value, 'KUBE-POSTROUTING', 1).matches).toContainEqual(
      expect.objectContaining({ kind: 'mark', value: 0x4000, mask: 0x4000 }),
    );
    expect(rule(value, 'DOCKER', 1).inInterface).toMatchObject({ name: 'docker0' });
  });

  it('reads the filter table listing with K suffixes', () => {
    const { value, warnings } = read('filter-L-n-v-flannel-kubeadm.txt');
    expect(warnings).toEqual([]);
    expect(value.tables[0]?.name).toBe('filter');
    expect(chainOf(value, 'INPUT').counters).toEqual({
      packets: 2446,
      bytes: 535_000,
      isApproximate: true,
    });
    expect(chainOf(value, 'OUTPUT').counters).toEqual({
      packets: 2419,
      bytes: 648_000,
      isApproximate: true,
    });
    expect(chainOf(value, 'FORWARD').policy).toBe('DROP');
    expect(rule(value, 'INPUT', 2).counters).toEqual({
      packets: 2446,
      bytes: 535_000,
      isApproximate: true,
    });
    expect(rule(value, 'INPUT', 1).matches).toEqual([
      { kind: 'conntrack', module: 'conntrack', isNegated: false, states: ['NEW'], args: [] },
      { kind: 'comment', module: 'comment', text: 'kubernetes externally-visible service portals' },
    ]);
    expect(rule(value, 'FORWARD', 6)).toMatchObject({
      inInterface: { name: 'docker0', isNegated: false },
      outInterface: { name: 'docker0', isNegated: true },
      target: { kind: 'verdict', verdict: 'ACCEPT' },
    });
    expect(chainOf(value, 'KUBE-SERVICES').rules).toEqual([]);
  });

  it('reads `iptables -t nat -nL` in IPVS mode: ipset matches, unpadded columns, no counters', () => {
    const { value, warnings } = read('ipvs-mode-nat-nL-loadbalancer.txt');
    expect(warnings).toEqual([]);
    expect(value.tables[0]?.name).toBe('nat');
    expect(rule(value, 'KUBE-SERVICES', 1)).toMatchObject({
      counters: null,
      target: { kind: 'jump', chain: 'KUBE-LOAD-BALANCER' },
      matches: [
        { kind: 'set', setName: 'KUBE-LOAD-BALANCER', flags: ['dst', 'dst'], isNegated: false },
      ],
    });
    expect(rule(value, 'KUBE-FIREWALL', 1).matches).toEqual([
      {
        kind: 'set',
        module: 'set',
        isNegated: false,
        setName: 'KUBE-LOAD-BALANCER-SOURCE-CIDR',
        flags: ['dst', 'dst', 'src'],
        args: [],
      },
    ]);
    expect(rule(value, 'KUBE-POSTROUTING', 2).matches).toMatchObject([
      { setName: 'KUBE-LOOP-BACK', flags: ['dst', 'dst', 'src'] },
    ]);
    expect(rule(value, 'KUBE-MARK-DROP', 1).target).toMatchObject({
      kind: 'mark',
      op: 'or-mark',
      value: 0x8000,
    });
    expect(value.tables[0]?.chains.some((c) => c.name.startsWith('KUBE-SVC-'))).toBe(false);
  });

  it('reads `-L … | column -t`: comments split into columns are rejoined', () => {
    const { value, warnings } = read('calico-lab-nat-L-v-n-piped-column-t.txt');
    expect(warnings).toEqual([]);
    expect(value.tables.map((t) => t.name)).toEqual(['nat']);
    expect(chainOf(value, 'KUBE-SERVICES').references).toBe(2);
    expect(rule(value, 'KUBE-SERVICES', 12)).toMatchObject({
      target: { kind: 'jump', chain: 'KUBE-SVC-OIQIZJVJK6E34BR4' },
      destination: { address: '10.49.198.166' },
      matches: [
        { kind: 'comment', text: 'yaobank/summary:http cluster IP' },
        { kind: 'ports', dport: { text: '80' } },
      ],
    });
    expect(rule(value, 'KUBE-SERVICES', 11).source).toEqual({
      isNegated: true,
      address: '10.48.0.0/16',
    });
    expect(rule(value, 'KUBE-SERVICES', 23)).toMatchObject({
      counters: { packets: 1502, bytes: 90196 },
      matches: [
        {
          kind: 'comment',
          text: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain',
        },
        { kind: 'addrtype' },
      ],
    });
    expect(rule(value, 'KUBE-SVC-OIQIZJVJK6E34BR4', 1).matches).toMatchObject([
      { kind: 'comment', text: 'yaobank/summary:http' },
      { kind: 'statistic', probability: 0.5 },
    ]);
    expect(rule(value, 'KUBE-SEP-NCOI6JAXVX2D4BXJ', 2).target).toMatchObject({
      kind: 'dnat',
      ip: '10.48.128.192',
      port: 80,
    });
  });

  it('salvages a comment cut off by the terminal, and warns', () => {
    const text = kit
      .read('iptables/calico-lab-nat-L-v-n-piped-column-t.txt')
      .replace(/the {2}las.*$/m, 'the  las');
    const { value, warnings } = parseIptables(text);
    expect(warnings).toEqual([
      {
        line: 25,
        message: 'comment is not closed (output cut off?); kept what was shown',
        raw: expect.stringContaining('KUBE-NODEPORTS') as string,
      },
    ]);
    expect(rule(value, 'KUBE-SERVICES', 23)).toMatchObject({
      target: { kind: 'jump', chain: 'KUBE-NODEPORTS' },
      matches: [
        { kind: 'comment', text: 'kubernetes service nodeports; NOTE: this must be the las' },
      ],
    });
  });

  it('reads Calico rows with K/M/G counters, [goto] and long interface names, without a chain header', () => {
    const { value, warnings } = read('calico-8243-L-v-n-goto-KMG-counters-excerpt.txt');
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [1, 'rows before any "Chain" header: chain name unknown'],
    ]);
    const rows = chainOf(value, '(unknown chain)').rules;
    expect(rows).toHaveLength(9);
    expect(rows[0]).toMatchObject({
      counters: { packets: 6_322_000, bytes: 4_565_000_000, isApproximate: true },
      inInterface: { name: 'azv58948d172f9', isWildcard: false },
      target: { kind: 'goto', chain: 'cali-fw-azv58948d172f9' },
      matches: [{ kind: 'comment', text: 'cali:JDOsTVC8rSMFt5ic' }],
    });
    expect(rows[2]).toMatchObject({
      counters: { packets: 17_000_000, bytes: 3_304_000_000 },
      inInterface: { name: 'azv7+', isWildcard: true },
      target: { kind: 'goto', chain: 'cali-from-wl-dispatch-7' },
    });
    expect(rows[4]?.counters).toEqual({
      packets: 86_000_000,
      bytes: 231_000_000_000,
      isApproximate: true,
    });
  });
});

describe('iptables -L details', () => {
  it('reads --line-numbers and -x exact counters', () => {
    const text = [
      'Chain KUBE-SVC-X (1 references)',
      'num      pkts      bytes target     prot opt in     out     source               destination',
      '1          12       3456 KUBE-SEP-A  all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* ns/s:p */ statistic mode random probability 0.20000000000',
      '2           0          0            all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* no target */',
    ].join('\n');
    const { value, warnings } = parseIptables(text);
    expect(warnings).toEqual([]);
    expect(rule(value, 'KUBE-SVC-X', 1)).toMatchObject({
      index: 1,
      counters: { packets: 12, bytes: 3456, isApproximate: false },
      target: { kind: 'jump', chain: 'KUBE-SEP-A' },
    });
    expect(rule(value, 'KUBE-SVC-X', 2)).toMatchObject({
      target: null,
      matches: [{ kind: 'comment', text: 'no target' }],
    });
  });

  it('starts a second table when a pasted listing repeats a chain', () => {
    const filter =
      'Chain INPUT (policy ACCEPT)\nChain FORWARD (policy DROP)\nChain OUTPUT (policy ACCEPT)\nChain KUBE-FORWARD (1 references)\n';
    const nat =
      'Chain PREROUTING (policy ACCEPT)\nChain INPUT (policy ACCEPT)\nChain OUTPUT (policy ACCEPT)\nChain POSTROUTING (policy ACCEPT)\n';
    expect(parseIptables(`${filter}\n${nat}`).value.tables.map((t) => t.name)).toEqual([
      'filter',
      'nat',
    ]);
    expect(parseIptables(`${nat}\n${nat}`).value.tables.map((t) => t.name)).toEqual(['nat', 'nat']);
  });

  it('reads recent, ctstate, multiport and target words of the listing', () => {
    const text = [
      'Chain X (0 references)',
      'target     prot opt source               destination',
      'KUBE-SEP-A  all  --  0.0.0.0/0  0.0.0.0/0  /* a -> b */ recent: CHECK seconds: 10800 reap name: KUBE-SEP-A side: source mask: 255.255.255.255',
      'ACCEPT     tcp  --  0.0.0.0/0  0.0.0.0/0  multiport dports 22,80:90 ! ctstate INVALID',
      'SNAT       all  --  0.0.0.0/0  0.0.0.0/0  to:172.31.0.225 random-fully',
      'REJECT     tcp  --  0.0.0.0/0  10.0.0.1   tcp dpt:80 reject-with icmp-port-unreachable',
    ].join('\n');
    const { value, warnings } = parseIptables(text);
    expect(warnings).toEqual([]);
    expect(rule(value, 'X', 1).matches[1]).toMatchObject({
      kind: 'recent',
      action: 'rcheck',
      seconds: 10800,
      isReap: true,
      name: 'KUBE-SEP-A',
      side: 'source',
    });
    expect(rule(value, 'X', 2).matches).toMatchObject([
      {
        kind: 'ports',
        module: 'multiport',
        dport: {
          ranges: [
            { from: 22, to: 22 },
            { from: 80, to: 90 },
          ],
        },
      },
      { kind: 'conntrack', isNegated: true, states: ['INVALID'] },
    ]);
    expect(rule(value, 'X', 3).target).toMatchObject({
      kind: 'snat',
      toSource: '172.31.0.225',
      isRandomFully: true,
    });
    expect(rule(value, 'X', 4).target).toEqual({
      kind: 'reject',
      rejectWith: 'icmp-port-unreachable',
    });
  });
});
