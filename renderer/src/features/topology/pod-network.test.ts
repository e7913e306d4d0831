import { describe, expect, it } from 'vitest';
import type { TopologyNode } from '../../../../shared/model/topology';
import { podNetworkFacts } from './pod-network';

const base: TopologyNode = { nodeName: 'node1', enis: [], sources: [] };

const withFacts = {
  ...base,
  routes: [
    {
      text: 'default via 192.168.1.1 dev ens5 proto dhcp src 192.168.1.37 metric 512',
      table: 'main',
    },
    {
      text: '192.168.1.85 dev eni3f1a2b3c4d5 scope link',
      table: 'main',
      dst: '192.168.1.85',
      dev: 'eni3f1a2b3c4d5',
    },
    { text: '192.168.1.8 dev eni000 scope link', dst: '192.168.1.8' },
    { text: 'default via 192.168.1.1 dev ens6', table: 2 },
  ],
  rules: [
    { text: '0: from all lookup local', priority: 0 },
    { text: '512: from all to 192.168.1.85 lookup main', priority: 512, to: '192.168.1.85' },
    { text: '1536: from 192.168.1.85 lookup 2', priority: 1536, from: '192.168.1.85', table: 2 },
    { text: '1536: from 192.168.1.850 lookup 2' },
  ],
} as TopologyNode;

describe('podNetworkFacts', () => {
  it('lists the routes and rules that name the pod’s IP, and no longer address', () => {
    expect(podNetworkFacts(withFacts, '192.168.1.85')).toEqual({
      routes: ['192.168.1.85 dev eni3f1a2b3c4d5 scope link'],
      rules: ['512: from all to 192.168.1.85 lookup main', '1536: from 192.168.1.85 lookup 2'],
    });
    expect(podNetworkFacts(withFacts, '192.168.1.8').rules).toEqual([]);
  });

  it('names a route’s table unless it is main', () => {
    expect(podNetworkFacts(withFacts, '192.168.1.1').routes).toEqual([
      'default via 192.168.1.1 dev ens5 proto dhcp src 192.168.1.37 metric 512',
      'default via 192.168.1.1 dev ens6 table 2',
    ]);
  });

  it('cannot tell without the node’s routes and rules, a node or an IP', () => {
    expect(podNetworkFacts(base, '192.168.1.85')).toEqual({ routes: null, rules: null });
    expect(podNetworkFacts(undefined, '192.168.1.85')).toEqual({ routes: null, rules: null });
    expect(podNetworkFacts(withFacts, undefined)).toEqual({ routes: null, rules: null });
    const odd = { ...base, routes: 'not a list' } as unknown as TopologyNode;
    expect(podNetworkFacts(odd, '192.168.1.85').routes).toBeNull();
  });
});
