import { CounterStore } from './counters';
import type { EndpointInput, KubeProxyInput, Ruleset, ServicePortInput } from './types';

const ready = (ip: string, port: number, nodeName: string): EndpointInput => ({
  ip,
  port,
  nodeName,
  ready: true,
});

/**
 * A reference EKS worker (the study labs' `myeks` shape: VPC 192.168.0.0/16, node 1 at
 * 192.168.1.251 on ens5) with the Services a lab cluster has: kube-dns (2 CoreDNS pods),
 * kubernetes (2 control-plane ENIs), nginx (3 replicas, ClientIP affinity), a NodePort, an
 * `externalTrafficPolicy: Local` LoadBalancer and a Service whose only pod is not ready. The unit
 * and lab tests render it, and the demo can start from it.
 */
export const EXAMPLE_NODE_INPUT: KubeProxyInput = {
  node: {
    name: 'ip-192-168-1-251.ap-northeast-2.compute.internal',
    primaryIP: '192.168.1.251',
    primaryInterface: 'ens5',
    vpcCIDRs: ['192.168.0.0/16'],
    excludeSNATCIDRs: ['172.20.0.0/16'],
    isAwsVpcCni: true,
  },
  servicePorts: ((): ServicePortInput[] => {
    const n1 = 'ip-192-168-1-251.ap-northeast-2.compute.internal';
    const n2 = 'ip-192-168-2-183.ap-northeast-2.compute.internal';
    const n3 = 'ip-192-168-3-74.ap-northeast-2.compute.internal';
    const dns = [ready('192.168.1.116', 53, n1), ready('192.168.3.23', 53, n3)];
    const nginx = [
      ready('192.168.1.101', 80, n1),
      ready('192.168.2.45', 80, n2),
      ready('192.168.3.160', 80, n3),
    ];
    return [
      {
        namespace: 'default',
        name: 'kubernetes',
        portName: 'https',
        protocol: 'tcp',
        clusterIP: '10.100.0.1',
        port: 443,
        endpoints: [ready('192.168.2.244', 443, ''), ready('192.168.3.157', 443, '')],
      },
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        portName: 'dns',
        protocol: 'udp',
        clusterIP: '10.100.0.10',
        port: 53,
        endpoints: dns,
      },
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        portName: 'dns-tcp',
        protocol: 'tcp',
        clusterIP: '10.100.0.10',
        port: 53,
        endpoints: dns,
      },
      {
        namespace: 'kube-system',
        name: 'kube-dns',
        portName: 'metrics',
        protocol: 'tcp',
        clusterIP: '10.100.0.10',
        port: 9153,
        endpoints: dns.map((e) => ({ ...e, port: 9153 })),
      },
      {
        namespace: 'default',
        name: 'nginx',
        portName: '',
        protocol: 'tcp',
        clusterIP: '10.100.79.194',
        port: 80,
        sessionAffinity: 'ClientIP',
        sessionAffinityTimeoutSeconds: 10800,
        endpoints: nginx,
      },
      {
        namespace: 'default',
        name: 'nginx-nodeport',
        portName: 'http',
        protocol: 'tcp',
        clusterIP: '10.100.132.7',
        port: 80,
        nodePort: 30080,
        endpoints: nginx,
      },
      {
        namespace: 'default',
        name: 'echo-lb',
        portName: 'http',
        protocol: 'tcp',
        clusterIP: '10.100.201.33',
        port: 8080,
        nodePort: 31234,
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32145,
        endpoints: [ready('192.168.1.77', 8080, n1), ready('192.168.2.78', 8080, n2)],
      },
      {
        namespace: 'default',
        name: 'broken',
        portName: 'web',
        protocol: 'tcp',
        clusterIP: '10.100.9.9',
        port: 80,
        nodePort: 30999,
        endpoints: [{ ip: '192.168.2.99', port: 8080, nodeName: n2, ready: false }],
      },
    ];
  })(),
};

/**
 * Deterministic, varied counters for every rule and policy of a ruleset, so listings exercise
 * the K/M/G suffixes (up to ~10^8 packets). The same ruleset always gets the same values.
 */
export function exampleCounters(ruleset: Ruleset): CounterStore {
  const store = new CounterStore();
  let seed = 12345;
  // A 32-bit LCG (Math.imul keeps the product exact); its high bits are the usable ones.
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      const counter = (): { packets: number; bytes: number } => {
        const scale = 10 ** (next() % 9);
        const packets = Math.floor((next() / 0x1000000) * scale);
        return { packets, bytes: packets * (40 + (next() % 1460)) };
      };
      if (chain.policy !== undefined) store.set(table.name, chain.name, 'policy', counter());
      chain.rules.forEach((_, i) => store.set(table.name, chain.name, i, counter()));
    }
  }
  return store;
}
