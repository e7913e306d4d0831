/**
 * A host's kernel networking state, derived from the cluster model at a moment in time: links
 * and addresses, routing tables, policy rules and neighbours. Every `ip`, `route -n` and
 * `ip neigh` output of a demo host is rendered from this one view.
 */
import { subnetById } from '../model/ipam';
import { broadcastOf, inCidr, ipToInt, nthIp, prefixOf } from '../model/ipv4';
import type { Cluster, Eni, Instance, Pod } from '../model/types';

export interface Address {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  metric?: number;
  broadcast?: string;
  scope: 'host' | 'global' | 'link';
  protocol?: 'kernel_ll';
  isDynamic?: boolean;
  isNoPrefixRoute?: boolean;
  label?: string;
  /** Seconds, or undefined for forever. */
  lifetime?: number;
}

export interface Link {
  ifindex: number;
  ifname: string;
  kind: 'loopback' | 'ena' | 'veth';
  flags: string[];
  mtu: number;
  qdisc: string;
  operstate: 'UP' | 'UNKNOWN';
  txqlen?: number;
  mac: string;
  altname?: string;
  /** veth: the peer's ifindex in the pod's netns and that netns. */
  peer?: { ifindex: number; netnsName: string; netnsId: number };
  addresses: Address[];
}

export interface Route {
  family: 4 | 6;
  /** A number for the VPC CNI's per-ENI tables. */
  table: 'main' | 'local' | number;
  type?: 'local' | 'broadcast' | 'multicast';
  dst: string;
  gateway?: string;
  dev: string;
  protocol?: 'dhcp' | 'kernel';
  scope?: 'link' | 'host';
  prefsrc?: string;
  metric?: number;
}

export interface PolicyRule {
  priority: number;
  from: string;
  to?: string;
  fwmark?: { value: string; mask: string };
  table: string;
}

export interface Neighbour {
  dst: string;
  dev: string;
  lladdr: string;
  state: 'REACHABLE' | 'STALE' | 'PERMANENT';
}

export interface HostNet {
  links: Link[];
  routes: Route[];
  rules: PolicyRule[];
  neighbours: Neighbour[];
}

/** The IPv6 link-local address the kernel derives from a MAC (modified EUI-64). */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  const word = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `fe80::${word((b[0] ?? 0) ^ 2, b[1] ?? 0)}:${word(b[2] ?? 0, 0xff)}:${word(0xfe, b[3] ?? 0)}:${word(b[4] ?? 0, b[5] ?? 0)}`;
}

/** ENIs attached by `now`, in device order. */
export function attachedEnis(inst: Instance, now: number): Eni[] {
  return inst.enis.filter((e) => e.attachedAt <= now);
}

/** Pods on this host whose sandbox (IP, veth, routes) exists at `now`, oldest first. */
export function networkedPods(cluster: Cluster, inst: Instance, now: number): Pod[] {
  return cluster.pods
    .filter((p) => p.hostId === inst.hostId && p.network && p.sandboxAt <= now)
    .sort((a, b) => a.sandboxAt - b.sandboxAt);
}

/** The number the VPC CNI gives an ENI's route table: device number + 1. */
export function eniTable(eni: Eni): number {
  return eni.deviceNumber + 1;
}

const LINK_LOCAL = (mac: string): Address => ({
  family: 'inet6',
  local: linkLocal(mac),
  prefixlen: 64,
  scope: 'link',
  protocol: 'kernel_ll',
});

export function hostNet(cluster: Cluster, inst: Instance, now: number): HostNet {
  const subnet = subnetById(cluster, inst.subnetId);
  const vpc = cluster.vpcs.find((v) => v.id === inst.vpcId);
  const gateway = nthIp(subnet.cidr, 1);
  const dns = nthIp(vpc?.cidr ?? subnet.cidr, 2);
  const prefix = prefixOf(subnet.cidr);
  const enis = attachedEnis(inst, now);
  const pods = networkedPods(cluster, inst, now);
  const primary = enis.find((e) => e.deviceNumber === 0);
  const ip = inst.privateIp;
  // networkd renews the DHCP lease at half time, so its lifetime moves between 1800 s and 3600 s.
  const lease = 3600 - (Math.floor((now - inst.launchedAt) / 1000) % 1800);

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
  for (const eni of enis) {
    const isPrimary = eni === primary;
    links.push({
      ifindex: eni.ifindex,
      ifname: eni.ifname,
      kind: 'ena',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 9001,
      qdisc: 'mq',
      operstate: 'UP',
      txqlen: 1000,
      mac: eni.mac,
      altname: `enp0s${5 + eni.deviceNumber}`,
      addresses: [
        {
          family: 'inet',
          local: eni.primaryIp,
          prefixlen: prefix,
          broadcast: broadcastOf(subnet.cidr),
          scope: 'global',
          label: eni.ifname,
          ...(isPrimary ? { metric: 512, isDynamic: true, lifetime: lease } : {}),
        },
        LINK_LOCAL(eni.mac),
      ],
    });
  }
  for (const pod of pods) {
    const n = pod.network;
    if (!n) continue;
    links.push({
      ifindex: n.vethIfindex,
      ifname: n.veth,
      kind: 'veth',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 9001,
      qdisc: 'noqueue',
      operstate: 'UP',
      mac: n.vethMac,
      peer: { ifindex: 3, netnsName: n.netnsName, netnsId: n.netnsId },
      addresses: [LINK_LOCAL(n.vethMac)],
    });
  }
  links.sort((a, b) => a.ifindex - b.ifindex);

  const main: Route[] = [
    {
      family: 4,
      table: 'main',
      dst: 'default',
      gateway,
      dev: 'ens5',
      protocol: 'dhcp',
      prefsrc: ip,
      metric: 512,
    },
    inCidr(dns, subnet.cidr)
      ? {
          family: 4,
          table: 'main',
          dst: dns,
          dev: 'ens5',
          protocol: 'dhcp',
          scope: 'link',
          prefsrc: ip,
          metric: 512,
        }
      : {
          family: 4,
          table: 'main',
          dst: dns,
          gateway,
          dev: 'ens5',
          protocol: 'dhcp',
          prefsrc: ip,
          metric: 512,
        },
    {
      family: 4,
      table: 'main',
      dst: subnet.cidr,
      dev: 'ens5',
      protocol: 'kernel',
      scope: 'link',
      prefsrc: ip,
      metric: 512,
    },
    {
      family: 4,
      table: 'main',
      dst: gateway,
      dev: 'ens5',
      protocol: 'dhcp',
      scope: 'link',
      prefsrc: ip,
      metric: 512,
    },
    ...pods.map((p): Route => ({
      family: 4,
      table: 'main',
      dst: p.network?.ip ?? '',
      dev: p.network?.veth ?? '',
      scope: 'link',
    })),
  ];
  main.sort(byDestination);
  const eniTables = enis
    .filter((e) => e !== primary)
    .flatMap((e): Route[] => [
      { family: 4, table: eniTable(e), dst: 'default', gateway, dev: e.ifname },
      { family: 4, table: eniTable(e), dst: gateway, dev: e.ifname, scope: 'link' },
    ]);
  const local: Route[] = [
    {
      family: 4,
      table: 'local',
      type: 'local',
      dst: '127.0.0.0/8',
      dev: 'lo',
      protocol: 'kernel',
      scope: 'host',
      prefsrc: '127.0.0.1',
    },
    {
      family: 4,
      table: 'local',
      type: 'local',
      dst: '127.0.0.1',
      dev: 'lo',
      protocol: 'kernel',
      scope: 'host',
      prefsrc: '127.0.0.1',
    },
    {
      family: 4,
      table: 'local',
      type: 'broadcast',
      dst: '127.255.255.255',
      dev: 'lo',
      protocol: 'kernel',
      scope: 'link',
      prefsrc: '127.0.0.1',
    },
    ...enis.flatMap((e): Route[] => [
      {
        family: 4,
        table: 'local',
        type: 'local',
        dst: e.primaryIp,
        dev: e.ifname,
        protocol: 'kernel',
        scope: 'host',
        prefsrc: e.primaryIp,
      },
      {
        family: 4,
        table: 'local',
        type: 'broadcast',
        dst: broadcastOf(subnet.cidr),
        dev: e.ifname,
        protocol: 'kernel',
        scope: 'link',
        prefsrc: e.primaryIp,
      },
    ]),
  ];
  local.sort(byDestination);
  const v6Links = links.filter((l) => l.kind !== 'loopback');
  const v6: Route[] = [
    ...v6Links.map((l): Route => ({
      family: 6,
      table: 'main',
      dst: 'fe80::/64',
      dev: l.ifname,
      protocol: 'kernel',
      metric: 256,
    })),
    {
      family: 6,
      table: 'local',
      type: 'local',
      dst: '::1',
      dev: 'lo',
      protocol: 'kernel',
      metric: 0,
    },
    ...v6Links.map((l): Route => ({
      family: 6,
      table: 'local',
      type: 'local',
      dst: linkLocal(l.mac),
      dev: l.ifname,
      protocol: 'kernel',
      metric: 0,
    })),
    ...v6Links.map((l): Route => ({
      family: 6,
      table: 'local',
      type: 'multicast',
      dst: 'ff00::/8',
      dev: l.ifname,
      protocol: 'kernel',
      metric: 256,
    })),
  ];

  const eniById = new Map(enis.map((e) => [e.id, e]));
  const rules: PolicyRule[] = [
    { priority: 0, from: 'all', table: 'local' },
    ...pods.map((p): PolicyRule => ({
      priority: 512,
      from: 'all',
      to: p.network?.ip ?? '',
      table: 'main',
    })),
    ...(inst.role === 'node'
      ? [{ priority: 1024, from: 'all', fwmark: { value: '0x80', mask: '0x80' }, table: 'main' }]
      : []),
    ...pods.flatMap((p): PolicyRule[] => {
      const eni = eniById.get(p.network?.eniId ?? '');
      return eni && eni !== primary
        ? [{ priority: 1536, from: p.network?.ip ?? '', table: String(eniTable(eni)) }]
        : [];
    }),
    // amazon-ec2-net-utils on AL2023 routes traffic from a secondary ENI's own address by its table.
    ...enis
      .filter((e) => e !== primary)
      .map((e): PolicyRule => ({ priority: 32765, from: e.primaryIp, table: String(eniTable(e)) })),
    { priority: 32766, from: 'all', table: 'main' },
    { priority: 32767, from: 'all', table: 'default' },
  ];

  const neighbours: Neighbour[] = [
    { dst: gateway, dev: 'ens5', lladdr: gatewayMac(subnet.id), state: 'REACHABLE' },
    ...cluster.controlPlaneEnis
      .filter((c) => inCidr(c.ip, subnet.cidr))
      .map((c): Neighbour => ({ dst: c.ip, dev: 'ens5', lladdr: c.mac, state: 'REACHABLE' })),
    ...pods.map((p): Neighbour => ({
      dst: p.network?.ip ?? '',
      dev: p.network?.veth ?? '',
      lladdr: p.network?.podMac ?? '',
      state: p.readyAt <= now ? 'REACHABLE' : 'STALE',
    })),
    ...enis
      .filter((e) => e !== primary && pods.some((p) => p.network?.eniId === e.id))
      .map((e): Neighbour => ({
        dst: gateway,
        dev: e.ifname,
        lladdr: gatewayMac(subnet.id),
        state: 'STALE',
      })),
  ];
  return { links, routes: [...eniTables, ...main, ...local, ...v6], rules, neighbours };
}

function byDestination(a: Route, b: Route): number {
  const key = (r: Route): [number, number] =>
    r.dst === 'default'
      ? [0, 0]
      : [ipToInt(r.dst.split('/')[0] ?? '0.0.0.0'), Number(r.dst.split('/')[1] ?? 32)];
  const [ka, pa] = key(a);
  const [kb, pb] = key(b);
  return ka - kb || pa - pb;
}

/** The VPC router answers ARP with a MAC of its own per subnet; derived so it stays stable. */
export function gatewayMac(subnetId: string): string {
  const hex = subnetId.replace(/^subnet-0/, '').padEnd(10, '0');
  return ['02', ...[0, 2, 4, 6, 8].map((i) => hex.slice(i, i + 2))].join(':');
}
