/** Deployments and DaemonSets for `kubectl get deploy|ds`, with kubectl's columns. */
import { daemonSetObject, deploymentObject } from './kube-objects';
import { daemonSetCounts, deploymentCounts, humanDuration, inNamespace } from './kube-state';
import { selectorText, type ResourceKind } from './kubectl-kind';

export const deployments: ResourceKind = {
  aliases: ['deployments', 'deployment', 'deploy', 'deployments.apps', 'deployment.apps'],
  plural: 'deployments',
  prefix: 'deployment.apps',
  isNamespaced: true,
  headers: (wide) => [
    'NAME',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'AGE',
    ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
  ],
  list: (cluster, now, ns) =>
    inNamespace(cluster.deployments, ns).map((dep) => ({
      name: dep.name,
      namespace: dep.namespace,
      labels: dep.selector,
      cells: (wide) => {
        const c = deploymentCounts(cluster, dep, now);
        const base = [
          dep.name,
          `${c.ready}/${c.desired}`,
          String(c.current),
          String(c.available),
          humanDuration(now - dep.createdAt),
        ];
        return wide
          ? [
              ...base,
              dep.containers.map((x) => x.name).join(','),
              dep.containers.map((x) => x.image).join(','),
              selectorText(dep.selector),
            ]
          : base;
      },
      object: () => deploymentObject(cluster, dep, now),
    })),
};

export const daemonSets: ResourceKind = {
  aliases: ['daemonsets', 'daemonset', 'ds', 'daemonsets.apps'],
  plural: 'daemonsets',
  prefix: 'daemonset.apps',
  isNamespaced: true,
  headers: (wide) => [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'NODE SELECTOR',
    'AGE',
    ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
  ],
  list: (cluster, now, ns) =>
    inNamespace(cluster.daemonSets, ns).map((ds) => ({
      name: ds.name,
      namespace: ds.namespace,
      labels: ds.selector,
      cells: (wide) => {
        const c = daemonSetCounts(cluster, ds, now);
        const base = [
          ds.name,
          String(c.desired),
          String(c.current),
          String(c.ready),
          String(c.current),
          String(c.available),
          '<none>',
          humanDuration(now - ds.createdAt),
        ];
        return wide
          ? [
              ...base,
              ds.containers.map((x) => x.name).join(','),
              ds.containers.map((x) => x.image).join(','),
              selectorText(ds.selector),
            ]
          : base;
      },
      object: () => daemonSetObject(cluster, ds, now),
    })),
};
