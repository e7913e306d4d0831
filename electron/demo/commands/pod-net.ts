/**
 * `kubectl exec POD -- ip addr|ip link|cat /sys/class/net/eth0/iflink` in the overlay labs:
 * the pod's own netns, where eth0 is `eth0@ifN` with N the index of its host-side veth
 * (`caliXXXX` or `vethXXXX`) — the check seed 001 makes (pod 4 ↔ node 17).
 */
import { broadcastOf, nthIp, prefixOf } from '../model/ipv4';
import { podEth0Ifindex, overlayMtu } from '../model/overlay-ipam';
import type { Cluster, Pod } from '../model/types';
import { linkLocal } from '../net/facts';
import type { Link } from '../net/net-types';
import { paint } from '../render/colors';
import { renderAddr, renderLink } from '../render/ip-link';
import { fail, ok, type Printed } from './context';

const UP = ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'];

/** The links of a pod's network namespace, as `ip addr` inside it lists them. */
export function podLinks(cluster: Cluster, pod: Pod): Link[] {
  const overlay = cluster.overlay;
  const n = pod.network;
  if (!overlay || !n) return [];
  const node = cluster.instances.find((i) => i.hostId === pod.hostId);
  const block = node?.podCidr ?? `${n.ip}/32`;
  const isFlannel = overlay.kind === 'flannel';
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
      addresses: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo' }],
    },
  ];
  // The ipip module is loaded on a Calico IPIP node, so every netns gets its own tunl0.
  if (overlay.encapsulation === 'ipip')
    links.push({
      ifindex: 2,
      ifname: 'tunl0',
      kind: 'ipip',
      flags: ['NOARP'],
      mtu: 1480,
      qdisc: 'noop',
      operstate: 'DOWN',
      txqlen: 1000,
      mac: '0.0.0.0',
      addresses: [],
    });
  links.push({
    ifindex: podEth0Ifindex(overlay),
    ifname: 'eth0',
    kind: 'veth',
    flags: UP,
    mtu: overlayMtu(overlay),
    qdisc: 'noqueue',
    operstate: 'UP',
    mac: n.podMac,
    // The host's netns has no name; inside the pod it is netns id 0.
    peer: { ifindex: n.vethIfindex, netnsName: '', netnsId: 0 },
    addresses: [
      {
        family: 'inet',
        local: n.ip,
        // Calico gives the pod a /32 (everything goes to its default route); the bridge a /24.
        prefixlen: isFlannel ? prefixOf(block) : 32,
        ...(isFlannel ? { broadcast: broadcastOf(block) } : {}),
        scope: 'global',
        label: 'eth0',
      },
      {
        family: 'inet6',
        local: linkLocal(n.podMac),
        prefixlen: 64,
        scope: 'link',
        protocol: 'kernel_ll',
      },
    ],
  });
  return links;
}

/** Answers `ip …` and `cat /sys/class/net/eth0/iflink` inside a pod; undefined for other programs. */
export function podNetCommand(
  cluster: Cluster,
  pod: Pod,
  command: readonly string[],
): Printed | undefined {
  const [program, ...args] = command;
  if (!cluster.overlay || pod.hostNetwork) return undefined;
  const links = podLinks(cluster, pod);
  if (program === 'cat' && args[0] === '/sys/class/net/eth0/iflink') {
    const eth0 = links.find((l) => l.ifname === 'eth0');
    return ok(`${eth0?.peer?.ifindex ?? ''}\n`);
  }
  if (program !== 'ip') return undefined;
  const object = args.find((a) => !a.startsWith('-')) ?? '';
  const view = { paint: paint(false) };
  if (['a', 'addr', 'address'].includes(object)) return ok(renderAddr(links, view));
  if (['l', 'link'].includes(object)) return ok(renderLink(links, view));
  if (['r', 'route'].includes(object)) {
    const eth0 = links.find((l) => l.ifname === 'eth0');
    const ip = eth0?.addresses[0]?.local ?? '';
    const node = cluster.instances.find((i) => i.hostId === pod.hostId);
    if (cluster.overlay.kind === 'calico')
      return ok('default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n');
    // The bridge plugin's routes: the gateway is cni0's address, the pod network through it.
    const block = node?.podCidr ?? '';
    const gw = nthIp(block, 1);
    return ok(
      `default via ${gw} dev eth0\n${cluster.overlay.clusterCidr} via ${gw} dev eth0\n` +
        `${block} dev eth0 proto kernel scope link src ${ip}\n`,
    );
  }
  return fail(
    `error: kubelab demo lab: inside demo pods, ip addr|link|route only\ncommand terminated with exit code 126\n`,
    126,
  );
}
