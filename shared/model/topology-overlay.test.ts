import { describe, expect, it } from 'vitest';
import { parseIpAddrJson } from '../parsers/ip';
import { nodeOverlay, parseIpLinkDetails } from './topology-overlay';

// Trimmed from what `ip -j -d link` / `ip -j addr` printed in a namespace plumbed like a Flannel
// node (test/lab/vpc-cni/overlay-node.ts); tunl0 (Calico IPIP) is synthetic: this kernel has no
// ipip module to capture it from.
const DETAILS = String.raw`[{"ifindex":3,"ifname":"flannel.1","link_type":"ether","linkinfo":{"info_kind":"vxlan","info_data":{"id":1,"local":"10.0.0.5","port":8472,"learning":false,"ttl":0,"ageing":300}}},{"ifindex":4,"ifname":"cni0","linkinfo":{"info_kind":"bridge","info_data":{"forward_delay":1500}}},{"ifindex":6,"link_index":2,"link_netnsid":0,"ifname":"veth3f1c2a9b","master":"cni0","linkinfo":{"info_kind":"veth","info_slave_kind":"bridge","info_slave_data":{"hold_timer":0.00}}}]`;
const ADDR = String.raw`[{"ifindex":3,"ifname":"flannel.1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"operstate":"UNKNOWN","link_type":"ether","address":"a2:1a:eb:94:54:7a","addr_info":[{"family":"inet","local":"10.244.1.0","prefixlen":32,"scope":"global","label":"flannel.1"}]},{"ifindex":4,"ifname":"cni0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"operstate":"UP","link_type":"ether","address":"92:49:24:18:7c:e5","addr_info":[{"family":"inet","local":"10.244.1.1","prefixlen":24,"scope":"global","label":"cni0"}]},{"ifindex":5,"ifname":"tunl0","flags":["NOARP","UP","LOWER_UP"],"mtu":1480,"operstate":"UNKNOWN","link_type":"ipip","address":"0.0.0.0","addr_info":[]},{"ifindex":6,"link_index":2,"ifname":"veth3f1c2a9b","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"master":"cni0","operstate":"UP","link_type":"ether","address":"3e:11:9a:7b:21:04","link_netnsid":0,"addr_info":[]}]`;

describe('a node’s overlay', () => {
  it('reads kinds and VXLAN settings from ip -j -d link', () => {
    const { value, warnings } = parseIpLinkDetails(DETAILS);
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      { ifname: 'flannel.1', kind: 'vxlan', vni: 1, local: '10.0.0.5', port: 8472 },
      { ifname: 'cni0', kind: 'bridge' },
      { ifname: 'veth3f1c2a9b', kind: 'veth' },
    ]);
  });

  it('bad input is a warning, never a throw', () => {
    expect(parseIpLinkDetails('ip: command not found').warnings[0]?.message).toMatch(/not JSON/);
    expect(parseIpLinkDetails('{}').warnings[0]?.message).toMatch(/JSON array/);
    expect(parseIpLinkDetails('[{"ifindex":1}]')).toEqual({
      value: [],
      warnings: [{ line: 0, message: '[0]: not a link with an ifname' }],
    });
  });

  it('bridge with members, tunnels with kind (ipip from its link type), veths with their peer', () => {
    const links = parseIpAddrJson(ADDR).value;
    const overlay = nodeOverlay(links, parseIpLinkDetails(DETAILS).value, ['10.244.1.0/24'], ['s']);
    expect(overlay).toEqual({
      podCidrs: ['10.244.1.0/24'],
      bridges: [{ name: 'cni0', addresses: ['10.244.1.1/24'], members: ['veth3f1c2a9b'] }],
      tunnels: [
        {
          name: 'flannel.1',
          kind: 'vxlan',
          vni: 1,
          local: '10.0.0.5',
          port: 8472,
          addresses: ['10.244.1.0/32'],
        },
        { name: 'tunl0', kind: 'ipip', addresses: [] },
      ],
      veths: [
        {
          name: 'veth3f1c2a9b',
          ifindex: 6,
          peerIfindex: 2,
          peerNetnsId: 0,
          master: 'cni0',
          isCalico: false,
        },
      ],
      sources: ['s'],
    });
  });

  it('without ip -j -d link: a bridge is known by its members, a veth by its peer namespace', () => {
    const overlay = nodeOverlay(parseIpAddrJson(ADDR).value, undefined, undefined, []);
    expect(overlay?.bridges.map((b) => b.name)).toEqual(['cni0']);
    expect(overlay?.veths.map((v) => v.name)).toEqual(['veth3f1c2a9b']);
    // flannel.1's kind is unknown without details: not guessed to be a tunnel.
    expect(overlay?.tunnels.map((t) => t.name)).toEqual(['tunl0']);
    expect(overlay?.podCidrs).toBeUndefined();
    expect(nodeOverlay(undefined, undefined, ['10.244.1.0/24'], [])).toBeUndefined();
  });
});
