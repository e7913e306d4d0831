/**
 * Where a demo packet is seen, hop by hop, and how NAT changes it on the way: a pod's packet
 * enters its node on the pod's `eni…` veth, a Service VIP is DNATed to an endpoint on the
 * client's node (kube-proxy, PREROUTING for pods, OUTPUT for the node itself), a packet for
 * another node leaves through the ENI that holds the sender's IP (the VPC CNI's policy routing)
 * and arrives on the ENI that holds the receiver's, and pod traffic to the internet is SNATed to
 * the node's primary IP (AWS-SNAT-CHAIN-0). Replies retrace the path in reverse.
 */
import { inCidr } from '../model/ipv4';
import type { Cluster, Instance, Pod } from '../model/types';
import { serviceEndpoints } from '../render/kube-state';
import { overlayCrossNode } from './overlay-path';

/** Which addresses a hop sees: as sent, after DNAT, on the wire (after SNAT too), back to the client. */
export type View = 'orig' | 'dnat' | 'wire' | 'final';

export interface Hop {
  hostId: string;
  iface: string;
  direction: 'In' | 'Out';
  view: View;
  /** Microseconds after the previous hop. */
  delayUs: number;
}

/** A place traffic starts from or goes to. */
export type Endpoint =
  | { kind: 'pod'; pod: Pod; node: Instance; eniIf: string; ip: string }
  | { kind: 'instance'; inst: Instance; ip: string }
  | { kind: 'outside'; ip: string };

export interface Path {
  client: Endpoint;
  server: Endpoint;
  forward: Hop[];
  reply: Hop[];
  /** The address the client sent to (a Service VIP before DNAT). */
  dialled: string;
  /** DNAT to this endpoint (a Service VIP), and SNAT to the node's address. */
  dnat?: { ip: string; port: number };
  snat?: { ip: string };
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

function eniIfOf(node: Instance, pod: Pod): string {
  // Overlay pods hold no ENI address: their node's uplink stands in.
  return (
    node.enis.find((e) => e.id === pod.network?.eniId)?.ifname ?? node.enis[0]?.ifname ?? 'ens5'
  );
}

/** The endpoint that holds `ip` in the cluster, or the outside world. */
export function endpointOf(cluster: Cluster, ip: string, now: number): Endpoint {
  const pod = cluster.pods.find(
    (p) => !p.hostNetwork && p.network?.ip === ip && p.sandboxAt <= now,
  );
  const node = pod && cluster.instances.find((i) => i.hostId === pod.hostId);
  if (pod && node) return { kind: 'pod', pod, node, eniIf: eniIfOf(node, pod), ip };
  const inst = cluster.instances.find((i) =>
    i.enis.some((e) => e.attachedAt <= now && (e.primaryIp === ip || e.secondaryIps.includes(ip))),
  );
  if (inst) return { kind: 'instance', inst, ip };
  return { kind: 'outside', ip };
}

/** The endpoint of a pod, for traffic it sends. */
export function podEndpoint(cluster: Cluster, pod: Pod): Endpoint | undefined {
  const node = cluster.instances.find((i) => i.hostId === pod.hostId);
  if (!node || !pod.network) return undefined;
  return { kind: 'pod', pod, node, eniIf: eniIfOf(node, pod), ip: pod.network.ip };
}

function hostOf(e: Endpoint): Instance | undefined {
  return e.kind === 'pod' ? e.node : e.kind === 'instance' ? e.inst : undefined;
}

/** The interface a host sends from, or receives on, for this endpoint's address. */
function nicOf(e: Endpoint): string {
  if (e.kind === 'pod') return e.eniIf;
  if (e.kind === 'instance')
    return (
      e.inst.enis.find((n) => n.primaryIp === e.ip || n.secondaryIps.includes(e.ip))?.ifname ??
      'ens5'
    );
  return 'ens5';
}

/** One-way wire latency in microseconds between two hosts. */
function wireUs(a: Instance | undefined, b: Instance | undefined): number {
  if (!a || !b) return 1100;
  return a.availabilityZone === b.availabilityZone ? 170 : 520;
}

/**
 * The path of a connection from `client` to `dst:dport`; undefined when nothing would carry it
 * (a Service without ready endpoints, a VIP seen from the operator host).
 */
export function planPath(
  cluster: Cluster,
  client: Endpoint,
  dst: string,
  dport: number | undefined,
  proto: 'tcp' | 'udp' | 'icmp',
  now: number,
  pick: (n: number) => number = (n) => Math.floor(Math.random() * n),
): Path | undefined {
  const from = hostOf(client);
  let dnat: Path['dnat'];
  const service = cluster.services.find((s) => s.clusterIp === dst);
  if (service) {
    const port = service.ports.find((p) => p.port === dport && p.protocol === proto.toUpperCase());
    // ClusterIPs live only in the nodes' iptables; ICMP to them is never answered.
    if (!port || from?.role !== 'node' || proto === 'icmp') return undefined;
    const ready = serviceEndpoints(cluster, service, now).filter((e) => e.isReady);
    const chosen = ready[pick(ready.length)];
    if (!chosen) return undefined;
    dnat = { ip: chosen.ip, port: port.targetPort };
  }
  const server = endpointOf(cluster, dnat?.ip ?? dst, now);
  const to = hostOf(server);
  // A pod reaching itself through its Service (hairpin): KUBE-SEP's `-s <endpoint>` rule marks it
  // for KUBE-POSTROUTING's MASQUERADE, so it comes back from the node's address, not its own.
  const isHairpin =
    client.kind === 'pod' && dnat !== undefined && dnat.ip === client.pod.network?.ip;
  const snat =
    (client.kind === 'pod' && server.kind === 'outside' && !PRIVATE.some((c) => inCidr(dst, c))) ||
    isHairpin
      ? { ip: client.node.privateIp }
      : undefined;
  const forward: Hop[] = [];
  const reply: Hop[] = [];
  const hop = (
    list: Hop[],
    host: Instance,
    iface: string,
    direction: Hop['direction'],
    view: View,
    delayUs: number,
  ) => list.push({ hostId: host.hostId, iface, direction, view, delayUs });
  if (client.kind === 'pod')
    hop(forward, client.node, client.pod.network?.veth ?? '', 'In', 'orig', 0);
  if (from && to && from.hostId === to.hostId) {
    // Same node: the kernel hands it straight to the other veth (or keeps it, for the node itself).
    const out: View = snat ? 'wire' : 'dnat';
    if (server.kind === 'pod') hop(forward, to, server.pod.network?.veth ?? '', 'Out', out, 12);
    if (server.kind === 'pod') hop(reply, to, server.pod.network?.veth ?? '', 'In', 'wire', 60);
    if (client.kind === 'pod')
      hop(reply, client.node, client.pod.network?.veth ?? '', 'Out', 'final', 12);
  } else if (cluster.overlay) {
    const leg = { client, server, from, to, forward, reply, wireUs: wireUs(from, to) };
    overlayCrossNode({ ...leg, overlay: cluster.overlay });
  } else {
    if (from) hop(forward, from, nicOf(client), 'Out', 'wire', 15);
    if (to) hop(forward, to, nicOf(server), 'In', 'wire', wireUs(from, to));
    if (to && server.kind === 'pod')
      hop(forward, to, server.pod.network?.veth ?? '', 'Out', 'wire', 9);
    if (to && server.kind === 'pod')
      hop(reply, to, server.pod.network?.veth ?? '', 'In', 'wire', 60);
    if (to) hop(reply, to, nicOf(server), 'Out', 'wire', 9);
    if (from) hop(reply, from, snat ? 'ens5' : nicOf(client), 'In', 'wire', wireUs(from, to));
    if (client.kind === 'pod')
      hop(reply, client.node, client.pod.network?.veth ?? '', 'Out', 'final', 15);
  }
  return {
    client,
    server,
    forward,
    reply,
    dialled: dst,
    ...(dnat ? { dnat } : {}),
    ...(snat ? { snat } : {}),
  };
}
