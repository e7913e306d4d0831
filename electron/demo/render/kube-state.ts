/**
 * What the Kubernetes API would say about the model's objects at a moment: pod phase and
 * readiness, Service endpoints, Deployment and DaemonSet counts. kubectl's tables and JSON both
 * read these, so `kubectl get pods` and `-o json` never disagree.
 */
import type { Cluster, DaemonSet, Deployment, Instance, Pod, Service } from '../model/types';

export interface PodState {
  phase: 'Pending' | 'Running';
  /** What the STATUS column says: Pending, ContainerCreating or Running. */
  reason: 'Pending' | 'ContainerCreating' | 'Running';
  ready: number;
  total: number;
  podIp?: string;
  node?: Instance;
}

export function podState(cluster: Cluster, pod: Pod, now: number): PodState {
  const total = pod.containers.length;
  const node = cluster.instances.find((i) => i.hostId === pod.hostId);
  if (!node) return { phase: 'Pending', reason: 'Pending', ready: 0, total };
  const hasSandbox = pod.sandboxAt <= now;
  const podIp = hasSandbox ? (pod.hostNetwork ? node.privateIp : pod.network?.ip) : undefined;
  const base = { total, node, ...(podIp ? { podIp } : {}) };
  if (pod.readyAt > now)
    return { ...base, phase: 'Pending', reason: 'ContainerCreating', ready: 0 };
  return { ...base, phase: 'Running', reason: 'Running', ready: total };
}

/** Pods that exist at `now` (created by then), sorted as the API lists them: namespace, name. */
export function listedPods(cluster: Cluster, now: number, namespace?: string): Pod[] {
  return cluster.pods
    .filter((p) => p.createdAt <= now && (!namespace || p.namespace === namespace))
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Objects of one namespace (all when undefined) in the API's order: namespace, then name. */
export function inNamespace<T extends { namespace: string; name: string }>(
  items: readonly T[],
  namespace: string | undefined,
): T[] {
  return items
    .filter((i) => !namespace || i.namespace === namespace)
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

export function matchesSelector(
  labels: Record<string, string>,
  selector: Record<string, string>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export interface EndpointState {
  ip: string;
  pod?: Pod;
  nodeName?: string;
  zone?: string;
  isReady: boolean;
}

/** The endpoints of a Service: its ready pods' IPs (or the API server ENIs for `kubernetes`). */
export function serviceEndpoints(cluster: Cluster, service: Service, now: number): EndpointState[] {
  if (!service.selector) {
    return cluster.controlPlaneEnis.map((c) => ({ ip: c.ip, isReady: true }));
  }
  const selector = service.selector;
  return listedPods(cluster, now, service.namespace)
    .filter((p) => matchesSelector(p.labels, selector))
    .map((pod) => {
      const s = podState(cluster, pod, now);
      return { pod, s };
    })
    .filter(({ s }) => s.podIp !== undefined)
    .map(({ pod, s }) => ({
      ip: s.podIp ?? '',
      pod,
      ...(s.node ? { nodeName: nodeName(cluster, s.node), zone: s.node.availabilityZone } : {}),
      isReady: s.ready === s.total,
    }));
}

export function nodeName(cluster: Cluster, inst: Instance): string {
  if (inst.nodeName) return inst.nodeName;
  return `ip-${inst.privateIp.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
}

export interface WorkloadCounts {
  desired: number;
  current: number;
  ready: number;
  available: number;
}

function ownedPods(cluster: Cluster, ownerUid: string, now: number): Pod[] {
  return cluster.pods.filter((p) => p.owner.uid === ownerUid && p.createdAt <= now);
}

export function deploymentCounts(cluster: Cluster, dep: Deployment, now: number): WorkloadCounts {
  const pods = ownedPods(cluster, dep.replicaSetUid, now);
  const ready = pods.filter((p) => podState(cluster, p, now).reason === 'Running').length;
  return { desired: dep.replicas, current: pods.length, ready, available: ready };
}

export function daemonSetCounts(cluster: Cluster, ds: DaemonSet, now: number): WorkloadCounts {
  const pods = ownedPods(cluster, ds.uid, now);
  const ready = pods.filter((p) => podState(cluster, p, now).reason === 'Running').length;
  const nodes = cluster.instances.filter((i) => i.role === 'node').length;
  return { desired: nodes, current: pods.length, ready, available: ready };
}

/** kubectl's `HumanDuration`: 16s, 4m46s, 26m, 6h31m, 2d3h, … */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${hours / 24}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** An RFC 3339 timestamp without fractions, as Kubernetes writes `creationTimestamp`. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
