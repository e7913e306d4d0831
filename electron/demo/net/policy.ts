/**
 * A host's policy rules and neighbours. The VPC CNI adds `512: to <podIP> lookup main` for every
 * pod, `1024: fwmark 0x80/0x80 lookup main` for connmarked replies, and `1536: from <podIP>
 * lookup <device+1>` for pods whose IP lives on a secondary ENI (rules of one priority list in
 * the order they were added).
 */
import { inCidr } from '../model/ipv4';
import { eniTable, gatewayMac, type HostFacts } from './facts';
import type { Neighbour, PolicyRule } from './net-types';

export function hostRules(f: HostFacts): PolicyRule[] {
  const eniById = new Map(f.enis.map((e) => [e.id, e]));
  const secondaries = f.enis.filter((e) => e !== f.primary);
  return [
    { priority: 0, from: 'all', table: 'local' },
    ...f.pods.map((p): PolicyRule => ({
      priority: 512,
      from: 'all',
      to: p.network?.ip ?? '',
      table: 'main',
    })),
    ...(f.inst.role === 'node'
      ? [{ priority: 1024, from: 'all', fwmark: { value: '0x80', mask: '0x80' }, table: 'main' }]
      : []),
    ...f.pods.flatMap((p): PolicyRule[] => {
      const eni = eniById.get(p.network?.eniId ?? '');
      return eni && eni !== f.primary
        ? [{ priority: 1536, from: p.network?.ip ?? '', table: String(eniTable(eni)) }]
        : [];
    }),
    // amazon-ec2-net-utils on AL2023 routes traffic from a secondary ENI's own address by its table.
    ...secondaries.map((e): PolicyRule => ({
      priority: 32765,
      from: e.primaryIp,
      table: String(eniTable(e)),
    })),
    { priority: 32766, from: 'all', table: 'main' },
    { priority: 32767, from: 'all', table: 'default' },
  ];
}

export function hostNeighbours(f: HostFacts): Neighbour[] {
  const router = gatewayMac(f.subnet.id);
  return [
    { dst: f.gateway, dev: 'ens5', lladdr: router, state: 'REACHABLE' },
    // kubelet talks to an API server ENI directly when it shares the node's subnet.
    ...f.cluster.controlPlaneEnis
      .filter((c) => inCidr(c.ip, f.subnet.cidr))
      .map((c): Neighbour => ({ dst: c.ip, dev: 'ens5', lladdr: c.mac, state: 'REACHABLE' })),
    ...f.pods.map((p): Neighbour => ({
      dst: p.network?.ip ?? '',
      dev: p.network?.veth ?? '',
      lladdr: p.network?.podMac ?? '',
      state: p.readyAt <= f.now ? 'REACHABLE' : 'STALE',
    })),
    // Replies of pods on a secondary ENI leave through it, so its router entry exists too.
    ...f.enis
      .filter((e) => e !== f.primary && f.pods.some((p) => p.network?.eniId === e.id))
      .map((e): Neighbour => ({ dst: f.gateway, dev: e.ifname, lladdr: router, state: 'STALE' })),
  ];
}
