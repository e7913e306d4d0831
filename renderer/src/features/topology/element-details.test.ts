import { describe, expect, it } from 'vitest';
import { describeElement } from './element-details';
import { toElements } from './graph-elements';
import { syntheticTopology } from './synthetic-topology';

const model = syntheticTopology({
  nodes: 2,
  enisPerNode: 2,
  ipsPerEni: 4,
  podsPerNode: 2,
  maxEnis: 3,
});
const elements = toElements(model, { showServices: false, collapseSlots: false });
const data = (id: string) => elements.find((element) => element.data.id === id)!.data;
const rows = (id: string) => Object.fromEntries(describeElement(model, data(id))?.rows ?? []);

describe('describeElement', () => {
  it('describes an ENI: device, interface, MAC, IPs used and free', () => {
    expect(rows('eni:eni-00000000000000001')).toMatchObject({
      Node: 'node1',
      'Device number': '1',
      Interface: 'ens6',
      MAC: '02:00:00:00:00:01',
      IPs: '4 · 0 used · 3 free (warm)',
    });
  });

  it('describes a pod: node, ENI, veth, phase, owner', () => {
    expect(rows('pod:default/app-0-0-1')).toMatchObject({
      IP: '10.0.0.21',
      Node: 'node1',
      ENI: 'eni-00000000000000000 (ens5)',
      'Host veth': 'eni00000000001',
      Phase: 'Running',
      Owner: 'ReplicaSet/app-5869d7778c',
    });
  });

  it('lists the routes and rules naming a pod’s IP, or says unknown without them', () => {
    const pod = data('pod:default/app-0-0-1');
    expect(describeElement(model, pod)?.lists).toEqual([
      { title: 'Routes', items: null, empty: 'no route names 10.0.0.21' },
      { title: 'Rules', items: null, empty: 'no rule names 10.0.0.21' },
    ]);
    const node1 = {
      ...model.nodes[0]!,
      routes: [{ text: '10.0.0.21 dev eni00000000001 scope link', dst: '10.0.0.21' }],
      rules: [{ text: '512: from all to 10.0.0.21 lookup main', to: '10.0.0.21' }],
    };
    const told = { ...model, nodes: [node1, ...model.nodes.slice(1)] };
    expect(describeElement(told, pod)?.lists?.map((list) => list.items)).toEqual([
      ['10.0.0.21 dev eni00000000001 scope link'],
      ['512: from all to 10.0.0.21 lookup main'],
    ]);
  });

  it('says why a Pending pod has no node, IP, ENI or veth', () => {
    const full = {
      ...model,
      nodes: model.nodes.map((node) => ({
        ...node,
        limits: { maxEnis: 3, ipsPerEni: 4, maxPods: 2 },
      })),
      pods: [
        ...model.pods,
        { namespace: 'default', name: 'late', phase: 'Pending', isHostNetwork: false, sources: [] },
      ],
    };
    const details = describeElement(full, {
      id: 'pod:default/late',
      kind: 'pod',
      ref: 'default/late',
      label: '',
    });
    expect(Object.fromEntries(details?.rows ?? [])).toMatchObject({
      IP: 'none yet',
      Phase: 'Pending',
      Why: 'every node is at its max pods (2): no IP, no node until one frees up',
      Node: 'none (not scheduled)',
      ENI: 'none yet',
      'Host veth': 'none yet',
    });
    expect(details?.lists).toBeUndefined();
  });

  it('describes a node with its limits, and says unknown for what no source told', () => {
    expect(rows('node:node2')).toMatchObject({
      'Instance type': 'm5.large',
      ENIs: '2 of 3',
      Pods: '2 of 11 max',
    });
    const bare = {
      ...model,
      nodes: [{ nodeName: 'bare', instanceType: 'x9.odd', enis: [], sources: [] }],
    };
    const details = describeElement(bare, {
      id: 'node:bare',
      kind: 'node',
      ref: 'bare',
      label: '',
    });
    expect(Object.fromEntries(details?.rows ?? [])).toMatchObject({
      'Instance type': 'x9.odd',
      ENIs: '0 of unknown',
    });
  });

  it('takes a node’s limits from the VPC CNI table when no source told them', () => {
    const typed = {
      ...model,
      nodes: [{ nodeName: 't', instanceType: 't3.medium', enis: [], sources: [] }],
    };
    const details = describeElement(typed, { id: 'node:t', kind: 'node', ref: 't', label: '' });
    expect(Object.fromEntries(details?.rows ?? [])).toMatchObject({
      ENIs: '0 of 3',
      'IPs per ENI': '6',
      Pods: '0 of 17 max',
    });
  });

  it('returns null for an element the model no longer has', () => {
    expect(
      describeElement(model, { id: 'pod:x/y', kind: 'pod', ref: 'x/y', label: '' }),
    ).toBeNull();
  });
});
