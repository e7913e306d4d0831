import { describe, expect, it } from 'vitest';
import { applyService, applyStatefulSet } from '../model/objects';
import { buildCluster } from '../model/build';
import type { Cluster } from '../model/types';
import { answer, cachedTtl, messageSize, podResolvConf, queryNames, type ResolvConf } from './dns';

const NOW = 1_750_000_000_000;

/** The demo cluster with seed 002's `a-app` applied, all three pods Ready by `NOW + 60 s`. */
function withAApp(): Cluster {
  let c = buildCluster({ seed: 7, now: NOW });
  c = applyStatefulSet(
    c,
    {
      namespace: 'default',
      name: 'a-app',
      replicas: 3,
      selector: { app: 'a-app' },
      labels: { app: 'a-app' },
      podLabels: { app: 'a-app' },
      serviceName: 'a-app',
      containers: [
        {
          name: 'my-container',
          image: 'nginx:1.20',
          ports: [{ name: 'web', containerPort: 80, protocol: 'TCP' }],
        },
      ],
    },
    NOW,
  ).cluster;
  return applyService(
    c,
    {
      namespace: 'default',
      name: 'a-app',
      labels: { app: 'a-app' },
      selector: { app: 'a-app' },
      clusterIp: 'None',
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    },
    NOW,
  ).cluster;
}

const later = NOW + 60_000;
const ipOf = (c: Cluster, name: string) => c.pods.find((p) => p.name === name)?.network?.ip;

describe('CoreDNS answers from the model', () => {
  const c = withAApp();
  const nginx = c.services.find((s) => s.name === 'nginx');

  it('answers a normal Service with its ClusterIP only', () => {
    const r = answer(c, 'nginx.default.svc.cluster.local', 'A', later);
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers.map((a) => a.ip)).toEqual([nginx?.clusterIp]);
    expect(r.answers[0]?.name).toBe('nginx.default.svc.cluster.local.');
  });

  it('answers a headless Service with every ready pod IP, rotated by loadbalance', () => {
    const ips = ['a-app-0', 'a-app-1', 'a-app-2'].map((n) => ipOf(c, n));
    const first = answer(c, 'a-app.default.svc.cluster.local', 'A', later, 0);
    expect(first.answers.map((a) => a.ip)).toEqual(ips);
    const next = answer(c, 'a-app.default.svc.cluster.local.', 'A', later, 1);
    expect(next.answers.map((a) => a.ip)).toEqual([ips[1], ips[2], ips[0]]);
  });

  it('leaves pods that are not Ready out of a headless answer, and has no name before any is', () => {
    const early = c.pods.find((p) => p.name === 'a-app-0')?.readyAt ?? 0;
    expect(answer(c, 'a-app.default.svc.cluster.local', 'A', early).answers).toHaveLength(1);
    expect(answer(c, 'a-app.default.svc.cluster.local', 'A', NOW).rcode).toBe('NXDOMAIN');
  });

  it("answers a StatefulSet pod's stable name with that pod's IP", () => {
    const r = answer(c, 'a-app-1.a-app.default.svc.cluster.local', 'A', later);
    expect(r.answers.map((a) => a.ip)).toEqual([ipOf(c, 'a-app-1')]);
    expect(answer(c, 'a-app-7.a-app.default.svc.cluster.local', 'A', later).rcode).toBe('NXDOMAIN');
    // A normal Service has no per-pod names.
    expect(answer(c, 'a-app-1.nginx.default.svc.cluster.local', 'A', later).rcode).toBe('NXDOMAIN');
  });

  it('gives NXDOMAIN for unknown names, NODATA for AAAA of a known one', () => {
    expect(answer(c, 'nope.default.svc.cluster.local', 'A', later).rcode).toBe('NXDOMAIN');
    expect(
      answer(c, 'nginx.default.svc.cluster.local.default.svc.cluster.local', 'A', later).rcode,
    ).toBe('NXDOMAIN');
    const aaaa = answer(c, 'nginx.default.svc.cluster.local', 'AAAA', later);
    expect(aaaa).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(aaaa.soa?.zone).toBe('cluster.local.');
  });

  it('answers pod A records under pods insecure, and the nodes upstream', () => {
    expect(answer(c, '192-168-1-10.default.pod.cluster.local', 'A', later).answers[0]?.ip).toBe(
      '192.168.1.10',
    );
    const node = c.instances.find((i) => i.role === 'node');
    const name = `ip-${node?.privateIp.replaceAll('.', '-')}.ap-northeast-2.compute.internal`;
    expect(answer(c, name, 'A', later).answers[0]?.ip).toBe(node?.privateIp);
    expect(answer(c, 'nginx.ap-northeast-2.compute.internal', 'A', later).rcode).toBe('NXDOMAIN');
  });

  it("uses EKS's 5 s TTL, counting down in the cache", () => {
    const ttls = Array.from({ length: 12 }, (_, i) => cachedTtl(5, 'x', NOW + i * 1000));
    expect(Math.max(...ttls)).toBe(5);
    expect(Math.min(...ttls)).toBe(1);
  });
});

describe('the resolver side', () => {
  const conf: ResolvConf = {
    search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    nameserver: '10.100.0.10',
    ndots: 5,
  };

  it("writes kubelet's resolv.conf: the namespace first, kube-dns's VIP, ndots:5", () => {
    const c = withAApp();
    const pod = c.pods.find((p) => p.name === 'a-app-0');
    if (!pod) throw new Error('no a-app-0');
    expect(podResolvConf(c, pod)).toEqual({
      search: [...conf.search, 'ap-northeast-2.compute.internal'],
      nameserver: '10.100.0.10',
      ndots: 5,
    });
  });

  it.each([
    [
      'a-app',
      'busybox',
      ['a-app.default.svc.cluster.local', 'a-app.svc.cluster.local', 'a-app.cluster.local'],
    ],
    ['a-app.default', 'busybox', ['a-app.default']],
    [
      'a-app',
      'glibc',
      [
        'a-app.default.svc.cluster.local',
        'a-app.svc.cluster.local',
        'a-app.cluster.local',
        'a-app',
      ],
    ],
    [
      'a-app-0.a-app.default.svc.cluster.local',
      'glibc',
      [
        'a-app-0.a-app.default.svc.cluster.local',
        'a-app-0.a-app.default.svc.cluster.local.default.svc.cluster.local',
        'a-app-0.a-app.default.svc.cluster.local.svc.cluster.local',
        'a-app-0.a-app.default.svc.cluster.local.cluster.local',
      ],
    ],
    ['x.y.', 'glibc', ['x.y']],
    ['a-app', 'dig', ['a-app']],
  ] as const)('%s with %s asks %j', (name, style, expected) => {
    expect(queryNames(name, conf, style)).toEqual(expected);
  });
});

describe('message sizes as CoreDNS builds them (no compression)', () => {
  it("match the seed's dig: 123 bytes for one pod, 201 for the three of a-app", () => {
    const one = {
      qname: 'a-app-0.a-app.default.svc.cluster.local.',
      qtype: 'A' as const,
      rcode: 'NOERROR' as const,
      answers: [{ name: 'a-app-0.a-app.default.svc.cluster.local.', ttl: 30, ip: '10.244.0.219' }],
    };
    expect(messageSize(one, true)).toBe(123);
    const name = 'a-app.default.svc.cluster.local.';
    const three = {
      ...one,
      qname: name,
      answers: [1, 2, 3].map(() => ({ name, ttl: 30, ip: '10.244.0.1' })),
    };
    expect(messageSize(three, true)).toBe(201);
    // The question busybox sends (no EDNS): tcpdump's `(49)`.
    expect(messageSize({ qname: name }, false)).toBe(49);
  });
});
