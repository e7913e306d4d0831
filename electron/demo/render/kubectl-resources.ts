/**
 * The resource kinds `kubectl get` knows on the demo cluster, each with kubectl's columns (and
 * `-o wide` extras), its `-o name` prefix and its JSON object.
 */
import type { Cluster } from '../model/types';
import { endpointSliceObject, endpointsObject, serviceObject } from './kube-objects';
import { nodeObject, podObject } from './kube-pod-node';
import {
  cmp,
  humanDuration,
  inNamespace,
  listedPods,
  nodeName,
  podState,
  serviceEndpoints,
} from './kube-state';
import { firstThree, selectorText, type ResourceKind } from './kubectl-kind';
import { statefulSets } from './kubectl-statefulsets';
import { daemonSets, deployments } from './kubectl-workloads';

export { tabwrite, type Item, type ResourceKind } from './kubectl-kind';

const pods: ResourceKind = {
  aliases: ['pods', 'pod', 'po'],
  plural: 'pods',
  prefix: 'pod',
  isNamespaced: true,
  headers: (wide) => [
    'NAME',
    'READY',
    'STATUS',
    'RESTARTS',
    'AGE',
    ...(wide ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : []),
  ],
  list: (cluster, now, ns) =>
    listedPods(cluster, now, ns).map((pod) => ({
      name: pod.name,
      namespace: pod.namespace,
      labels: pod.labels,
      cells: (wide) => {
        const s = podState(cluster, pod, now);
        const base = [
          pod.name,
          `${s.ready}/${s.total}`,
          s.reason,
          '0',
          humanDuration(now - pod.createdAt),
        ];
        return wide
          ? [
              ...base,
              s.podIp ?? '<none>',
              s.node ? nodeName(cluster, s.node) : '<none>',
              '<none>',
              '<none>',
            ]
          : base;
      },
      object: () => podObject(cluster, pod, now),
    })),
};

const nodes: ResourceKind = {
  aliases: ['nodes', 'node', 'no'],
  plural: 'nodes',
  prefix: 'node',
  isNamespaced: false,
  headers: (wide) => [
    'NAME',
    'STATUS',
    'ROLES',
    'AGE',
    'VERSION',
    ...(wide
      ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']
      : []),
  ],
  list: (cluster, now) =>
    cluster.instances
      .filter((i) => i.role === 'node')
      .map((inst) => ({ inst, name: nodeName(cluster, inst) }))
      .sort((a, b) => cmp(a.name, b.name))
      .map(({ inst, name }) => ({
        name,
        labels: {},
        cells: (wide) => {
          const isControlPlane = cluster.overlay !== undefined && inst.hostId === 'node1';
          const base = [
            name,
            'Ready',
            isControlPlane ? 'control-plane' : '<none>',
            humanDuration(now - inst.launchedAt),
            cluster.kubeletVersion,
          ];
          return wide
            ? [
                ...base,
                inst.privateIp,
                inst.publicIp || '<none>',
                cluster.overlay ? 'Ubuntu 22.04.5 LTS' : 'Amazon Linux 2023.7.20250512',
                inst.kernelRelease,
                'containerd://1.7.27',
              ]
            : base;
        },
        object: () => nodeObject(cluster, inst),
      })),
};

const services: ResourceKind = {
  aliases: ['services', 'service', 'svc'],
  plural: 'services',
  prefix: 'service',
  isNamespaced: true,
  headers: (wide) => [
    'NAME',
    'TYPE',
    'CLUSTER-IP',
    'EXTERNAL-IP',
    'PORT(S)',
    'AGE',
    ...(wide ? ['SELECTOR'] : []),
  ],
  list: (cluster, now, ns) =>
    sortedServices(cluster, ns).map((svc) => ({
      name: svc.name,
      namespace: svc.namespace,
      labels: svc.labels,
      cells: (wide) => {
        const ports = svc.ports.map((p) => `${p.port}/${p.protocol}`).join(',');
        const base = [
          svc.name,
          'ClusterIP',
          svc.clusterIp,
          '<none>',
          ports,
          humanDuration(now - svc.createdAt),
        ];
        return wide ? [...base, selectorText(svc.selector)] : base;
      },
      object: () => serviceObject(cluster, svc),
    })),
};

function sortedServices(cluster: Cluster, ns: string | undefined) {
  return inNamespace(cluster.services, ns);
}

const endpointSlices: ResourceKind = {
  aliases: ['endpointslices', 'endpointslice', 'endpointslices.discovery.k8s.io'],
  plural: 'endpointslices',
  prefix: 'endpointslice.discovery.k8s.io',
  isNamespaced: true,
  headers: () => ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
  list: (cluster, now, ns) =>
    sortedServices(cluster, ns)
      .map((svc) => ({ svc, name: svc.endpointSliceName }))
      .sort((a, b) => cmp(a.svc.namespace, b.svc.namespace) || cmp(a.name, b.name))
      .map(({ svc, name }) => ({
        name,
        namespace: svc.namespace,
        labels: { 'kubernetes.io/service-name': svc.name },
        cells: () => {
          const ready = serviceEndpoints(cluster, svc, now).map((e) => e.ip);
          return [
            name,
            'IPv4',
            svc.ports.map((p) => String(p.targetPort)).join(','),
            ready.length ? firstThree(ready) : '<unset>',
            humanDuration(now - svc.createdAt),
          ];
        },
        object: () => endpointSliceObject(cluster, svc, now),
      })),
};

const endpoints: ResourceKind = {
  aliases: ['endpoints', 'ep'],
  plural: 'endpoints',
  prefix: 'endpoints',
  isNamespaced: true,
  headers: () => ['NAME', 'ENDPOINTS', 'AGE'],
  list: (cluster, now, ns) =>
    sortedServices(cluster, ns).map((svc) => ({
      name: svc.name,
      namespace: svc.namespace,
      labels: svc.labels,
      cells: () => {
        const ready = serviceEndpoints(cluster, svc, now).filter((e) => e.isReady);
        const pairs = ready.flatMap((e) => svc.ports.map((p) => `${e.ip}:${p.targetPort}`));
        return [svc.name, firstThree(pairs), humanDuration(now - svc.createdAt)];
      },
      object: () => endpointsObject(cluster, svc, now),
    })),
};

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  pods,
  nodes,
  services,
  endpointSlices,
  endpoints,
  deployments,
  daemonSets,
  statefulSets,
];

export function findKind(word: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.aliases.includes(word.toLowerCase()));
}
