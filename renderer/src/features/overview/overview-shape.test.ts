import { describe, expect, it } from 'vitest';
import type { IpSlot, LabOverview } from '../../../../shared/model/lab-overview';
import type { Eni } from '../../../../shared/model/lab-overview';
import { compareAddresses, compareEnis, shapeOverview, slotRows } from './overview-shape';

describe('compareAddresses', () => {
  it.each([
    ['192.168.1.9', '192.168.1.10', -1],
    ['192.168.2.1', '192.168.1.200', 1],
    ['10.0.0.1', '10.0.0.1', 0],
    ['fe80::1', '10.0.0.1', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareAddresses(a, b))).toBe(sign);
  });
});

describe('compareEnis', () => {
  const eni = (id: string, deviceNumber: number | undefined, isPrimary = false): Eni => ({
    id,
    isPrimary,
    slots: [],
    ...(deviceNumber === undefined ? {} : { deviceNumber }),
  });
  it('puts the primary first, then device numbers, unknown ones last', () => {
    const sorted = [eni('c', undefined), eni('b', 2), eni('a', 1), eni('p', undefined, true)]
      .sort(compareEnis)
      .map((e) => e.id);
    expect(sorted).toEqual(['p', 'a', 'b', 'c']);
  });
});

describe('slotRows', () => {
  it('lists the primary, then pods, then the warm pool, each by address', () => {
    const slots: IpSlot[] = [
      { address: '192.168.1.30', state: 'warm' },
      { address: '192.168.1.101', state: 'assigned', pod: { namespace: 'default', name: 'b' } },
      { address: '192.168.1.9', state: 'warm' },
      { address: '192.168.1.20', state: 'primary' },
      {
        address: '192.168.1.11',
        state: 'assigned',
        pod: { namespace: 'kube-system', name: 'coredns-1' },
        hostVeth: 'eni1a2b3c4d5e6',
      },
    ];
    expect(slotRows(slots)).toEqual([
      { address: '192.168.1.20', state: 'primary', pod: null, hostVeth: null },
      {
        address: '192.168.1.11',
        state: 'assigned',
        pod: { namespace: 'kube-system', name: 'coredns-1' },
        hostVeth: 'eni1a2b3c4d5e6',
      },
      {
        address: '192.168.1.101',
        state: 'assigned',
        pod: { namespace: 'default', name: 'b' },
        hostVeth: null,
      },
      { address: '192.168.1.9', state: 'warm', pod: null, hostVeth: null },
      { address: '192.168.1.30', state: 'warm', pod: null, hostVeth: null },
    ]);
  });
});

describe('shapeOverview', () => {
  const overview: LabOverview = {
    workspaceId: 'demo',
    collectedAt: '2026-01-01T00:00:00Z',
    durationMs: 120,
    nodes: [
      {
        hostId: 'node1',
        nodeName: 'ip-192-168-1-20.ec2.internal',
        instanceType: 't3.medium',
        zone: 'ap-northeast-2a',
        enis: [
          {
            id: 'eni-2',
            deviceNumber: 1,
            interfaceName: 'ens6',
            isPrimary: false,
            slots: [
              { address: '192.168.1.50', state: 'primary' },
              { address: '192.168.1.51', state: 'warm' },
            ],
          },
          {
            id: 'eni-1',
            deviceNumber: 0,
            interfaceName: 'ens5',
            mac: '02:aa:bb:cc:dd:ee',
            isPrimary: true,
            slots: [
              { address: '192.168.1.20', state: 'primary' },
              {
                address: '192.168.1.21',
                state: 'assigned',
                pod: { namespace: 'default', name: 'nginx-1' },
              },
            ],
          },
        ],
        hostNetworkPods: [
          { namespace: 'kube-system', name: 'kube-proxy-x' },
          { namespace: 'kube-system', name: 'aws-node-y' },
        ],
      },
      { hostId: 'node2', enis: [], hostNetworkPods: [] },
    ],
    warnings: [
      { hostId: 'node2', source: 'ipamd', message: 'connection refused' },
      { source: 'kubectl', message: 'no kubeconfig' },
      { hostId: 'operator', source: 'aws', message: 'no credentials' },
    ],
  };
  const view = shapeOverview(overview, new Map([['node2', 'worker 2']]));

  it('shapes each node with its facts, ENIs by device and counts', () => {
    const [node1, node2] = view.nodes;
    expect(node1?.title).toBe('ip-192-168-1-20.ec2.internal');
    expect(node1?.facts).toEqual([
      { label: 'Instance', value: 't3.medium' },
      { label: 'Zone', value: 'ap-northeast-2a' },
    ]);
    expect(node1?.enis.map((eni) => eni.id)).toEqual(['eni-1', 'eni-2']);
    expect([node1?.assigned, node1?.warm]).toEqual([1, 1]);
    expect(node1?.hostNetworkPods).toEqual(['kube-system/aws-node-y', 'kube-system/kube-proxy-x']);
    expect(node2?.title).toBe('worker 2');
    expect(node2?.warnings.map((w) => w.source)).toEqual(['ipamd']);
  });

  it('keeps warnings about no node shown apart', () => {
    expect(view.generalWarnings.map((w) => w.source)).toEqual(['kubectl', 'aws']);
    expect([view.assigned, view.warm]).toEqual([1, 1]);
  });
});
