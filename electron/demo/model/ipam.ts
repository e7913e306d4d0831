/**
 * The VPC CNI's IP address management (ipamd) as the demo plays it: a warm pool of secondary IPs
 * on the node's ENIs, topped up by attaching another ENI when fewer than one ENI's worth of IPs
 * is free (WARM_ENI_TARGET=1), and an idle ENI handed back when the pool is more than full.
 *
 * These helpers mutate the draft `Cluster` they are given; the public operations in
 * `workloads.ts` clone first, so callers only ever see new values.
 */
import { inCidr, nthIp, cidrSize } from './ipv4';
import { awsId, ec2Mac, type Rng } from './random';
import type { Cluster, Eni, Instance, InstanceLimits, Pod, Subnet } from './types';

/** ENI limits of the instance types the demo uses (from fixtures/eni-limits). */
export const INSTANCE_LIMITS: Record<string, InstanceLimits> = {
  't3.medium': { maxEnis: 3, ipv4PerEni: 6, maxPods: 3 * (6 - 1) + 2, vcpus: 2 },
  't3.small': { maxEnis: 3, ipv4PerEni: 4, maxPods: 3 * (4 - 1) + 2, vcpus: 2 },
};

export function limitsFor(instanceType: string): InstanceLimits {
  const limits = INSTANCE_LIMITS[instanceType];
  if (!limits) throw new Error(`no ENI limits for instance type ${instanceType}`);
  return limits;
}

export function subnetById(cluster: Cluster, subnetId: string): Subnet {
  const subnet = cluster.subnets.find((s) => s.id === subnetId);
  if (!subnet) throw new Error(`no subnet ${subnetId}`);
  return subnet;
}

/** Every address taken in the VPCs: ENI primaries, warm-pool secondaries, the EKS ENIs. */
function usedIps(cluster: Cluster): Set<string> {
  const used = new Set<string>();
  for (const inst of cluster.instances) {
    for (const eni of inst.enis) {
      used.add(eni.primaryIp);
      for (const ip of eni.secondaryIps) used.add(ip);
    }
  }
  for (const eni of cluster.controlPlaneEnis) used.add(eni.ip);
  return used;
}

/**
 * A free address in the subnet, drawn at random as EC2 does. AWS keeps the first four addresses
 * and the last one of every subnet for itself.
 */
export function allocateSubnetIp(cluster: Cluster, subnet: Subnet, rng: Rng): string {
  const used = usedIps(cluster);
  const size = cidrSize(subnet.cidr);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const ip = nthIp(subnet.cidr, rng.int(4, size - 2));
    if (!used.has(ip)) return ip;
  }
  for (let n = 4; n < size - 1; n++) {
    const ip = nthIp(subnet.cidr, n);
    if (!used.has(ip)) return ip;
  }
  throw new Error(`subnet ${subnet.cidr} is full`);
}

/** Pods on this instance that hold a VPC IP (host-network pods do not). */
export function podsWithIp(cluster: Cluster, inst: Instance): Pod[] {
  return cluster.pods.filter((p) => p.hostId === inst.hostId && p.network !== undefined);
}

/** Secondary IPs of one ENI that no pod holds, in allocation order. */
export function freeIpsOfEni(cluster: Cluster, inst: Instance, eni: Eni): string[] {
  const taken = new Set(podsWithIp(cluster, inst).map((p) => p.network?.ip));
  return eni.secondaryIps.filter((ip) => !taken.has(ip));
}

export function freeIpCount(cluster: Cluster, inst: Instance): number {
  return inst.enis.reduce((n, eni) => n + freeIpsOfEni(cluster, inst, eni).length, 0);
}

/**
 * Attaches the next ENI (lowest free device number). ipamd fills it with as many secondary IPs as
 * it holds; `withPool: false` is for hosts without the VPC CNI (the operator host).
 */
export function attachEni(
  cluster: Cluster,
  inst: Instance,
  rng: Rng,
  at: number,
  options: { withPool?: boolean; primaryIp?: string } = {},
): Eni {
  const taken = new Set(inst.enis.map((e) => e.deviceNumber));
  let deviceNumber = 0;
  while (taken.has(deviceNumber)) deviceNumber++;
  const subnet = subnetById(cluster, inst.subnetId);
  const primaryIp = options.primaryIp ?? allocateSubnetIp(cluster, subnet, rng);
  const eni: Eni = {
    id: awsId(rng, 'eni'),
    mac: ec2Mac(rng),
    deviceNumber,
    ifname: `ens${5 + deviceNumber}`,
    ifindex: inst.nextIfindex++,
    subnetId: subnet.id,
    primaryIp,
    secondaryIps: [],
    attachedAt: at,
    attachmentId: awsId(rng, 'eni-attach'),
    description: deviceNumber === 0 ? '' : `aws-K8S-${inst.instanceId}`,
    isCniManaged: deviceNumber !== 0,
  };
  inst.enis.push(eni);
  inst.enis.sort((a, b) => a.deviceNumber - b.deviceNumber);
  if (options.withPool !== false) fillEni(cluster, inst, eni, rng);
  return eni;
}

/** ipamd asks EC2 for as many secondary IPs as the ENI can hold. */
export function fillEni(cluster: Cluster, inst: Instance, eni: Eni, rng: Rng): void {
  const subnet = subnetById(cluster, eni.subnetId);
  while (eni.secondaryIps.length < inst.limits.ipv4PerEni - 1) {
    eni.secondaryIps.push(allocateSubnetIp(cluster, subnet, rng));
  }
}

/**
 * How long EC2 takes from ipamd's CreateNetworkInterface to an attached ENI whose IPs the node can
 * use (create, attach, then ipamd waits for IMDS to list it): a few seconds on Nitro instances.
 */
export const ENI_ATTACH_DELAY_MS = 4_000;

/**
 * WARM_ENI_TARGET: keep one ENI's worth of free IPs, attaching ENIs up to the instance limit. An
 * ENI asked for at `at` is attached `ENI_ATTACH_DELAY_MS` later; until then it shows in no output.
 */
export function ensureWarmPool(cluster: Cluster, inst: Instance, rng: Rng, at: number): void {
  const perEni = inst.limits.ipv4PerEni - 1;
  const target = perEni * cluster.cni.warmEniTarget;
  while (freeIpCount(cluster, inst) < target && inst.enis.length < inst.limits.maxEnis) {
    attachEni(cluster, inst, rng, at + ENI_ATTACH_DELAY_MS);
  }
}

/** Hands back idle secondary ENIs, highest device first, while the pool stays warm without them. */
export function releaseSurplusEnis(cluster: Cluster, inst: Instance): void {
  const perEni = inst.limits.ipv4PerEni - 1;
  const target = perEni * cluster.cni.warmEniTarget;
  for (;;) {
    const idle = [...inst.enis]
      .reverse()
      .find(
        (eni) =>
          eni.deviceNumber !== 0 &&
          freeIpsOfEni(cluster, inst, eni).length === eni.secondaryIps.length,
      );
    if (!idle || freeIpCount(cluster, inst) - idle.secondaryIps.length < target) return;
    inst.enis = inst.enis.filter((e) => e !== idle);
  }
}

/**
 * Takes a free IP for a pod. ipamd walks Go maps, so which ENI and which address a pod gets is
 * effectively random; the demo draws it from the model's generator to stay reproducible.
 */
export function takeIp(
  cluster: Cluster,
  inst: Instance,
  rng: Rng,
  at: number,
): { ip: string; eni: Eni } | undefined {
  const withFree = inst.enis.filter((eni) => freeIpsOfEni(cluster, inst, eni).length > 0);
  // ipamd hands out IPs of attached ENIs only; with none free the pod waits for the first ENI
  // still attaching (its CNI ADD is retried until then).
  const attached = withFree.filter((eni) => eni.attachedAt <= at);
  const firstAttaching = [...withFree].sort((a, b) => a.attachedAt - b.attachedAt)[0];
  const candidates = attached.length > 0 ? attached : firstAttaching ? [firstAttaching] : [];
  if (candidates.length === 0) return undefined;
  const eni = rng.pick(candidates);
  return { ip: rng.pick(freeIpsOfEni(cluster, inst, eni)), eni };
}

/** The ENI of an instance that owns an address (primary or secondary), if any. */
export function eniHolding(inst: Instance, ip: string): Eni | undefined {
  return inst.enis.find((eni) => eni.primaryIp === ip || eni.secondaryIps.includes(ip));
}

/** Whether an address belongs to one of the model's VPCs. */
export function vpcOfIp(cluster: Cluster, ip: string): string | undefined {
  return cluster.vpcs.find((v) => inCidr(ip, v.cidr))?.id;
}
