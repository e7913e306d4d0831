/**
 * Capacity of VPC CNI nodes explained: IPs allocated / assigned / warm, pods until max pods, and
 * when ipamd attaches the next ENI — per node in pod IPs, and across the cluster as the replica
 * count of a Deployment at which it happens.
 *
 * ipamd's rules (secondary-IP mode, `pkg/ipamd`): with WARM_ENI_TARGET=W (IP targets unset) the
 * pool is short when free IPs < W × (IPs per ENI − 1), and with W = 0 when none is free; it then
 * attaches an ENI if the node has fewer than its max ENIs. With WARM_IP_TARGET=w or
 * MINIMUM_IP_TARGET=m the node wants max(assigned + w, m) IPs; it first adds IPs to attached ENIs
 * and attaches an ENI only when those are full. Prefix delegation is not modelled.
 */
import { limitsFor } from '../data/eni-limits';
import type { NodeLimits, Topology, TopologyNode, TopologyPod } from './topology';
import { usesIpTargets, type WarmPoolSettings } from './eni-warm-pool';

/** When the next ENI attaches on a node. */
export type NextEni =
  /** When the node's pods hold `podIps` VPC IPs (`morePods` more than now). */
  | { kind: 'at-pod-ips'; podIps: number; morePods: number }
  /** The pool is short already: an ENI is being attached (or the limit stops it). */
  | { kind: 'due' }
  /** Every ENI the instance type allows is attached. */
  | { kind: 'max-enis' }
  /** The node reaches max pods before it would need another ENI. */
  | { kind: 'node-full-first'; podIps: number }
  | { kind: 'unknown'; reason: string };

/** Counts of one node that decide its next ENI. */
export interface EniCounts {
  enis: number;
  /** Secondary IPs ipamd holds on the node (assigned + warm). */
  ipsAllocated: number;
  /** Secondary IPs held by pods. */
  ipsAssigned: number;
  /** Pods bound to the node, host-network ones included (what max pods counts). */
  pods: number;
}

/** Capacity of one node. */
export interface NodeCapacity extends EniCounts {
  nodeName: string;
  instanceType?: string;
  limits?: NodeLimits;
  ipsWarm: number;
  /** Pods the node still accepts before max pods (undefined when the limits are unknown). */
  podsUntilFull?: number;
  nextEni: NextEni;
  /** Replica count of the Deployment asked about at which this node attaches its next ENI. */
  nextEniAtReplicas?: number;
}

/** A node's limits: as collected, else from the shipped table by its instance type. */
export function nodeLimits(node: TopologyNode): NodeLimits | undefined {
  return (
    node.limits ?? (node.instanceType === undefined ? undefined : limitsFor(node.instanceType))
  );
}

/** `3 × (6 − 1) + 2 = 17`: the max pods formula with a node's numbers. */
export function maxPodsFormula(limits: NodeLimits): string {
  return `${limits.maxEnis} × (${limits.ipsPerEni} − 1) + 2 = ${limits.maxPods}`;
}

/** When ipamd attaches the next ENI on a node, by the rules in this module's comment. */
export function nextEni(
  counts: EniCounts,
  limits: NodeLimits | undefined,
  settings: WarmPoolSettings,
): NextEni {
  if (limits === undefined) return { kind: 'unknown', reason: 'instance type limits unknown' };
  if (settings.isPrefixDelegation)
    return { kind: 'unknown', reason: 'prefix delegation is not modelled' };
  if (counts.enis >= limits.maxEnis) return { kind: 'max-enis' };
  const perEni = limits.ipsPerEni - 1;
  let threshold: number;
  if (usesIpTargets(settings)) {
    if ((settings.minimumIpTarget ?? 0) > counts.enis * perEni) return { kind: 'due' };
    threshold = counts.enis * perEni - (settings.warmIpTarget ?? 0) + 1;
  } else if (settings.warmEniTarget === 0) {
    threshold = counts.ipsAllocated + 1;
  } else {
    threshold = counts.ipsAllocated - settings.warmEniTarget * perEni + 1;
  }
  if (threshold <= counts.ipsAssigned) return { kind: 'due' };
  const morePods = threshold - counts.ipsAssigned;
  if (counts.pods + morePods > limits.maxPods)
    return { kind: 'node-full-first', podIps: threshold };
  return { kind: 'at-pod-ips', podIps: threshold, morePods };
}

/** A node as the replica prediction sees it. */
export interface PlacementNode {
  nodeName: string;
  pods: number;
  /** Pods of the Deployment on this node. */
  ownPods: number;
  maxPods?: number;
  nextEni: NextEni;
}

/**
 * The replica count at which each node attaches its next ENI when a Deployment with `replicas`
 * pods scales out. New pods are placed as kube-scheduler's defaults do for pods without requests:
 * on a node with room (under max pods) holding the fewest of the Deployment's pods, then the fewest
 * pods; the scheduler breaks remaining ties at random, this prediction by node name. A node whose
 * ENI is `due` attaches at the current count; nodes that never attach one are absent.
 */
export function predictNextEniReplicas(
  nodes: PlacementNode[],
  replicas: number,
): Map<string, number> {
  const result = new Map<string, number>();
  const state = nodes.map((n) => ({ ...n, added: 0 }));
  for (const n of state) if (n.nextEni.kind === 'due') result.set(n.nodeName, replicas);
  const waiting = (): boolean =>
    state.some((n) => n.nextEni.kind === 'at-pod-ips' && !result.has(n.nodeName));
  let count = replicas;
  while (waiting()) {
    const fits = state.filter((n) => n.maxPods === undefined || n.pods < n.maxPods);
    const target = fits.sort(
      (a, b) =>
        a.ownPods - b.ownPods ||
        a.pods - b.pods ||
        (a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0),
    )[0];
    // Only nodes with known limits bound the loop; without any, stop rather than run forever.
    if (target === undefined || target.maxPods === undefined) break;
    count++;
    target.pods++;
    target.ownPods++;
    target.added++;
    if (target.nextEni.kind === 'at-pod-ips' && target.added === target.nextEni.morePods)
      result.set(target.nodeName, count);
  }
  return result;
}

function isBound(pod: TopologyPod, nodeName: string): boolean {
  return pod.nodeName === nodeName && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

/** The counts of a topology node: ENIs and their slots, and the pods bound to it. */
export function eniCounts(
  node: TopologyNode,
  pods: TopologyPod[],
): EniCounts & { ipsWarm: number } {
  let ipsAssigned = 0;
  let ipsWarm = 0;
  let listed = 0;
  for (const eni of node.enis) {
    listed += eni.secondaryIps.length;
    for (const slot of eni.slots) {
      if (slot.state === 'assigned') ipsAssigned++;
      else if (slot.state === 'warm') ipsWarm++;
    }
  }
  const bound =
    node.nodeName === undefined ? [] : pods.filter((p) => isBound(p, node.nodeName ?? ''));
  // Without slots (no ipamd or IMDS answer) the pods holding an IP are the best count there is.
  if (ipsAssigned + ipsWarm === 0) {
    ipsAssigned = bound.filter((p) => !p.isHostNetwork && p.ip !== undefined).length;
    ipsWarm = Math.max(0, listed - ipsAssigned);
  }
  return {
    enis: node.enis.length,
    ipsAllocated: ipsAssigned + ipsWarm,
    ipsAssigned,
    ipsWarm,
    pods: bound.length,
  };
}

/**
 * Capacity of every node of a topology under the given warm-pool settings. With `owner` (a pod
 * owner as the topology names it, e.g. `ReplicaSet/nginx-5869d7778c`) each node also gets the
 * replica count of that workload at which its next ENI attaches.
 */
export function topologyCapacity(
  topology: Pick<Topology, 'nodes' | 'pods'>,
  settings: WarmPoolSettings,
  owner?: string,
): NodeCapacity[] {
  const capacities: NodeCapacity[] = topology.nodes.map((node, index) => {
    const counts = eniCounts(node, topology.pods);
    const nodeName = node.nodeName ?? node.instanceId ?? `node ${index + 1}`;
    const limits = nodeLimits(node);
    return {
      nodeName,
      ...(node.instanceType === undefined ? {} : { instanceType: node.instanceType }),
      ...(limits === undefined ? {} : { limits }),
      ...counts,
      ...(limits === undefined ? {} : { podsUntilFull: Math.max(0, limits.maxPods - counts.pods) }),
      nextEni: nextEni(counts, limits, settings),
    };
  });
  if (owner === undefined) return capacities;
  const own = topology.pods.filter((p) => p.owner === owner);
  const placement = capacities.map((c) => ({
    nodeName: c.nodeName,
    pods: c.pods,
    ownPods: own.filter((p) => isBound(p, c.nodeName)).length,
    ...(c.limits === undefined ? {} : { maxPods: c.limits.maxPods }),
    nextEni: c.nextEni,
  }));
  const at = predictNextEniReplicas(placement, own.length);
  return capacities.map((c) => {
    const replicas = at.get(c.nodeName);
    return replicas === undefined ? c : { ...c, nextEniAtReplicas: replicas };
  });
}
