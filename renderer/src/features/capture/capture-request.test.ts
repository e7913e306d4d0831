import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../../shared/model/topology';
import { captureTargetOf } from './capture-request';
import { visibleWindow } from './PacketTable';

const model: Pick<Topology, 'nodes' | 'pods'> = {
  nodes: [
    {
      hostId: 'node1',
      nodeName: 'ip-192-168-1-5',
      enis: [
        { id: 'eni-0a', interfaceName: 'ens5', secondaryIps: [], slots: [], sources: [] },
        { id: 'eni-0b', secondaryIps: [], slots: [], sources: [] },
      ],
      sources: [],
    },
    { nodeName: 'ip-192-168-2-9', enis: [], sources: [] },
  ],
  pods: [
    {
      namespace: 'default',
      name: 'web-1',
      nodeName: 'ip-192-168-1-5',
      hostVeth: 'eni1a2b3c4d5e6',
      isHostNetwork: false,
      sources: [],
    },
    {
      namespace: 'default',
      name: 'web-2',
      nodeName: 'ip-192-168-2-9',
      hostVeth: 'eni9f8e7d6c5b4',
      isHostNetwork: false,
      sources: [],
    },
  ],
};

describe('captureTargetOf', () => {
  it('captures a pod on its host-side veth and an ENI on its interface, on the node host', () => {
    expect(captureTargetOf(model, { kind: 'pod', ref: 'default/web-1' })).toEqual({
      hostId: 'node1',
      iface: 'eni1a2b3c4d5e6',
      label: 'pod default/web-1',
    });
    expect(captureTargetOf(model, { kind: 'eni', ref: 'eni-0a' })).toEqual({
      hostId: 'node1',
      iface: 'ens5',
      label: 'ENI ens5',
    });
  });

  it('offers nothing it would have to guess: unknown interface, node without a host, other kinds', () => {
    expect(captureTargetOf(model, { kind: 'eni', ref: 'eni-0b' })).toBeUndefined();
    expect(captureTargetOf(model, { kind: 'pod', ref: 'default/web-2' })).toBeUndefined();
    expect(captureTargetOf(model, { kind: 'node', ref: 'ip-192-168-1-5' })).toBeUndefined();
  });
});

describe('visibleWindow', () => {
  it('renders the rows in view plus a margin, never past the ends', () => {
    expect(visibleWindow(0, 200, 1000)).toEqual({ first: 0, last: 20 });
    expect(visibleWindow(2000, 200, 1000)).toEqual({ first: 90, last: 120 });
    expect(visibleWindow(19_900, 200, 1000)).toEqual({ first: 985, last: 1000 });
    expect(visibleWindow(0, 200, 0)).toEqual({ first: 0, last: 0 });
  });
});
