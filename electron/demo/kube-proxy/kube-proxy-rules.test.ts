import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { buildRuleset } from './build-ruleset';
import { CounterStore } from './counters';
import { renderIptablesRules, renderIptablesSave } from './render-save';
import type { EndpointInput, KubeProxyInput, ServicePortInput } from './types';

const ep = (ip: string, port: number, ready = true): EndpointInput => ({
  ip,
  port,
  ready,
  nodeName: 'other',
});
const svc = (
  p: Partial<ServicePortInput> & Pick<ServicePortInput, 'namespace' | 'name'>,
): ServicePortInput => ({
  portName: 'p80',
  protocol: 'tcp',
  clusterIP: '10.96.0.1',
  port: 80,
  endpoints: [],
  ...p,
});
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');
const nodeOf = (primaryIP: string, vpc: string): KubeProxyInput['node'] => ({
  name: 'node',
  primaryIP,
  vpcCIDRs: [vpc],
  isAwsVpcCni: true,
});

describe("kube-proxy's rules, on kube-proxy's own test expectations", () => {
  // TestOverallIPTablesRules through the real iptables-restore/iptables-save (fixtures/README.md).
  const real = lines(
    readFileSync(new URL('fixtures/netns-lab-6svc-iptables-save.txt', import.meta.url), 'utf8'),
  );
  const input: KubeProxyInput = {
    node: { name: 'node1', primaryIP: '10.0.0.10', vpcCIDRs: [], isAwsVpcCni: false },
    clusterCIDR: '10.0.0.0/8',
    masqueradeRandomFully: false,
    servicePorts: [
      svc({
        namespace: 'ns1',
        name: 'svc1',
        clusterIP: '172.30.0.41',
        endpoints: [ep('10.180.0.1', 80)],
      }),
      svc({
        namespace: 'ns2',
        name: 'svc2',
        clusterIP: '172.30.0.42',
        nodePort: 3001,
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30000,
        endpoints: [ep('10.180.0.2', 80)],
      }),
      svc({
        namespace: 'ns3',
        name: 'svc3',
        clusterIP: '172.30.0.43',
        nodePort: 3003,
        endpoints: [ep('10.180.0.3', 80)],
      }),
      svc({ namespace: 'ns6', name: 'svc6', clusterIP: '172.30.0.46' }),
    ],
  };
  const mine = lines(renderIptablesSave(buildRuleset(input), new CounterStore()));
  const names = ['ns1/svc1:p80', 'ns2/svc2:p80', 'ns3/svc3:p80', 'ns6/svc6:p80'];
  const chains = [
    'XPGD46QRK7WJZT7O',
    'GNZBNJ2PO5MGZ6GT',
    'X27LE4BHSL4DOUIK',
    'SXIVWICOYRO3J4NJ',
    'RS4RBKLTHTF2IUXJ',
    'OYPFS5VJICHGATKP',
  ];
  const relevant = (l: string): boolean =>
    l.startsWith('-A ') &&
    (names.some((n) => l.includes(`"${n}`) || l.includes(` ${n} `)) ||
      chains.some((c) => l.includes(c)));
  // externalIPs, LoadBalancer IPs and the nfacct localhost NodePort rule are not modelled.
  const modelled = (l: string): boolean =>
    !/external IP|loadbalancer IP|-d 127\.0\.0\.0\/8|192\.168\.99\.22|1\.2\.3\.4/.test(l);

  it('renders svc1, svc2 (Local, no local endpoint), svc3 (NodePort) and svc6 (no endpoints) exactly', () => {
    const expected = real.filter((l) => relevant(l) && modelled(l));
    expect(expected.length).toBeGreaterThan(20);
    expect(mine.filter(relevant)).toEqual(expected);
  });

  it('writes the same fixed chains (KUBE-FORWARD, KUBE-FIREWALL, masquerade) as kube-proxy', () => {
    for (const chain of ['KUBE-FORWARD', 'KUBE-FIREWALL', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING']) {
      expect(mine.filter((l) => l.startsWith(`-A ${chain} `))).toEqual(
        real.filter((l) => l.startsWith(`-A ${chain} `)),
      );
    }
  });
});

describeWithFixtures(
  'nfacct accounting (kube-proxy ≥ 1.29 on a kernel with nfnetlink_acct)',
  (kit) => {
    const input: KubeProxyInput = {
      node: { name: 'node1', primaryIP: '10.0.0.10', vpcCIDRs: [], isAwsVpcCni: false },
      clusterCIDR: '10.0.0.0/8',
      nfacct: true,
      servicePorts: [
        svc({
          namespace: 'ns3',
          name: 'svc3',
          clusterIP: '172.30.0.43',
          nodePort: 3003,
          endpoints: [ep('10.180.0.3', 80)],
        }),
      ],
    };
    const save = lines(renderIptablesSave(buildRuleset(input), new CounterStore()));
    // kube-proxy's argument order differs from iptables-save's; compare the arguments as multisets.
    const tokens = (l: string): string[] =>
      l
        .replace(/"/g, '')
        .replace(/\/32\b/g, '')
        .split(/\s+/)
        .sort();

    it('adds the localhost NodePort and INVALID-drop counters as TestOverallIPTablesRules expects', () => {
      const expected = lines(kit.read('iptables/kubeproxy-restore-overall-6svc.txt')).filter(
        (l) =>
          l.includes('-m nfacct') && (l.includes('ns3/svc3') || l.startsWith('-A KUBE-FORWARD')),
      );
      expect(expected).toHaveLength(2);
      const mine = save.filter((l) => l.includes('-m nfacct'));
      expect(mine.map(tokens).sort()).toEqual(expected.map(tokens).sort());
    });

    it('prints the name after two spaces, as libxt_nfacct does (its own space plus save_string’s)', () => {
      expect(save).toContain(
        '-A KUBE-NODEPORTS -d 127.0.0.0/8 -p tcp -m comment --comment "ns3/svc3:p80" -m tcp --dport 3003 ' +
          '-m nfacct --nfacct-name  localhost_nps_accepted_pkts -j KUBE-EXT-X27LE4BHSL4DOUIK',
      );
      const nodePorts = save.filter((l) => l.startsWith('-A KUBE-NODEPORTS'));
      expect(nodePorts[0]).toContain('-d 127.0.0.0/8');
      expect(nodePorts[1]).not.toContain('nfacct');
    });
  },
);

describeWithFixtures('real EKS nodes', (kit) => {
  it('reproduces eks-vpccni-node-S-nat.txt (iptables -t nat -S of an EKS node) line for line', () => {
    const dns = (port: number): EndpointInput[] => [
      ep('172.31.20.89', port),
      ep('172.31.31.116', port),
    ];
    const input: KubeProxyInput = {
      node: nodeOf('172.31.23.106', '172.31.0.0/16'),
      servicePorts: [
        svc({
          namespace: 'kube-system',
          name: 'kube-dns',
          portName: 'metrics',
          clusterIP: '10.100.0.10',
          port: 9153,
          endpoints: dns(9153),
        }),
        svc({
          namespace: 'default',
          name: 'kubernetes',
          portName: 'https',
          clusterIP: '10.100.0.1',
          port: 443,
          endpoints: [ep('172.31.14.42', 443), ep('172.31.37.201', 443)],
        }),
        svc({
          namespace: 'kube-system',
          name: 'kube-dns',
          portName: 'dns',
          protocol: 'udp',
          clusterIP: '10.100.0.10',
          port: 53,
          endpoints: dns(53),
        }),
        svc({
          namespace: 'kube-system',
          name: 'kube-dns',
          portName: 'dns-tcp',
          clusterIP: '10.100.0.10',
          port: 53,
          endpoints: dns(53),
        }),
      ],
    };
    const rendered = renderIptablesRules(buildRuleset(input), new CounterStore(), { table: 'nat' });
    expect(rendered).toBe(kit.read('iptables/eks-vpccni-node-S-nat.txt'));
  });

  it('reproduces eks-vpccni-trunk-S-filter.txt (iptables -S) exactly', () => {
    const input: KubeProxyInput = {
      node: nodeOf('172.31.0.225', '172.31.0.0/16'),
      servicePorts: [],
    };
    const rendered = renderIptablesRules(buildRuleset(input), new CounterStore(), {
      table: 'filter',
    });
    expect(rendered).toBe(kit.read('iptables/eks-vpccni-trunk-S-filter.txt'));
  });

  it('matches the 2026 EKS node (eks-vpccni-node1-S-nat-2026.txt) for kube-dns:dns and the CNI', () => {
    const input: KubeProxyInput = {
      node: nodeOf('192.168.4.12', '192.168.0.0/16'),
      servicePorts: [
        svc({
          namespace: 'kube-system',
          name: 'kube-dns',
          portName: 'dns',
          protocol: 'udp',
          clusterIP: '10.100.0.10',
          port: 53,
          endpoints: [ep('192.168.5.1', 53), ep('192.168.8.196', 53)],
        }),
      ],
    };
    const mine = lines(
      renderIptablesRules(buildRuleset(input), new CounterStore(), { table: 'nat' }),
    );
    const declared = new Set(mine.filter((l) => l.startsWith('-N ')));
    // The paste also has other Services (and chains whose rules it cut off); keep what we model.
    const expected = lines(kit.read('iptables/eks-vpccni-node1-S-nat-2026.txt')).filter(
      (l) =>
        !(l.startsWith('-N KUBE-S') && !declared.has(l)) &&
        !(
          l.startsWith('-A KUBE-SERVICES') &&
          l.includes('cluster IP') &&
          !l.includes('kube-dns:dns cluster IP')
        ),
    );
    expect(mine).toEqual(expected);
  });
});
