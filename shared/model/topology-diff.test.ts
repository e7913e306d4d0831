import { describe, expect, it } from 'vitest';
import type { Topology, TopologyEni, TopologyPod } from './topology';
import { diffTopology, isEmptyDiff, topologyEntities } from './topology-diff';

const eni = (
  id: string,
  secondaries: string[],
  pods: Record<string, string> = {},
): TopologyEni => ({
  id,
  deviceNumber: id.endsWith('1') ? 1 : 0,
  secondaryIps: secondaries,
  slots: secondaries.map((address) =>
    pods[address]
      ? { address, state: 'assigned', pod: { namespace: 'default', name: pods[address] } }
      : { address, state: 'warm' },
  ),
  sources: ['imds @node1'],
});

const pod = (name: string, ip: string, eniId: string): TopologyPod => ({
  namespace: 'default',
  name,
  ip,
  nodeName: 'n1',
  eniId,
  isHostNetwork: false,
  phase: 'Running',
  sources: ['kubectl @operator'],
});

const topology = (t: Partial<Topology>): Topology => ({
  workspaceId: 'w',
  collectedAt: '2026-11-23T12:00:00.000Z',
  durationMs: 12,
  vpcs: [{ id: 'vpc-1', cidrs: ['10.0.0.0/16'], sources: [] }],
  subnets: [],
  peerings: [],
  nodes: [],
  pods: [],
  services: [],
  warnings: [],
  ...t,
});

const before = topology({
  nodes: [
    {
      hostId: 'node1',
      nodeName: 'n1',
      enis: [eni('eni-0', ['10.0.0.11', '10.0.0.12'], { '10.0.0.11': 'web-a' })],
      routes: [
        { text: '10.0.0.11 dev enia scope link', table: 'main', dst: '10.0.0.11', dev: 'enia' },
      ],
      sources: [],
    },
  ],
  pods: [pod('web-a', '10.0.0.11', 'eni-0')],
});

describe('diffTopology', () => {
  it('two collections of the same cluster differ in nothing, whatever their time or key order', () => {
    const again = JSON.parse(JSON.stringify(before)) as Topology;
    again.collectedAt = '2026-11-23T12:00:05.000Z';
    again.durationMs = 40;
    // Same values, keys in another order: still equal.
    again.pods = again.pods.map(
      (p) => Object.fromEntries(Object.entries(p).reverse()) as TopologyPod,
    );
    const diff = diffTopology(before, again);
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('a scale-out: a new ENI and pods are added; the node’s routes and the old ENI’s slot changed', () => {
    const after = topology({
      nodes: [
        {
          ...before.nodes[0]!,
          enis: [
            eni('eni-0', ['10.0.0.11', '10.0.0.12'], {
              '10.0.0.11': 'web-a',
              '10.0.0.12': 'web-b',
            }),
            eni('eni-1', ['10.0.1.21']),
          ],
          routes: [
            ...(before.nodes[0]?.routes ?? []),
            { text: '10.0.0.12 dev enib scope link', table: 'main', dst: '10.0.0.12', dev: 'enib' },
          ],
        },
      ],
      pods: [pod('web-a', '10.0.0.11', 'eni-0'), pod('web-b', '10.0.0.12', 'eni-0')],
    });
    const diff = diffTopology(before, after);
    expect(diff.added.map((e) => [e.kind, e.key])).toEqual([
      ['eni', 'node1/eni-1'],
      ['pod', 'default/web-b'],
    ]);
    expect(diff.added[0]?.value).toMatchObject({ id: 'eni-1', node: 'node1', deviceNumber: 1 });
    expect(diff.changed.map((e) => [e.kind, e.key, e.fields])).toEqual([
      ['node', 'node1', ['routes']],
      ['eni', 'node1/eni-0', ['slots']],
    ]);
    expect(diff.removed).toEqual([]);
  });

  it('a scale-in: pods and an ENI removed by key, a pod’s phase change is a changed field', () => {
    const after = topology({
      nodes: [{ ...before.nodes[0]!, enis: [] }],
      pods: [{ ...pod('web-a', '10.0.0.11', 'eni-0'), phase: 'Succeeded' }],
      warnings: [{ hostId: 'node1', source: 'ipamd /v1/enis', message: 'no answer' }],
    });
    const diff = diffTopology(before, after);
    expect(diff.removed).toEqual([{ kind: 'eni', key: 'node1/eni-0' }]);
    expect(diff.changed.map((e) => [e.kind, e.key, e.fields])).toEqual([
      ['pod', 'default/web-a', ['phase']],
    ]);
    expect(diff.added).toEqual([
      {
        kind: 'warning',
        key: 'node1 ipamd /v1/enis: no answer',
        value: { hostId: 'node1', source: 'ipamd /v1/enis', message: 'no answer' },
      },
    ]);
  });

  it('every entity has a key unique within its kind', () => {
    const keys = topologyEntities(before).map((e) => `${e.kind} ${e.key}`);
    expect(keys).toEqual(['vpc vpc-1', 'node node1', 'eni node1/eni-0', 'pod default/web-a']);
  });
});
