/**
 * Objects a user creates with `kubectl apply` and `kubectl run`, and deletes with `kubectl
 * delete`: StatefulSets (seed 002's `a-app`), Services (headless ones included) and bare pods.
 * Every function is pure: it returns a new `Cluster` and leaves the one it was given untouched.
 */
import { nthIp, cidrSize } from './ipv4';
import { podSuffix, Rng, templateHash, uuid } from './random';
import type { Cluster, ContainerSpec, Pod, Service, ServicePortSpec, StatefulSet } from './types';
import { makePod, nodeInstances, schedulePending } from './workloads';
import { releaseSurplusEnis } from './ipam';

/** What `apply` reports per object, as kubectl prints it (`statefulset.apps/a-app created`). */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface StatefulSetSpec {
  namespace: string;
  name: string;
  replicas: number;
  selector: Record<string, string>;
  labels: Record<string, string>;
  podLabels: Record<string, string>;
  serviceName: string;
  containers: ContainerSpec[];
}

export interface ServiceSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  selector: Record<string, string> | null;
  /** `None` makes it headless; undefined lets the API server allocate one. */
  clusterIp?: string;
  ports: ServicePortSpec[];
}

export interface BarePodSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: ContainerSpec[];
}

/** Between one StatefulSet pod's Ready and the next pod's creation (OrderedReady). */
const NEXT_ORDINAL_MS = 300;

function changed(current: Cluster, change: (cluster: Cluster, rng: Rng) => void): Cluster {
  const cluster = structuredClone(current);
  const rng = new Rng(cluster.rngState);
  change(cluster, rng);
  cluster.rngState = rng.state;
  cluster.revision++;
  return cluster;
}

/**
 * Creates (or rescales) a StatefulSet. Pods `<name>-0 … <name>-(n-1)` come up one at a time,
 * each created once the previous one is Ready, spread over the nodes like any owner's replicas.
 */
export function applyStatefulSet(
  current: Cluster,
  spec: StatefulSetSpec,
  at: number,
): { cluster: Cluster; outcome: ApplyOutcome } {
  const existing = current.statefulSets.find(
    (s) => s.namespace === spec.namespace && s.name === spec.name,
  );
  if (existing && existing.replicas === spec.replicas)
    return { cluster: current, outcome: 'unchanged' };
  const cluster = changed(current, (c, rng) => {
    let set = c.statefulSets.find((s) => s.namespace === spec.namespace && s.name === spec.name);
    if (!set) {
      set = {
        ...spec,
        uid: uuid(rng),
        revisionHash: `${spec.name}-${templateHash(rng)}`,
        createdAt: at,
        generation: 1,
      } satisfies StatefulSet;
      c.statefulSets.push(set);
    } else {
      set.replicas = spec.replicas;
      set.generation++;
    }
    reconcileStatefulSet(c, set, rng, at);
  });
  return { cluster, outcome: existing ? 'configured' : 'created' };
}

function reconcileStatefulSet(c: Cluster, set: StatefulSet, rng: Rng, at: number): void {
  const owned = () => c.pods.filter((p) => p.owner.uid === set.uid);
  // Scale-down removes the highest ordinals first.
  const surplus = owned().filter((p) => ordinalOf(p.name, set.name) >= set.replicas);
  if (surplus.length > 0) {
    c.pods = c.pods.filter((p) => !surplus.includes(p));
    for (const inst of nodeInstances(c)) releaseSurplusEnis(c, inst);
  }
  let previousReady = Math.max(at, ...owned().map((p) => p.readyAt));
  for (let i = 0; i < set.replicas; i++) {
    const name = `${set.name}-${i}`;
    if (owned().some((p) => p.name === name)) continue;
    const pod = makePod(rng, {
      namespace: set.namespace,
      name,
      labels: {
        ...set.selector,
        ...set.podLabels,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': set.revisionHash,
        'statefulset.kubernetes.io/pod-name': name,
      },
      owner: { kind: 'StatefulSet', name: set.name, uid: set.uid },
      containers: set.containers,
      hostNetwork: false,
      createdAt: i === 0 && previousReady === at ? at : previousReady + NEXT_ORDINAL_MS,
      sandboxDelayMs: 500 + rng.int(0, 400),
      readyDelayMs: rng.int(1200, 2600),
    });
    c.pods.push(pod);
    schedulePending(c, rng);
    previousReady = pod.readyAt;
  }
}

function ordinalOf(podName: string, setName: string): number {
  return Number(podName.slice(setName.length + 1));
}

/** Creates or updates a Service; a new one without `clusterIp` gets a free VIP of the CIDR. */
export function applyService(
  current: Cluster,
  spec: ServiceSpec,
  at: number,
): { cluster: Cluster; outcome: ApplyOutcome; error?: string } {
  const existing = current.services.find(
    (s) => s.namespace === spec.namespace && s.name === spec.name,
  );
  if (existing) {
    if (spec.clusterIp !== undefined && spec.clusterIp !== existing.clusterIp)
      return {
        cluster: current,
        outcome: 'unchanged',
        error: `The Service "${spec.name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${spec.clusterIp}"}: may not change once set`,
      };
    const same =
      JSON.stringify([existing.ports, existing.selector, existing.labels]) ===
      JSON.stringify([spec.ports, spec.selector, spec.labels]);
    if (same) return { cluster: current, outcome: 'unchanged' };
    const cluster = changed(current, (c) => {
      const svc = c.services.find((s) => s.namespace === spec.namespace && s.name === spec.name);
      if (svc)
        Object.assign(svc, { ports: spec.ports, selector: spec.selector, labels: spec.labels });
    });
    return { cluster, outcome: 'configured' };
  }
  const cluster = changed(current, (c, rng) => {
    const taken = new Set(c.services.map((s) => s.clusterIp));
    let clusterIp = spec.clusterIp;
    while (clusterIp === undefined || (clusterIp !== 'None' && taken.has(clusterIp)))
      clusterIp = nthIp(c.serviceCidr, rng.int(11, cidrSize(c.serviceCidr) - 2));
    const svc: Service = {
      ...spec,
      clusterIp,
      uid: uuid(rng),
      createdAt: at,
      endpointSliceName: `${spec.name}-${podSuffix(rng)}`,
      endpointSliceUid: uuid(rng),
    };
    c.services.push(svc);
  });
  return { cluster, outcome: 'created' };
}

/** `kubectl run NAME --image=…`: a bare pod, scheduled and networked like any other. */
export function runPod(current: Cluster, spec: BarePodSpec, at: number): Cluster {
  return changed(current, (c, rng) => {
    const pod: Pod = makePod(rng, {
      namespace: spec.namespace,
      name: spec.name,
      labels: spec.labels,
      owner: { kind: 'None', name: spec.name, uid: '' },
      containers: spec.containers,
      hostNetwork: false,
      createdAt: at,
      sandboxDelayMs: 400 + rng.int(0, 300),
      readyDelayMs: rng.int(900, 1800),
    });
    pod.owner.uid = pod.uid;
    c.pods.push(pod);
    schedulePending(c, rng);
  });
}

/** Deletes what `kind/name` names; a StatefulSet takes its pods along. Undefined: not found. */
export function deleteObject(
  current: Cluster,
  kind: 'pod' | 'service' | 'statefulset',
  namespace: string,
  name: string,
): Cluster | undefined {
  const matches = (o: { namespace: string; name: string }) =>
    o.namespace === namespace && o.name === name;
  const list =
    kind === 'pod' ? current.pods : kind === 'service' ? current.services : current.statefulSets;
  if (!list.some(matches)) return undefined;
  return changed(current, (c) => {
    if (kind === 'service') c.services = c.services.filter((s) => !matches(s));
    else if (kind === 'pod') c.pods = c.pods.filter((p) => !matches(p));
    else {
      const set = c.statefulSets.find(matches);
      c.statefulSets = c.statefulSets.filter((s) => !matches(s));
      c.pods = c.pods.filter((p) => p.owner.uid !== set?.uid);
    }
    for (const inst of nodeInstances(c)) releaseSurplusEnis(c, inst);
  });
}
