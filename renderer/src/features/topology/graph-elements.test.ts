import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../../shared/model/topology';
import { fullElementCount, toElements } from './graph-elements';
import { syntheticTopology } from './synthetic-topology';

const FULL = { showServices: false, collapseSlots: false };

function small(): Topology {
  const model = syntheticTopology({
    nodes: 2,
    enisPerNode: 1,
    ipsPerEni: 3,
    podsPerNode: 1,
    maxEnis: 3,
  });
  return {
    ...model,
    pods: [
      ...model.pods,
      {
        namespace: 'kube-system',
        name: 'aws-node-x',
        ip: '10.0.0.10',
        nodeName: 'node1',
        isHostNetwork: true,
        phase: 'Running',
        sources: ['k'],
      },
      {
        namespace: 'default',
        name: 'nginx-pending',
        nodeName: undefined,
        phase: 'Pending',
        isHostNetwork: false,
        sources: ['k'],
      },
    ],
    services: [
      {
        namespace: 'default',
        name: 'app',
        clusterIp: '172.20.0.10',
        ports: [{ port: 80, protocol: 'TCP' }],
        endpointPods: [
          { namespace: 'default', name: 'app-0-0-0' },
          { namespace: 'default', name: 'gone' },
        ],
        sources: ['k'],
      },
    ],
  };
}

const byId = (elements: ReturnType<typeof toElements>) =>
  new Map(elements.map((element) => [element.data.id, element.data]));

describe('toElements', () => {
  it('nests VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP slot with each pod beside its slot', () => {
    const data = byId(toElements(small(), FULL));
    expect(data.get('subnet:subnet-a')?.parent).toBe('vpc:vpc-main');
    expect(data.get('node:node1')?.parent).toBe('subnet:subnet-a');
    expect(data.get('node:node2')?.parent).toBe('subnet:subnet-b');
    const eni = 'eni:eni-00000000000000000';
    expect(data.get(eni)?.parent).toBe('node:node1');
    expect(data.get(eni)?.label).toBe('#0 ens5 eni-00000000');
    expect(data.get('ip:10.0.0.10')).toMatchObject({ parent: eni, state: 'primary' });
    expect(data.get('ip:10.0.0.20')).toMatchObject({ parent: eni, state: 'assigned' });
    expect(data.get('ip:10.0.0.21')).toMatchObject({ parent: eni, state: 'warm' });
    expect(data.get('pod:default/app-0-0-0')).toMatchObject({
      parent: eni,
      slotId: 'ip:10.0.0.20',
      state: 'Running',
      kind: 'pod',
    });
  });

  it('shows the free ENI places a node’s limits allow', () => {
    const data = byId(toElements(small(), FULL));
    expect(data.get('eni-free:node1:1')?.parent).toBe('node:node1');
    expect(data.get('eni-free:node1:2')?.parent).toBe('node:node1');
    expect(data.has('eni-free:node1:3')).toBe(false);
  });

  it('puts the operator in its subnet, peering between VPCs, host-network and Pending pods apart', () => {
    const elements = toElements(small(), FULL);
    const data = byId(elements);
    expect(data.get('operator:operator')?.parent).toBe('subnet:subnet-a');
    expect(data.get('peering:pcx-1')).toMatchObject({
      source: 'vpc:vpc-main',
      target: 'vpc:vpc-peer',
      state: 'active',
    });
    expect(data.get('pod:kube-system/aws-node-x')).toMatchObject({
      kind: 'hostnet',
      parent: 'node:node1',
    });
    expect(data.get('pod:default/nginx-pending')).toMatchObject({
      parent: 'unplaced',
      state: 'Pending',
    });
    expect(data.get('pod:default/nginx-pending')?.label).toContain('no IP');
    expect(elements.filter((element) => element.data.kind === 'service')).toEqual([]);
  });

  it('draws Services on demand, with edges only to pods on the graph', () => {
    const data = byId(toElements(small(), { ...FULL, showServices: true }));
    expect(data.get('svc:default/app')?.label).toContain('172.20.0.10 80/TCP');
    expect(data.get('ep:default/app>default/app-0-0-0')).toMatchObject({
      source: 'svc:default/app',
      target: 'pod:default/app-0-0-0',
    });
    expect(data.has('ep:default/app>default/gone')).toBe(false);
  });

  it('keeps parents before children and every parent and edge end present', () => {
    const elements = toElements(small(), { ...FULL, showServices: true });
    const seen = new Set<string>();
    for (const { data } of elements) {
      if (data.parent !== undefined) expect(seen.has(data.parent), data.id).toBe(true);
      seen.add(data.id);
    }
    for (const { data } of elements) {
      if (data.source !== undefined) expect(seen.has(data.source)).toBe(true);
      if (data.target !== undefined) expect(seen.has(data.target)).toBe(true);
    }
    expect(new Set(elements.map((element) => element.data.id)).size).toBe(elements.length);
  });

  it('collapses slots into counts per ENI, keeping service edges valid', () => {
    const elements = toElements(small(), { showServices: true, collapseSlots: true });
    const data = byId(elements);
    expect(data.get('eni:eni-00000000000000000')?.label).toBe(
      '#0 ens5 eni-00000000\n1 pods · 1 warm',
    );
    expect(
      elements.some((element) => element.data.kind === 'slot' || element.data.kind === 'hostnet'),
    ).toBe(false);
    expect(elements.some((element) => element.data.kind === 'endpoint')).toBe(false);
    expect(data.get('pod:default/nginx-pending')?.parent).toBe('unplaced');
  });

  it('puts nodes and subnets it cannot place under "unknown" groups instead of dropping them', () => {
    const model = small();
    const stray = {
      ...model.nodes[0]!,
      nodeName: 'stray',
      subnetId: 'subnet-x',
      vpcId: undefined,
      enis: [],
    };
    const data = byId(toElements({ ...model, nodes: [...model.nodes, stray] }, FULL));
    expect(data.get('node:stray')?.parent).toBe('subnet:?:vpc:?');
    expect(data.get('subnet:?:vpc:?')?.parent).toBe('vpc:?');
    expect(data.has('vpc:?')).toBe(true);
  });

  it('counts the full graph’s elements to choose the default mode', () => {
    const model = syntheticTopology({ nodes: 100, enisPerNode: 3, ipsPerEni: 20, podsPerNode: 57 });
    expect(fullElementCount(model)).toBeGreaterThan(toElements(model, FULL).length - 10);
    expect(fullElementCount(model)).toBeLessThan(toElements(model, FULL).length + 10);
  });
});
