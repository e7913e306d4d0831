import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { buildTrace } from './build-trace';
import type { NodeOutputs } from './types';

// A Calico (IPIP) cluster in IPVS mode: per-pod /32 routes to cali… veths, remote pod CIDRs
// through tunl0. The IPVS table is the Kubernetes blog's (VIP 10.102.128.4:3080 → two pods).
const RULES =
  '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
const NODE1_ROUTES = `default via 192.168.0.1 dev ens5 proto dhcp src 192.168.0.11 metric 100
10.244.0.10 dev calia1b2c3d4e5f scope link
10.244.0.235 dev cali0f9e8d7c6b5 scope link
10.244.1.0/24 via 192.168.0.12 dev tunl0 proto bird onlink
192.168.0.0/24 dev ens5 proto kernel scope link src 192.168.0.11
local 10.102.128.4 dev kube-ipvs0 table local proto kernel scope host src 10.102.128.4
`;
const NODE2_ROUTES = `default via 192.168.0.1 dev ens5 proto dhcp src 192.168.0.12 metric 100
10.244.0.0/24 via 192.168.0.11 dev tunl0 proto bird onlink
10.244.1.237 dev cali11223344556 scope link
192.168.0.0/24 dev ens5 proto kernel scope link src 192.168.0.12
`;

const node = (host: string, ipRoute: string, ipvsadm: string): NodeOutputs => ({
  host,
  ipRule: RULES,
  ipRoute,
  ipAddrJson: '[]',
  iptablesNat: '',
  ipvsadm,
});

describeWithFixtures('a trace in IPVS mode over an overlay', (kit) => {
  const ipvs = kit.read('ipvsadm/k8s-blog-ipvs-deep-dive-port-mapping.txt');
  const trace = buildTrace({
    source: { kind: 'pod', label: 'host/client', ip: '10.244.0.10', resolvConf: null },
    target: { kind: 'address', ip: '10.102.128.4', port: 3080 },
    nodes: [node('node1', NODE1_ROUTES, ipvs), node('node2', NODE2_ROUTES, '')],
  });

  it('reads the virtual server, its scheduler and real servers from the IPVS table, cited verbatim', () => {
    expect(trace.warnings).toEqual([]);
    const vs = trace.steps.find((s) => s.kind === 'netfilter');
    expect(vs?.text).toContain('IPVS virtual server 10.102.128.4:3080 (scheduler rr)');
    expect(vs?.lines.some((l) => l.startsWith('TCP  10.102.128.4:3080 rr'))).toBe(true);
    const real = trace.steps.filter((s) => s.kind === 'netfilter' && s.endpoint !== undefined);
    expect(real[0]?.text).toBe(
      '50.0% of new connections: real server 10.244.0.235:8080 (Masq, weight 1, scheduler rr)',
    );
    expect(real[0]?.lines).toEqual([
      '  -> 10.244.0.235:8080            Masq    1      0          0         ',
    ]);
    expect(trace.endpoints.map((e) => [e.ip, e.port, e.probability])).toEqual([
      ['10.244.0.235', 8080, 0.5],
      ['10.244.1.237', 8080, 0.5],
    ]);
  });

  it('sends the local endpoint to its cali veth and the remote one into the IPIP tunnel', () => {
    expect(trace.endpoints.map((e) => [e.node, e.egressInterface, e.podInterface])).toEqual([
      ['node1', 'cali0f9e8d7c6b5', 'cali0f9e8d7c6b5'],
      ['node2', 'tunl0', 'cali11223344556'],
    ]);
    const routing = trace.steps.filter((s) => s.kind === 'routing').map((s) => s.lines.at(-1));
    expect(routing).toEqual([
      '10.244.0.235 dev cali0f9e8d7c6b5 scope link',
      '10.244.1.0/24 via 192.168.0.12 dev tunl0 proto bird onlink',
    ]);
  });
});
