/**
 * The resource kinds `kubectl get` knows on the demo cluster, each with kubectl's columns (and
 * `-o wide` extras), its `-o name` prefix and its JSON object.
 */
import type { Cluster } from '../model/types';
import {
  daemonSetObject,
  deploymentObject,
  endpointSliceObject,
  endpointsObject,
  nodeObject,
  podObject,
  serviceObject,
  type KubeObject,
} from './kube-objects';
import {
  cmp,
  daemonSetCounts,
  deploymentCounts,
  humanDuration,
  listedPods,
  nodeName,
  podState,
  serviceEndpoints,
} from './kube-state';

export interface Item {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  cells(isWide: boolean): string[];
  object(): KubeObject;
}

export interface ResourceKind {
  aliases: string[];
  plural: string;
  /** `kubectl get -o name` and multi-kind listings print `<prefix>/<name>`. */
  prefix: string;
  isNamespaced: boolean;
  headers(isWide: boolean): string[];
  list(cluster: Cluster, now: number, namespace: string | undefined): Item[];
}

const selectorText = (s: Record<string, string> | null) =>
  s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '<none>';

/** kubectl shows up to three endpoints and counts the rest. */
function firstThree(items: string[]): string {
  if (items.length === 0) return '<none>';
  return items.length > 3
    ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`
    : items.join(',');
}

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
          const base = [
            name,
            'Ready',
            '<none>',
            humanDuration(now - inst.launchedAt),
            cluster.kubeletVersion,
          ];
          return wide
            ? [
                ...base,
                inst.privateIp,
                inst.publicIp,
                'Amazon Linux 2023.7.20250512',
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
  return cluster.services
    .filter((s) => !ns || s.namespace === ns)
    .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
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

const deployments: ResourceKind = {
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
    cluster.deployments
      .filter((d) => !ns || d.namespace === ns)
      .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name))
      .map((dep) => ({
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

const daemonSets: ResourceKind = {
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
    cluster.daemonSets
      .filter((d) => !ns || d.namespace === ns)
      .sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name))
      .map((ds) => ({
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

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  pods,
  nodes,
  services,
  endpointSlices,
  endpoints,
  deployments,
  daemonSets,
];

export function findKind(word: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.aliases.includes(word.toLowerCase()));
}

/**
 * Go's text/tabwriter as kubectl configures it (min width 6, padding 3): each column as wide as
 * its widest cell plus three spaces; the last column is not padded.
 */
export function tabwrite(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 6, cell.length + 3)));
  }
  return rows
    .map(
      (row) =>
        row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('') +
        '\n',
    )
    .join('');
}
