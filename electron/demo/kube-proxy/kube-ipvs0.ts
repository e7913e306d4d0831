/**
 * kube-proxy's `kube-ipvs0` in IPVS mode: a dummy interface, left DOWN, holding every cluster IP
 * as a /32 so the kernel treats traffic to a VIP as local and IPVS (at INPUT) can take it.
 */
import type { Cluster, Instance } from '../model/types';
import type { Link } from '../net/net-types';
import { runningProxyMode } from './mode-state';

/** Above any veth a demo node reaches, so the interface keeps its index while pods come and go. */
export const KUBE_IPVS0_IFINDEX = 900;

/** A stable locally administered MAC, as the kernel gives a new dummy device a random one. */
function dummyMac(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  const b = [(h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff, (h >>> 4) & 0xff];
  return ['6a', ...b.map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

/** The node's kube-ipvs0 at `now`, or undefined in iptables mode (and on the operator host). */
export function kubeIpvs0(cluster: Cluster, inst: Instance, now: number): Link | undefined {
  if (inst.role !== 'node' || runningProxyMode(cluster).mode !== 'ipvs') return undefined;
  const vips = [
    ...new Set(
      cluster.services
        // Headless Services have no VIP to bind.
        .filter((s) => s.createdAt <= now && s.clusterIp !== 'None')
        .map((s) => s.clusterIp),
    ),
  ];
  return {
    ifindex: KUBE_IPVS0_IFINDEX,
    ifname: 'kube-ipvs0',
    kind: 'dummy',
    flags: ['BROADCAST', 'NOARP'],
    mtu: 1500,
    qdisc: 'noop',
    operstate: 'DOWN',
    mac: dummyMac(inst.instanceId),
    addresses: vips.map((ip) => ({
      family: 'inet' as const,
      local: ip,
      prefixlen: 32,
      scope: 'global' as const,
      label: 'kube-ipvs0',
    })),
  };
}
