/**
 * Who answers a packet sent from a demo host, and how it looks when the answer comes back:
 * VPC-native pod IPs (no overlay, no NAT), node and API-server ENIs, the operator host across
 * the peering, Service IPs (TCP/UDP only, through kube-proxy's DNAT) and the internet.
 */
import { subnetById } from '../model/ipam';
import { inCidr, isIPv4 } from '../model/ipv4';
import type { Cluster, Instance, Pod, Service } from '../model/types';

export type Target =
  | { kind: 'self' }
  | { kind: 'pod'; pod: Pod; node: Instance }
  | { kind: 'instance'; inst: Instance }
  | { kind: 'apiserver'; ip: string }
  | { kind: 'service'; service: Service }
  | { kind: 'internet' }
  /** An address nobody holds on the sender's own subnet: ARP fails. */
  | { kind: 'no-arp' }
  | { kind: 'silent' };

const PRIVATE = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
];

export function resolveTarget(cluster: Cluster, from: Instance, ip: string, now: number): Target {
  if (!isIPv4(ip)) return { kind: 'silent' };
  if (ip.startsWith('127.') || from.enis.some((e) => e.primaryIp === ip && e.attachedAt <= now))
    return { kind: 'self' };
  const pod = cluster.pods.find((p) => p.network?.ip === ip && p.sandboxAt <= now);
  const podNode = pod && cluster.instances.find((i) => i.hostId === pod.hostId);
  const sameVpc = (vpcId: string) => vpcId === from.vpcId || isPeered(cluster, vpcId, from.vpcId);
  if (pod && podNode && sameVpc(podNode.vpcId)) return { kind: 'pod', pod, node: podNode };
  const inst = cluster.instances.find(
    (i) => i.enis.some((e) => e.primaryIp === ip && e.attachedAt <= now) || i.publicIp === ip,
  );
  if (inst && (sameVpc(inst.vpcId) || inst.publicIp === ip)) return { kind: 'instance', inst };
  const apiserver = cluster.controlPlaneEnis.find((c) => c.ip === ip);
  if (apiserver && sameVpc(cluster.vpcs[0]?.id ?? '')) return { kind: 'apiserver', ip };
  const service = cluster.services.find((s) => s.clusterIp === ip);
  // ClusterIPs exist only in the nodes' iptables rules; elsewhere nothing routes them.
  if (service) return from.role === 'node' ? { kind: 'service', service } : { kind: 'silent' };
  if (!PRIVATE.some((c) => inCidr(ip, c))) return { kind: 'internet' };
  const subnet = subnetById(cluster, from.subnetId);
  if (inCidr(ip, subnet.cidr) && !isHeldInSubnet(cluster, ip)) return { kind: 'no-arp' };
  return { kind: 'silent' };
}

function isPeered(cluster: Cluster, a: string, b: string): boolean {
  const p = cluster.peering;
  return (
    (p.requesterVpcId === a && p.accepterVpcId === b) ||
    (p.requesterVpcId === b && p.accepterVpcId === a)
  );
}

function isHeldInSubnet(cluster: Cluster, ip: string): boolean {
  return (
    cluster.instances.some((i) =>
      i.enis.some((e) => e.primaryIp === ip || e.secondaryIps.includes(ip)),
    ) || cluster.controlPlaneEnis.some((c) => c.ip === ip)
  );
}

/** TTL of an echo reply as the sender sees it: each forwarding Linux hop takes one. */
export function replyTtl(from: Instance, target: Target): number | undefined {
  switch (target.kind) {
    case 'self':
    case 'instance':
    case 'apiserver':
      return 64;
    case 'pod':
      // The pod answers with 64; its node forwards the reply, unless the sender is that node.
      return target.node.hostId === from.hostId ? 64 : 63;
    case 'internet':
      return 107;
    case 'service':
    case 'no-arp':
    case 'silent':
      return undefined;
  }
}

/** A plausible round-trip time in milliseconds around which replies jitter. */
export function baseRtt(from: Instance, target: Target): number {
  switch (target.kind) {
    case 'self':
      return 0.03;
    case 'pod':
      if (target.node.hostId === from.hostId) return 0.05;
      return target.node.availabilityZone === from.availabilityZone ? 0.35 : 1.1;
    case 'instance':
      return target.inst.availabilityZone === from.availabilityZone ? 0.4 : 1.2;
    case 'apiserver':
      return 0.9;
    case 'internet':
      return 2.4;
    case 'service':
    case 'no-arp':
    case 'silent':
      return 0;
  }
}

/** Names the demo's resolver knows: EC2 private DNS names and a couple of public ones. */
export function resolveName(
  cluster: Cluster,
  name: string,
): { ip: string; ptr?: string } | undefined {
  if (isIPv4(name)) return { ip: name };
  const m = /^ip-(\d+)-(\d+)-(\d+)-(\d+)(\.[a-z0-9-]+\.compute\.internal)?$/.exec(name);
  if (m) {
    const ip = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
    return { ip, ptr: `ip-${ip.replaceAll('.', '-')}.${cluster.region}.compute.internal` };
  }
  const known: Record<string, { ip: string; ptr: string }> = {
    'google.com': { ip: '142.250.206.238', ptr: 'kix07s06-in-f14.1e100.net' },
    'www.google.com': { ip: '142.250.207.100', ptr: 'kix06s11-in-f4.1e100.net' },
    'dns.google': { ip: '8.8.8.8', ptr: 'dns.google' },
    'one.one.one.one': { ip: '1.1.1.1', ptr: 'one.one.one.one' },
  };
  return known[name];
}
