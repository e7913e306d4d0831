/**
 * The routes, rules and neighbours of an overlay host. Calico (BIRD) routes each other node's
 * block through the tunnel (`via <node IP> dev tunl0 proto bird onlink`, or `via <tunnel
 * address> dev vxlan.calico onlink`), blackholes its own block and adds a `/32 dev caliXXXX
 * scope link` per pod. Flannel routes its own `/24` on `cni0` and every other node's through
 * `flannel.1` (`via 10.244.M.0 onlink`), with a permanent neighbour entry per remote VTEP.
 */
import { broadcastOf, nthIp } from '../model/ipv4';
import type { OverlayCni } from '../model/types';
import type { HostFacts } from './facts';
import { tunnelDevice } from './overlay-links';
import type { Link, Neighbour, PolicyRule, Route } from './net-types';
import { byDestination } from './routes';

function remoteNodes(f: HostFacts) {
  return f.cluster.instances.filter(
    (i) => i.role === 'node' && i.hostId !== f.inst.hostId && i.podCidr,
  );
}

export function overlayMainTable(f: HostFacts, overlay: OverlayCni): Route[] {
  const up = overlay.nodeInterface;
  const uplink = f.enis[0]?.ifname ?? up;
  const main = { family: 4, table: 'main' } as const;
  const routes: Route[] = [
    {
      ...main,
      dst: f.subnet.cidr,
      dev: uplink,
      protocol: 'kernel',
      scope: 'link',
      prefsrc: f.inst.privateIp,
    },
  ];
  if (f.gateway !== f.inst.privateIp)
    routes.push({
      ...main,
      dst: 'default',
      gateway: f.gateway,
      dev: uplink,
      ...(overlay.kind === 'flannel' ? { protocol: 'static' as const } : {}),
    });
  const block = f.inst.podCidr;
  if (f.inst.role !== 'node' || !block) return routes.sort(byDestination);
  const tunnel = tunnelDevice(overlay);
  for (const node of remoteNodes(f)) {
    const remote = node.podCidr ?? '';
    routes.push({
      ...main,
      dst: remote,
      // IPIP sends to the node itself; VXLAN to the remote VTEP's address.
      gateway: overlay.encapsulation === 'ipip' ? node.privateIp : nthIp(remote, 0),
      dev: tunnel,
      ...(overlay.kind === 'calico' ? { protocol: 'bird' as const } : {}),
      isOnlink: true,
    });
  }
  if (overlay.kind === 'calico') {
    routes.push({ ...main, type: 'blackhole', dst: block, dev: '', protocol: 'bird' });
    for (const pod of f.pods)
      routes.push({
        ...main,
        dst: pod.network?.ip ?? '',
        dev: pod.network?.veth ?? '',
        scope: 'link',
      });
  } else {
    routes.push({
      ...main,
      dst: block,
      dev: 'cni0',
      protocol: 'kernel',
      scope: 'link',
      prefsrc: nthIp(block, 1),
    });
  }
  return routes.sort(byDestination);
}

/** The local-table entries of the CNI's own addresses (tunnel, bridge). */
export function overlayLocalRoutes(links: Link[]): Route[] {
  return links
    .filter((l) => l.kind === 'ipip' || l.kind === 'vxlan' || l.kind === 'bridge')
    .flatMap((l) =>
      l.addresses
        .filter((a) => a.family === 'inet')
        .flatMap((a): Route[] => {
          const own = { family: 4, table: 'local', dev: l.ifname, protocol: 'kernel' } as const;
          return [
            { ...own, type: 'local', dst: a.local, scope: 'host', prefsrc: a.local },
            ...(a.broadcast
              ? [
                  {
                    ...own,
                    type: 'broadcast' as const,
                    dst: broadcastOf(`${a.local}/${a.prefixlen}`),
                    scope: 'link' as const,
                    prefsrc: a.local,
                  },
                ]
              : []),
          ];
        }),
    );
}

export function overlayRules(): PolicyRule[] {
  return [
    { priority: 0, from: 'all', table: 'local' },
    { priority: 32766, from: 'all', table: 'main' },
    { priority: 32767, from: 'all', table: 'default' },
  ];
}

export function overlayNeighbours(f: HostFacts, overlay: OverlayCni): Neighbour[] {
  const uplink = f.enis[0]?.ifname ?? overlay.nodeInterface;
  const gateway = f.cluster.instances.find((i) => i.privateIp === f.gateway);
  const out: Neighbour[] = [];
  if (f.gateway !== f.inst.privateIp)
    out.push({
      dst: f.gateway,
      dev: uplink,
      lladdr: gateway?.enis[0]?.mac ?? '02:42:c0:a8:31:01',
      state: 'REACHABLE',
    });
  if (f.inst.role !== 'node') return out;
  for (const node of remoteNodes(f)) {
    out.push({
      dst: node.privateIp,
      dev: uplink,
      lladdr: node.enis[0]?.mac ?? '',
      state: 'REACHABLE',
    });
    // flanneld writes each remote VTEP's MAC as a permanent entry for its `.0` address.
    if (overlay.encapsulation === 'vxlan')
      out.push({
        dst: nthIp(node.podCidr ?? '', 0),
        dev: tunnelDevice(overlay),
        lladdr: node.vtepMac ?? '',
        state: 'PERMANENT',
      });
  }
  for (const p of f.pods)
    out.push({
      dst: p.network?.ip ?? '',
      dev: overlay.kind === 'flannel' ? 'cni0' : (p.network?.veth ?? ''),
      lladdr: p.network?.podMac ?? '',
      state: p.readyAt <= f.now ? 'REACHABLE' : 'STALE',
    });
  return out;
}
