/**
 * Pods coming and going: scheduling onto nodes, the CNI's sandbox setup (IP from the warm pool,
 * `eni…` veth, netns) and Deployment scaling. `scaleDeployment` is pure: it returns a new
 * `Cluster` and leaves the one it was given untouched.
 */
import { createHash } from 'node:crypto';
import { ensureWarmPool, podsWithIp, releaseSurplusEnis, takeIp } from './ipam';
import { bindOverlayPod } from './overlay-ipam';
import { podSuffix, Rng, uuid, vethMac } from './random';
import type { Cluster, ContainerSpec, Deployment, Instance, OwnerRef, Pod } from './types';

/**
 * The host-side veth name the VPC CNI derives from the pod: `eni` + the first 11 hex digits of
 * sha1("<namespace>.<name>") (GeneratePodHostVethName), so it is stable across restarts.
 */
export function vethName(namespace: string, name: string): string {
  return `eni${createHash('sha1').update(`${namespace}.${name}`).digest('hex').slice(0, 11)}`;
}

export function nodeInstances(cluster: Cluster): Instance[] {
  return cluster.instances.filter((i) => i.role === 'node');
}

function podsOn(cluster: Cluster, inst: Instance): Pod[] {
  return cluster.pods.filter((p) => p.hostId === inst.hostId);
}

function fits(cluster: Cluster, inst: Instance, pod: Pod): boolean {
  return podsOn(cluster, inst).length < inst.limits.maxPods || pod.hostNetwork;
}

/**
 * The scheduler's choice, close to kube-scheduler's defaults for pods without requests: spread
 * the owner's replicas (PodTopologySpread), then the fewest pods, ties broken at random.
 */
function chooseNode(cluster: Cluster, pod: Pod, rng: Rng): Instance | undefined {
  const candidates = nodeInstances(cluster).filter((inst) => fits(cluster, inst, pod));
  if (candidates.length === 0) return undefined;
  const score = (inst: Instance): [number, number] => {
    const on = podsOn(cluster, inst);
    return [on.filter((p) => p.owner.uid === pod.owner.uid).length, on.length];
  };
  let best: Instance[] = [];
  let bestScore: [number, number] = [Infinity, Infinity];
  for (const inst of candidates) {
    const s = score(inst);
    const cmp = s[0] - bestScore[0] || s[1] - bestScore[1];
    if (cmp < 0) {
      best = [inst];
      bestScore = s;
    } else if (cmp === 0) {
      best.push(inst);
    }
  }
  return rng.pick(best);
}

/** The kernel hands out the lowest free netns id on the node. */
function nextNetnsId(cluster: Cluster, inst: Instance): number {
  const taken = new Set(podsWithIp(cluster, inst).map((p) => p.network?.netnsId));
  let id = 0;
  while (taken.has(id)) id++;
  return id;
}

/** From an ENI's attachment to the first pod sandbox on one of its IPs (ipamd's next retry). */
const IP_AFTER_ATTACH_MS = 500;

/** Binds a pod to a node and, for pod-network pods, runs the CNI ADD: IP, veth, netns. */
export function bindPod(cluster: Cluster, pod: Pod, inst: Instance, rng: Rng): void {
  pod.hostId = inst.hostId;
  if (pod.hostNetwork) return;
  if (cluster.overlay) {
    bindOverlayPod(cluster, cluster.overlay, pod, inst, rng);
    return;
  }
  const taken = takeIp(cluster, inst, rng, pod.sandboxAt);
  if (!taken) throw new Error(`no free IP on ${inst.hostId} although the pod fits`);
  if (taken.eni.attachedAt > pod.sandboxAt) {
    // The pod stays ContainerCreating until its ENI is attached and ipamd can hand out the IP.
    const wait = taken.eni.attachedAt + IP_AFTER_ATTACH_MS - pod.sandboxAt;
    pod.sandboxAt += wait;
    pod.readyAt += wait;
  }
  pod.network = {
    ip: taken.ip,
    eniId: taken.eni.id,
    veth: vethName(pod.namespace, pod.name),
    vethIfindex: inst.nextIfindex++,
    vethMac: vethMac(rng),
    podMac: vethMac(rng),
    netnsName: `cni-${uuid(rng)}`,
    netnsId: nextNetnsId(cluster, inst),
  };
  ensureWarmPool(cluster, inst, rng, pod.sandboxAt);
}

export interface NewPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  owner: OwnerRef;
  containers: ContainerSpec[];
  hostNetwork: boolean;
  createdAt: number;
  /** How long the sandbox and the containers take to come up. */
  sandboxDelayMs: number;
  readyDelayMs: number;
  priorityClassName?: string;
}

export function makePod(rng: Rng, spec: NewPod): Pod {
  const sandboxAt = spec.createdAt + spec.sandboxDelayMs;
  return {
    uid: uuid(rng),
    namespace: spec.namespace,
    name: spec.name,
    labels: spec.labels,
    owner: spec.owner,
    containers: spec.containers,
    hostNetwork: spec.hostNetwork,
    createdAt: spec.createdAt,
    sandboxAt,
    readyAt: sandboxAt + spec.readyDelayMs,
    containerIds: spec.containers.map(() => rng.hex(64)),
    ...(spec.priorityClassName ? { priorityClassName: spec.priorityClassName } : {}),
  };
}

function deploymentPod(cluster: Cluster, dep: Deployment, rng: Rng, at: number, i: number): Pod {
  const existing = new Set(cluster.pods.map((p) => `${p.namespace}/${p.name}`));
  let name: string;
  do name = `${dep.name}-${dep.templateHash}-${podSuffix(rng)}`;
  while (existing.has(`${dep.namespace}/${name}`));
  return makePod(rng, {
    namespace: dep.namespace,
    name,
    labels: { ...dep.selector, 'pod-template-hash': dep.templateHash },
    owner: { kind: 'ReplicaSet', name: `${dep.name}-${dep.templateHash}`, uid: dep.replicaSetUid },
    containers: dep.containers,
    hostNetwork: false,
    createdAt: at,
    sandboxDelayMs: 600 + i * 120 + rng.int(0, 400),
    readyDelayMs: rng.int(1200, 3200),
    ...(dep.priorityClassName ? { priorityClassName: dep.priorityClassName } : {}),
  });
}

/** Schedules pods that have no node yet, in the order their sandboxes would come up. */
export function schedulePending(cluster: Cluster, rng: Rng): void {
  const pending = cluster.pods.filter((p) => p.hostId === undefined);
  pending.sort((a, b) => a.sandboxAt - b.sandboxAt);
  for (const pod of pending) {
    const inst = chooseNode(cluster, pod, rng);
    if (inst) bindPod(cluster, pod, inst, rng);
  }
}

/**
 * The ReplicaSet controller's pick of pods to delete on scale-down: unscheduled first, then pods
 * on the nodes that run the most replicas, newest first.
 */
function victims(cluster: Cluster, pods: Pod[], count: number): Pod[] {
  const perNode = new Map<string | undefined, number>();
  for (const p of pods) perNode.set(p.hostId, (perNode.get(p.hostId) ?? 0) + 1);
  const ranked = [...pods].sort((a, b) => {
    if ((a.hostId === undefined) !== (b.hostId === undefined))
      return a.hostId === undefined ? -1 : 1;
    const load = (perNode.get(b.hostId) ?? 0) - (perNode.get(a.hostId) ?? 0);
    return load || b.createdAt - a.createdAt || a.name.localeCompare(b.name);
  });
  return ranked.slice(0, count);
}

export interface ScaleResult {
  cluster: Cluster;
  created: string[];
  deleted: string[];
  /** Pods of the Deployment that no node can take (max pods reached everywhere). */
  pending: string[];
}

/** `kubectl scale deployment <name> --replicas <n>`, as the controllers and ipamd carry it out. */
export function scaleDeployment(
  current: Cluster,
  namespace: string,
  name: string,
  replicas: number,
  at: number,
): ScaleResult {
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
  }
  const cluster = structuredClone(current);
  const dep = cluster.deployments.find((d) => d.namespace === namespace && d.name === name);
  if (!dep) throw new Error(`deployments.apps "${name}" not found`);
  const rng = new Rng(cluster.rngState);
  const owned = () => cluster.pods.filter((p) => p.owner.uid === dep.replicaSetUid);
  const created: string[] = [];
  const deleted: string[] = [];
  const have = owned();
  if (replicas > have.length) {
    for (let i = 0; i < replicas - have.length; i++) {
      const pod = deploymentPod(cluster, dep, rng, at, i);
      cluster.pods.push(pod);
      created.push(pod.name);
    }
  } else if (replicas < have.length) {
    const gone = new Set(victims(cluster, have, have.length - replicas));
    cluster.pods = cluster.pods.filter((p) => !gone.has(p));
    for (const p of gone) deleted.push(p.name);
    for (const inst of nodeInstances(cluster)) releaseSurplusEnis(cluster, inst);
  }
  if (dep.replicas !== replicas) dep.generation++;
  dep.replicas = replicas;
  schedulePending(cluster, rng);
  cluster.rngState = rng.state;
  cluster.revision++;
  const pending = owned()
    .filter((p) => p.hostId === undefined)
    .map((p) => p.name);
  return { cluster, created, deleted, pending };
}
