/**
 * The CNI ADD of the overlay clusters: Calico IPAM hands out the next address of the node's
 * block (`.0` is the tunnel's), Flannel's host-local IPAM the next of `spec.podCIDR` after
 * the bridge's `.1`. The host-side veth is `cali` + sha1("<ns>.<pod>")[:11] (Calico's
 * VethNameForWorkload) or `veth` + 8 random hex digits (the bridge plugin).
 */
import { createHash } from 'node:crypto';
import { podsWithIp } from './ipam';
import { cidrSize, nthIp } from './ipv4';
import { uuid, vethMac, type Rng } from './random';
import type { Cluster, Instance, OverlayCni, Pod } from './types';

/** The first pod address of a node's block: `.1` for Calico, `.2` for Flannel (cni0 holds `.1`). */
function firstPodHost(overlay: OverlayCni): number {
  return overlay.kind === 'flannel' ? 2 : 1;
}

/** The pod's eth0 index inside its netns: after lo (and tunl0 where the ipip module is loaded). */
export function podEth0Ifindex(overlay: OverlayCni): number {
  return overlay.kind === 'flannel' ? 2 : 4;
}

/** The MTU of the pod network: the uplink's 1500 less the encapsulation's header. */
export function overlayMtu(overlay: OverlayCni): number {
  return overlay.encapsulation === 'ipip' ? 1480 : 1450;
}

export function calicoVethName(namespace: string, name: string): string {
  return `cali${createHash('sha1').update(`${namespace}.${name}`).digest('hex').slice(0, 11)}`;
}

function nextIp(cluster: Cluster, overlay: OverlayCni, inst: Instance): string | undefined {
  if (!inst.podCidr) return undefined;
  const taken = new Set(podsWithIp(cluster, inst).map((p) => p.network?.ip));
  for (let n = firstPodHost(overlay); n < cidrSize(inst.podCidr) - 1; n++) {
    const ip = nthIp(inst.podCidr, n);
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}

/** Binds the pod's network on an overlay node: IP from the node's block, veth, netns. */
export function bindOverlayPod(
  cluster: Cluster,
  overlay: OverlayCni,
  pod: Pod,
  inst: Instance,
  rng: Rng,
): void {
  const ip = nextIp(cluster, overlay, inst);
  if (!ip) throw new Error(`the pod CIDR of ${inst.hostId} is full`);
  const taken = new Set(podsWithIp(cluster, inst).map((p) => p.network?.netnsId));
  let netnsId = 0;
  while (taken.has(netnsId)) netnsId++;
  pod.network = {
    ip,
    eniId: '',
    veth: overlay.kind === 'calico' ? calicoVethName(pod.namespace, pod.name) : `veth${rng.hex(8)}`,
    vethIfindex: inst.nextIfindex++,
    // Calico's host-side veths all carry ee:ee:ee:ee:ee:ee (it answers ARP by proxy).
    vethMac: overlay.kind === 'calico' ? 'ee:ee:ee:ee:ee:ee' : vethMac(rng),
    podMac: vethMac(rng),
    netnsName: `cni-${uuid(rng)}`,
    netnsId,
  };
}
