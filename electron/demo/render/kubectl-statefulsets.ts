/** StatefulSets for `kubectl get statefulset|sts` (table and `-o json`), with kubectl's columns. */
import type { Cluster, StatefulSet } from '../model/types';
import { meta, type KubeObject } from './kube-meta';
import { template } from './kube-objects';
import { humanDuration, inNamespace, podState } from './kube-state';
import type { ResourceKind } from './kubectl-kind';

function counts(cluster: Cluster, set: StatefulSet, now: number) {
  const pods = cluster.pods.filter((p) => p.owner.uid === set.uid && p.createdAt <= now);
  const ready = pods.filter((p) => podState(cluster, p, now).reason === 'Running').length;
  return { current: pods.length, ready };
}

export function statefulSetObject(cluster: Cluster, set: StatefulSet, now: number): KubeObject {
  const c = counts(cluster, set, now);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(set.name, set.namespace, set.uid, set.createdAt, cluster.revision, {
      generation: set.generation,
      labels: set.labels,
    }),
    spec: {
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      podManagementPolicy: 'OrderedReady',
      replicas: set.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: set.selector },
      serviceName: set.serviceName,
      template: template(set.podLabels, set.containers),
      updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
    },
    status: {
      availableReplicas: c.ready,
      collisionCount: 0,
      currentReplicas: c.current,
      currentRevision: set.revisionHash,
      observedGeneration: set.generation,
      readyReplicas: c.ready,
      replicas: c.current,
      updateRevision: set.revisionHash,
      updatedReplicas: c.current,
    },
  };
}

export const statefulSets: ResourceKind = {
  aliases: ['statefulsets', 'statefulset', 'sts', 'statefulsets.apps', 'statefulset.apps'],
  plural: 'statefulsets',
  prefix: 'statefulset.apps',
  isNamespaced: true,
  headers: (wide) => ['NAME', 'READY', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES'] : [])],
  list: (cluster, now, ns) =>
    inNamespace(
      cluster.statefulSets.filter((s) => s.createdAt <= now),
      ns,
    ).map((set) => ({
      name: set.name,
      namespace: set.namespace,
      labels: set.labels,
      cells: (wide) => {
        const c = counts(cluster, set, now);
        const base = [set.name, `${c.ready}/${set.replicas}`, humanDuration(now - set.createdAt)];
        return wide
          ? [
              ...base,
              set.containers.map((x) => x.name).join(','),
              set.containers.map((x) => x.image).join(','),
            ]
          : base;
      },
      object: () => statefulSetObject(cluster, set, now),
    })),
};
