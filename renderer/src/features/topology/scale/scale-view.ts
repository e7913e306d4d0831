import type { DemoDeployment } from '../../../../../shared/api/contract-demo';
import type { TopologyPod } from '../../../../../shared/model/topology';
import { deploymentName } from '../timeline/timeline-view';

/** `namespace/name`: how the picker and the store name a Deployment. */
export const deploymentKey = (d: { namespace: string; name: string }) => `${d.namespace}/${d.name}`;

/**
 * The Deployment the picker shows: the one chosen if it still exists, else nginx (what the demo
 * invites you to scale), else the first.
 */
export function pickDeployment(
  deployments: readonly DemoDeployment[],
  chosen: string | null,
): DemoDeployment | undefined {
  return (
    deployments.find((d) => deploymentKey(d) === chosen) ??
    deployments.find((d) => d.name === 'nginx') ??
    deployments[0]
  );
}

/** A replicas value the request accepts: a whole number within [0, max]; NaN when unreadable. */
export function clampReplicas(value: number, max: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  return Math.min(max, Math.max(0, Math.round(value)));
}

/** Pods of the Deployment by phase, from the topology (ReplicaSet owners name their Deployment). */
export function podPhases(
  pods: readonly TopologyPod[],
  deployment: { namespace: string; name: string },
): { pending: number; total: number } {
  let pending = 0;
  let total = 0;
  for (const pod of pods) {
    if (pod.namespace !== deployment.namespace || pod.owner?.startsWith('ReplicaSet/') !== true)
      continue;
    if (deploymentName(pod.owner) !== deployment.name) continue;
    total++;
    if (pod.phase === 'Pending') pending++;
  }
  return { pending, total };
}

/** "3 of 30 ready · 13 Pending": the Deployment's state in a few words. */
export function scaleSummary(deployment: DemoDeployment, pending: number): string {
  const ready = `${deployment.ready} of ${deployment.desired} ready`;
  return pending > 0 ? `${ready} · ${pending} Pending` : ready;
}
