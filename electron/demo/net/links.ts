/**
 * A host's links as `ip link` / `ip addr` show them on AL2023: lo, one `ensN` per attached ENI
 * (altname `enp0sN`, the primary address by DHCP with metric 512) and one `eni…` veth per pod.
 */
import { broadcastOf } from '../model/ipv4';
import { kubeIpvs0 } from '../kube-proxy/kube-ipvs0';
import { linkLocal, type HostFacts } from './facts';
import type { Address, Link } from './net-types';

const UP = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

const linkLocalAddress = (mac: string): Address => ({
  family: 'inet6',
  local: linkLocal(mac),
  prefixlen: 64,
  scope: 'link',
  protocol: 'kernel_ll',
});

export function hostLinks(f: HostFacts): Link[] {
  // networkd renews the DHCP lease at half time, so its lifetime moves between 1800 s and 3600 s.
  const lease = 3600 - (Math.floor((f.now - f.inst.launchedAt) / 1000) % 1800);
  const links: Link[] = [
    {
      ifindex: 1,
      ifname: 'lo',
      kind: 'loopback',
      flags: ['LOOPBACK', 'UP', 'LOWER_UP'],
      mtu: 65536,
      qdisc: 'noqueue',
      operstate: 'UNKNOWN',
      txqlen: 1000,
      mac: '00:00:00:00:00:00',
      addresses: [
        { family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' },
        { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host', isNoPrefixRoute: true },
      ],
    },
  ];
  for (const eni of f.enis) {
    const inet: Address = {
      family: 'inet',
      local: eni.primaryIp,
      prefixlen: f.prefix,
      broadcast: broadcastOf(f.subnet.cidr),
      scope: 'global',
      label: eni.ifname,
      // Only the primary ENI's address comes from DHCP; the CNI configures the others statically.
      ...(eni === f.primary ? { metric: 512, isDynamic: true, lifetime: lease } : {}),
    };
    links.push({
      ifindex: eni.ifindex,
      ifname: eni.ifname,
      kind: 'ena',
      flags: UP,
      mtu: 9001,
      qdisc: 'mq',
      operstate: 'UP',
      txqlen: 1000,
      mac: eni.mac,
      altname: `enp0s${5 + eni.deviceNumber}`,
      addresses: [inet, linkLocalAddress(eni.mac)],
    });
  }
  for (const pod of f.pods) {
    const n = pod.network;
    if (!n) continue;
    links.push({
      ifindex: n.vethIfindex,
      ifname: n.veth,
      kind: 'veth',
      flags: UP,
      mtu: 9001,
      qdisc: 'noqueue',
      operstate: 'UP',
      mac: n.vethMac,
      // The pod's eth0 is interface 3 of its netns, hence `@if3`.
      peer: { ifindex: 3, netnsName: n.netnsName, netnsId: n.netnsId },
      addresses: [linkLocalAddress(n.vethMac)],
    });
  }
  // kube-proxy in IPVS mode binds every cluster IP to this dummy interface.
  const ipvs = kubeIpvs0(f.cluster, f.inst, f.now);
  if (ipvs) links.push(ipvs);
  return links.sort((a, b) => a.ifindex - b.ifindex);
}
