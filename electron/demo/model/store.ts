/**
 * Holds the demo cluster's current value. The model itself is data plus pure functions; this is
 * the one place that swaps in a new value (after `kubectl scale`, or when the UI drives a
 * scale-out) and tells listeners about it.
 */
import { buildCluster, type BuildOptions } from './build';
import { buildOverlayCluster, type OverlayKind } from './build-overlay';
import type { Cluster } from './types';
import { scaleDeployment, type ScaleResult } from './workloads';

export type ClusterListener = (cluster: Cluster) => void;

export class ClusterStore {
  private value: Cluster;
  private readonly listeners = new Set<ClusterListener>();

  constructor(
    initial: Cluster,
    /** The clock every time-dependent view and operation uses. */
    readonly now: () => number = Date.now,
  ) {
    this.value = initial;
  }

  /** A store with a freshly built cluster: EKS, or with `overlay` minikube-Calico / kubeadm-Flannel. */
  static create(
    options: BuildOptions & { now?: number; clock?: () => number; overlay?: OverlayKind } = {},
  ): ClusterStore {
    const clock = options.clock ?? Date.now;
    const now = options.now ?? clock();
    const { overlay, ...build } = options;
    const cluster = overlay
      ? buildOverlayCluster(overlay, {
          ...(build.seed === undefined ? {} : { seed: build.seed }),
          now,
        })
      : buildCluster({ ...build, now });
    return new ClusterStore(cluster, clock);
  }

  get cluster(): Cluster {
    return this.value;
  }

  /**
   * Scales a Deployment: new pods are scheduled least-loaded, take IPs from their node's warm
   * pool (which attaches ENIs as it runs short) and never exceed a node's max pods; pods that fit
   * nowhere stay Pending.
   */
  scaleDeployment(namespace: string, name: string, replicas: number): ScaleResult {
    const result = scaleDeployment(this.value, namespace, name, replicas, this.now());
    this.value = result.cluster;
    for (const listener of this.listeners) listener(this.value);
    return result;
  }

  /**
   * Applies a pure change (model/objects.ts: `kubectl apply`, `run`, `delete`) at the store's
   * clock and tells the listeners when it returned a new value.
   */
  change(apply: (cluster: Cluster, now: number) => Cluster): Cluster {
    const next = apply(this.value, this.now());
    if (next !== this.value) {
      this.value = next;
      for (const listener of this.listeners) listener(this.value);
    }
    return this.value;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
