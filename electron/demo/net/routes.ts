/**
 * A host's routing tables as the kernel lists them: the VPC CNI's per-ENI tables (ascending),
 * main (DHCP routes on ens5 plus one `<podIP> dev eni… scope link` per pod), local, then IPv6.
 * Within a table the fib trie orders by address, then by prefix length.
 */
import { broadcastOf, inCidr, ipToInt } from '../model/ipv4';
import { eniTable, linkLocal, type HostFacts } from './facts';
import type { Link, Route } from './net-types';

export function byDestination(a: Route, b: Route): number {
  const key = (r: Route): [number, number] =>
    r.dst === 'default'
      ? [0, 0]
      : [ipToInt(r.dst.split('/')[0] ?? '0.0.0.0'), Number(r.dst.split('/')[1] ?? 32)];
  const [ka, pa] = key(a);
  const [kb, pb] = key(b);
  return ka - kb || pa - pb;
}

function mainTable(f: HostFacts): Route[] {
  const ip = f.inst.privateIp;
  const dhcp = {
    family: 4,
    table: 'main',
    dev: 'ens5',
    protocol: 'dhcp',
    prefsrc: ip,
    metric: 512,
  } as const;
  const dnsOnLink = inCidr(f.dns, f.subnet.cidr);
  const routes: Route[] = [
    { ...dhcp, dst: 'default', gateway: f.gateway },
    // The resolver is on-link only when it sits inside the node's own subnet.
    dnsOnLink
      ? { ...dhcp, dst: f.dns, scope: 'link' }
      : { ...dhcp, dst: f.dns, gateway: f.gateway },
    { ...dhcp, dst: f.subnet.cidr, protocol: 'kernel', scope: 'link' },
    { ...dhcp, dst: f.gateway, scope: 'link' },
    ...f.pods.map((p): Route => ({
      family: 4,
      table: 'main',
      dst: p.network?.ip ?? '',
      dev: p.network?.veth ?? '',
      scope: 'link',
    })),
  ];
  return routes.sort(byDestination);
}

export function localTable(f: HostFacts, links: Link[]): Route[] {
  const lo = {
    family: 4,
    table: 'local',
    dev: 'lo',
    protocol: 'kernel',
    prefsrc: '127.0.0.1',
  } as const;
  const routes: Route[] = [
    { ...lo, type: 'local', dst: '127.0.0.0/8', scope: 'host' },
    { ...lo, type: 'local', dst: '127.0.0.1', scope: 'host' },
    { ...lo, type: 'broadcast', dst: '127.255.255.255', scope: 'link' },
    ...f.enis.flatMap((e): Route[] => {
      const own = {
        family: 4,
        table: 'local',
        dev: e.ifname,
        protocol: 'kernel',
        prefsrc: e.primaryIp,
      } as const;
      return [
        { ...own, type: 'local', dst: e.primaryIp, scope: 'host' },
        { ...own, type: 'broadcast', dst: broadcastOf(f.subnet.cidr), scope: 'link' },
      ];
    }),
    // kube-ipvs0 is DOWN, but the kernel adds an address's local route before checking IFF_UP:
    // that route is what makes a cluster IP local in IPVS mode.
    ...links
      .filter((l) => l.kind === 'dummy')
      .flatMap((l) =>
        l.addresses
          .filter((a) => a.family === 'inet')
          .map((a): Route => ({
            family: 4,
            table: 'local',
            type: 'local',
            dst: a.local,
            dev: l.ifname,
            protocol: 'kernel',
            scope: 'host',
            prefsrc: a.local,
          })),
      ),
  ];
  return routes.sort(byDestination);
}

export function ipv6(links: Link[]): Route[] {
  // A link that is DOWN (kube-ipvs0) never got an IPv6 link-local address; nor has an IPIP tunnel.
  const withLinkLocal = links.filter(
    (l) => l.kind !== 'loopback' && l.kind !== 'ipip' && l.operstate !== 'DOWN',
  );
  const kernel = { family: 6, protocol: 'kernel' } as const;
  return [
    ...withLinkLocal.map((l): Route => ({
      ...kernel,
      table: 'main',
      dst: 'fe80::/64',
      dev: l.ifname,
      metric: 256,
    })),
    { ...kernel, table: 'local', type: 'local', dst: '::1', dev: 'lo', metric: 0 },
    ...withLinkLocal.map((l): Route => ({
      ...kernel,
      table: 'local',
      type: 'local',
      dst: linkLocal(l.mac),
      dev: l.ifname,
      metric: 0,
    })),
    ...withLinkLocal.map((l): Route => ({
      ...kernel,
      table: 'local',
      type: 'multicast',
      dst: 'ff00::/8',
      dev: l.ifname,
      metric: 256,
    })),
  ];
}

/** Every route of the host, tables in the order `ip route show table all` lists them. */
export function hostRoutes(f: HostFacts, links: Link[]): Route[] {
  // The VPC CNI gives each secondary ENI a table (device number + 1) routing out through it.
  const eniTables = f.enis
    .filter((e) => e !== f.primary)
    .flatMap((e): Route[] => [
      { family: 4, table: eniTable(e), dst: 'default', gateway: f.gateway, dev: e.ifname },
      { family: 4, table: eniTable(e), dst: f.gateway, dev: e.ifname, scope: 'link' },
    ]);
  return [...eniTables, ...mainTable(f), ...localTable(f, links), ...ipv6(links)];
}
