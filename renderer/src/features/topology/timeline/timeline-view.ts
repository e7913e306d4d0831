import type { TopologyPod } from '../../../../../shared/model/topology';

/** Workload owners (ReplicaSets) of pod-network pods, most pods first: what a user scales. */
export function scalableOwners(pods: readonly TopologyPod[]): { owner: string; pods: number }[] {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    if (pod.isHostNetwork || pod.owner === undefined || !pod.owner.startsWith('ReplicaSet/'))
      continue;
    counts.set(pod.owner, (counts.get(pod.owner) ?? 0) + 1);
  }
  return [...counts]
    .map(([owner, n]) => ({ owner, pods: n }))
    .sort((a, b) => b.pods - a.pods || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}

/** `ReplicaSet/nginx-5869d7778c` → `nginx`: the Deployment a ReplicaSet's name was made from. */
export function deploymentName(owner: string): string {
  const name = owner.replace(/^ReplicaSet\//, '');
  return name.replace(/-[a-z0-9]{6,10}$/, '');
}
