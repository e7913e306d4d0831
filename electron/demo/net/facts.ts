/**
 * Facts about one host at one moment that links, routes, rules and neighbours are all built
 * from: its subnet and router, the ENIs attached by then and the pods whose sandbox exists.
 */
import { subnetById } from '../model/ipam';
import { nthIp, prefixOf } from '../model/ipv4';
import type { Cluster, Eni, Instance, Pod, Subnet } from '../model/types';

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

/** The VPC router answers ARP with a MAC of its own per subnet; derived so it stays stable. */
export function gatewayMac(subnetId: string): string {
  const hex = subnetId.replace(/^subnet-0/, '').padEnd(10, '0');
  return ['02', ...[0, 2, 4, 6, 8].map((i) => hex.slice(i, i + 2))].join(':');
}

export interface HostFacts {
  cluster: Cluster;
  inst: Instance;
  now: number;
  subnet: Subnet;
  /** The VPC router: the subnet's first address (an overlay lab's LAN names its own). */
  gateway: string;
  /** The Amazon-provided DNS: the VPC's base address + 2. */
  dns: string;
  prefix: number;
  enis: Eni[];
  primary: Eni | undefined;
  pods: Pod[];
}

export function hostFacts(cluster: Cluster, inst: Instance, now: number): HostFacts {
  const subnet = subnetById(cluster, inst.subnetId);
  const vpc = cluster.vpcs.find((v) => v.id === inst.vpcId);
  const enis = attachedEnis(inst, now);
  return {
    cluster,
    inst,
    now,
    subnet,
    gateway: cluster.overlay?.gateway ?? nthIp(subnet.cidr, 1),
    dns: nthIp(vpc?.cidr ?? subnet.cidr, 2),
    prefix: prefixOf(subnet.cidr),
    enis,
    primary: enis.find((e) => e.deviceNumber === 0),
    pods: networkedPods(cluster, inst, now),
  };
}
