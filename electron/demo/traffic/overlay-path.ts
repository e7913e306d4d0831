/**
 * The hops of a packet between two hosts of the minikube-Calico or kubeadm-Flannel lab. Pod
 * traffic to another node's pod leaves through the tunnel (`tunl0`, `vxlan.calico`,
 * `flannel.1`) and arrives on the other node's; with Flannel it also crosses `cni0` on both
 * sides (vethX → cni0 → flannel.1 → … → flannel.1 → cni0 → vethY). Everything else uses the
 * uplink (`eth0`, `ens3`). The encapsulated outer packet on the uplink is not shown: the demo's
 * tcpdump prints inner packets only.
 */
import type { Instance, OverlayCni } from '../model/types';
import { tunnelDevice } from '../net/overlay-links';
import type { Endpoint, Hop, View } from './path';

export interface OverlayLeg {
  overlay: OverlayCni;
  client: Endpoint;
  server: Endpoint;
  from: Instance | undefined;
  to: Instance | undefined;
  forward: Hop[];
  reply: Hop[];
  wireUs: number;
}

const uplink = (inst: Instance) => inst.enis[0]?.ifname ?? 'eth0';

/** Appends the hops between the client's entry veth and the server's (both added by the caller). */
export function overlayCrossNode(leg: OverlayLeg): void {
  const { overlay, client, server, from, to, forward, reply, wireUs } = leg;
  const tunnel = tunnelDevice(overlay);
  const bridged = overlay.kind === 'flannel';
  const hop = (
    list: Hop[],
    host: Instance,
    iface: string,
    dir: Hop['direction'],
    view: View,
    us: number,
  ) => list.push({ hostId: host.hostId, iface, direction: dir, view, delayUs: us });
  // A remote pod's block is routed into the tunnel, and so is a node's reply to a pod; the
  // internet's reply (SNATed to the node) comes back on the uplink.
  const outDev = (host: Instance) => (server.kind === 'pod' && to ? tunnel : uplink(host));
  const backDev = (host: Instance) => (client.kind === 'pod' && to ? tunnel : uplink(host));
  // tcpdump sees a packet on cni0 before netfilter (DNAT, SNAT) and after it on the way back.
  if (bridged && client.kind === 'pod') hop(forward, client.node, 'cni0', 'In', 'orig', 3);
  if (from) hop(forward, from, outDev(from), 'Out', 'wire', 15);
  if (to) hop(forward, to, outDev(to), 'In', 'wire', wireUs);
  if (to && server.kind === 'pod') {
    if (bridged) hop(forward, to, 'cni0', 'Out', 'wire', 3);
    hop(forward, to, server.pod.network?.veth ?? '', 'Out', 'wire', 9);
    hop(reply, to, server.pod.network?.veth ?? '', 'In', 'wire', 60);
    if (bridged) hop(reply, to, 'cni0', 'In', 'wire', 3);
  }
  if (to) hop(reply, to, backDev(to), 'Out', 'wire', 9);
  if (from) hop(reply, from, backDev(from), 'In', 'wire', wireUs);
  if (bridged && client.kind === 'pod') hop(reply, client.node, 'cni0', 'Out', 'final', 3);
  if (client.kind === 'pod')
    hop(reply, client.node, client.pod.network?.veth ?? '', 'Out', 'final', 15);
}
