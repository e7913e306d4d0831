import { describe, expect, it } from 'vitest';
import { limitsFor } from '../data/eni-limits';
import {
  maxPodsFormula,
  nextEni,
  predictNextEniReplicas,
  topologyCapacity,
  type EniCounts,
  type NextEni,
  type PlacementNode,
} from './eni-capacity';
import { DEFAULT_WARM_POOL, type WarmPoolSettings } from './eni-warm-pool';
import type { NodeLimits, Topology, TopologyNode, TopologyPod } from './topology';

const T3_MEDIUM = limitsFor('t3.medium') as NodeLimits;

describe('t3.medium limits', () => {
  it('3 ENIs × 6 IPs → max pods 17, written out', () => {
    expect(T3_MEDIUM).toEqual({ maxEnis: 3, ipsPerEni: 6, maxPods: 17 });
    expect(maxPodsFormula(T3_MEDIUM)).toBe('3 × (6 − 1) + 2 = 17');
  });
});

describe('nextEni on a t3.medium (5 secondary IPs per ENI)', () => {
  const settings = (s: Partial<WarmPoolSettings>): WarmPoolSettings => ({
    ...DEFAULT_WARM_POOL,
    ...s,
  });
  const rows: [string, EniCounts, Partial<WarmPoolSettings>, NextEni][] = [
    // WARM_ENI_TARGET=1: short when free IPs < 5.
    [
      'fresh node: the first pod IP leaves 4 free',
      { enis: 1, ipsAllocated: 5, ipsAssigned: 0, pods: 2 },
      {},
      { kind: 'at-pod-ips', podIps: 1, morePods: 1 },
    ],
    [
      '2 ENIs, 1 pod: at 6 pod IPs 4 are free',
      { enis: 2, ipsAllocated: 10, ipsAssigned: 1, pods: 3 },
      {},
      { kind: 'at-pod-ips', podIps: 6, morePods: 5 },
    ],
    [
      '2 ENIs, 6 pods: short now',
      { enis: 2, ipsAllocated: 10, ipsAssigned: 6, pods: 8 },
      {},
      { kind: 'due' },
    ],
    [
      '3 ENIs: the limit',
      { enis: 3, ipsAllocated: 15, ipsAssigned: 15, pods: 17 },
      {},
      { kind: 'max-enis' },
    ],
    [
      'WARM_ENI_TARGET=2 wants 10 free at once',
      { enis: 1, ipsAllocated: 5, ipsAssigned: 0, pods: 2 },
      { warmEniTarget: 2 },
      { kind: 'due' },
    ],
    [
      'WARM_ENI_TARGET=0: only when none is free',
      { enis: 1, ipsAllocated: 5, ipsAssigned: 2, pods: 4 },
      { warmEniTarget: 0 },
      { kind: 'at-pod-ips', podIps: 6, morePods: 4 },
    ],
    // IP targets: fill the attached ENIs first, attach when they cannot hold assigned + warm.
    [
      'WARM_IP_TARGET=2 on a partly filled ENI',
      { enis: 1, ipsAllocated: 3, ipsAssigned: 1, pods: 3 },
      { warmIpTarget: 2 },
      { kind: 'at-pod-ips', podIps: 4, morePods: 3 },
    ],
    [
      'MINIMUM_IP_TARGET=12 beyond 2 ENIs',
      { enis: 2, ipsAllocated: 10, ipsAssigned: 0, pods: 2 },
      { minimumIpTarget: 12 },
      { kind: 'due' },
    ],
    [
      'MINIMUM_IP_TARGET=8 alone',
      { enis: 2, ipsAllocated: 8, ipsAssigned: 3, pods: 5 },
      { minimumIpTarget: 8 },
      { kind: 'at-pod-ips', podIps: 11, morePods: 8 },
    ],
    [
      'max pods comes first with many host-network pods',
      { enis: 2, ipsAllocated: 10, ipsAssigned: 3, pods: 15 },
      {},
      { kind: 'node-full-first', podIps: 6 },
    ],
    [
      'prefix delegation',
      { enis: 1, ipsAllocated: 5, ipsAssigned: 0, pods: 2 },
      { isPrefixDelegation: true },
      { kind: 'unknown', reason: 'prefix delegation is not modelled' },
    ],
  ];
  it.each(rows)('%s', (_name, counts, s, expected) => {
    expect(nextEni(counts, T3_MEDIUM, settings(s))).toEqual(expected);
  });

  it('is unknown without the instance type limits', () => {
    const counts = { enis: 1, ipsAllocated: 5, ipsAssigned: 0, pods: 2 };
    expect(nextEni(counts, undefined, DEFAULT_WARM_POOL).kind).toBe('unknown');
  });
});

describe('predictNextEniReplicas', () => {
  const node = (nodeName: string, pods: number, ownPods: number, next: NextEni): PlacementNode => ({
    nodeName,
    pods,
    ownPods,
    maxPods: 17,
    nextEni: next,
  });
  const at = (morePods: number): NextEni => ({ kind: 'at-pod-ips', podIps: 0, morePods });

  it('spreads replicas over nodes and names the count at which each node attaches', () => {
    // nginx at 3 replicas, one per node, each node 2 ENIs: its 6th pod IP takes the 5th new pod.
    const nodes = ['node-a', 'node-b', 'node-c'].map((n) => node(n, 3, 1, at(5)));
    expect(predictNextEniReplicas(nodes, 3)).toEqual(
      new Map([
        ['node-a', 16],
        ['node-b', 17],
        ['node-c', 18],
      ]),
    );
  });

  it('places on the node with the fewest own pods, then fewest pods', () => {
    const nodes = [
      node('node-a', 9, 2, at(1)),
      node('node-b', 4, 2, at(2)),
      node('node-c', 3, 3, at(1)),
    ];
    // replica 6 → node-b (own 2, 4 pods), 7 → node-a (own 2: attaches), 8 → node-c (all own 3,
    // fewest pods: attaches), 9 → node-b (its 2nd: attaches).
    expect(predictNextEniReplicas(nodes, 5)).toEqual(
      new Map([
        ['node-a', 7],
        ['node-c', 8],
        ['node-b', 9],
      ]),
    );
  });

  it('skips full nodes, reports due ENIs at the current count, and omits nodes that never attach', () => {
    const nodes = [
      node('node-a', 17, 5, at(1)),
      node('node-b', 3, 1, { kind: 'due' }),
      node('node-c', 3, 1, { kind: 'max-enis' }),
      node('node-d', 3, 1, at(2)),
    ];
    const result = predictNextEniReplicas(nodes, 7);
    expect(result.get('node-a')).toBeUndefined();
    expect(result.get('node-b')).toBe(7);
    expect(result.has('node-c')).toBe(false);
    // 8 → node-b (name order among own 1 / 3 pods), 9 → node-c, 10 → node-d, 11 → node-b, …
    expect(result.get('node-d')).toBe(13);
  });
});

describe('topologyCapacity', () => {
  const slots = (assigned: string[], warm: number) => [
    ...assigned.map((name, i) => ({
      address: `10.0.1.${i + 10}`,
      state: 'assigned' as const,
      pod: { namespace: 'default', name },
    })),
    ...Array.from({ length: warm }, (_, i) => ({
      address: `10.0.1.${i + 100}`,
      state: 'warm' as const,
    })),
  ];
  const eni = (deviceNumber: number, assigned: string[], warm: number) => ({
    id: `eni-${deviceNumber}`,
    deviceNumber,
    secondaryIps: [],
    slots: [
      { address: `10.0.0.${deviceNumber}`, state: 'primary' as const },
      ...slots(assigned, warm),
    ],
    sources: ['test'],
  });
  const k8sNode = (nodeName: string, enis: TopologyNode['enis']): TopologyNode => ({
    nodeName,
    instanceType: 't3.medium',
    limits: T3_MEDIUM,
    enis,
    sources: ['test'],
  });
  const pod = (
    name: string,
    nodeName: string,
    owner?: string,
    hostNetwork = false,
  ): TopologyPod => ({
    namespace: hostNetwork ? 'kube-system' : 'default',
    name,
    nodeName,
    ...(hostNetwork ? {} : { ip: '10.0.1.1' }),
    ...(owner === undefined ? {} : { owner }),
    phase: 'Running',
    isHostNetwork: hostNetwork,
    sources: ['test'],
  });
  const nginx = 'ReplicaSet/nginx-5869d7778c';
  const topology: Pick<Topology, 'nodes' | 'pods'> = {
    nodes: [
      k8sNode('node1', [eni(0, ['nginx-1', 'coredns-1'], 3), eni(1, [], 5)]),
      k8sNode('node2', [eni(0, ['nginx-2'], 4), eni(1, [], 5)]),
    ],
    pods: [
      pod('aws-node-1', 'node1', undefined, true),
      pod('kube-proxy-1', 'node1', undefined, true),
      pod('aws-node-2', 'node2', undefined, true),
      pod('kube-proxy-2', 'node2', undefined, true),
      pod('nginx-1', 'node1', nginx),
      pod('coredns-1', 'node1'),
      pod('nginx-2', 'node2', nginx),
      { ...pod('old', 'node2'), phase: 'Succeeded' },
    ],
  };

  it('counts IPs allocated / assigned / warm and pods until full', () => {
    const [n1, n2] = topologyCapacity(topology, DEFAULT_WARM_POOL);
    expect(n1).toMatchObject({
      enis: 2,
      ipsAllocated: 10,
      ipsAssigned: 2,
      ipsWarm: 8,
      pods: 4,
      podsUntilFull: 13,
    });
    expect(n2).toMatchObject({
      enis: 2,
      ipsAllocated: 10,
      ipsAssigned: 1,
      ipsWarm: 9,
      pods: 3,
      podsUntilFull: 14,
    });
    expect(n1?.nextEni).toEqual({ kind: 'at-pod-ips', podIps: 6, morePods: 4 });
    expect(n1?.nextEniAtReplicas).toBeUndefined();
  });

  it('predicts the nginx replica count at which each node attaches its third ENI', () => {
    const [n1, n2] = topologyCapacity(topology, DEFAULT_WARM_POOL, nginx);
    // 2 replicas now. 3 → node2 (fewest pods), 4 → node1, 5 → node2, 6 → node1, 7 → node2,
    // 8 → node1, 9 → node2, 10 → node1 (its 4th more pod IP, the 6th), 11 → node2 (its 5th).
    expect(n2?.nextEniAtReplicas).toBe(11);
    expect(n1?.nextEniAtReplicas).toBe(10);
  });

  it('takes limits from the shipped table when the collector gave only the instance type', () => {
    const bare = topology.nodes.map((n) => {
      const { limits: _limits, ...rest } = n;
      return rest;
    });
    const [n1] = topologyCapacity({ ...topology, nodes: bare }, DEFAULT_WARM_POOL);
    expect(n1?.limits).toEqual(T3_MEDIUM);
    expect(n1?.podsUntilFull).toBe(13);
    const [unknown] = topologyCapacity(
      { ...topology, nodes: bare.map((n) => ({ ...n, instanceType: 'x9.huge' })) },
      DEFAULT_WARM_POOL,
    );
    expect(unknown?.limits).toBeUndefined();
    expect(unknown?.nextEni.kind).toBe('unknown');
  });
});
