/**
 * The workloads an eksctl-built cluster runs from the start (aws-node, kube-proxy, CoreDNS) and the
 * study's nginx Deployment, with the Services `default/kubernetes`, `kube-system/kube-dns` and
 * `default/nginx`.
 */
import { AWS_NODE, COREDNS, KUBE_PROXY, NGINX } from './catalog';
import { podSuffix, templateHash, uuid, type Rng } from './random';
import type { Cluster, ContainerSpec, DaemonSet, Deployment, Service } from './types';
import { bindPod, makePod, nodeInstances } from './workloads';

const MINUTE = 60_000;

/** The CNI's DaemonSet: aws-node on EKS, calico-node or kube-flannel-ds elsewhere. */
export interface CniDaemonSet {
  namespace: string;
  name: string;
  selector: Record<string, string>;
  containers: ContainerSpec[];
}

const AWS_NODE_DS: CniDaemonSet = {
  namespace: 'kube-system',
  name: 'aws-node',
  selector: { 'k8s-app': 'aws-node' },
  containers: AWS_NODE,
};

/** The CNI's DaemonSet (aws-node by default) and kube-proxy: one host-network pod per node. */
export function addDaemonSets(
  cluster: Cluster,
  rng: Rng,
  createdAt: number,
  nodesUp: number,
  cni: CniDaemonSet = AWS_NODE_DS,
): void {
  const sets: DaemonSet[] = [
    { ...cni, uid: uuid(rng), createdAt },
    {
      namespace: 'kube-system',
      name: 'kube-proxy',
      uid: uuid(rng),
      selector: { 'k8s-app': 'kube-proxy' },
      containers: KUBE_PROXY,
      createdAt,
    },
  ];
  cluster.daemonSets.push(...sets);
  for (const inst of nodeInstances(cluster)) {
    for (const ds of sets) {
      const pod = makePod(rng, {
        namespace: ds.namespace,
        name: `${ds.name}-${podSuffix(rng)}`,
        labels: {
          ...ds.selector,
          'controller-revision-hash': templateHash(rng),
        },
        owner: { kind: 'DaemonSet', name: ds.name, uid: ds.uid },
        containers: ds.containers,
        hostNetwork: true,
        createdAt: nodesUp + rng.int(5_000, 15_000),
        sandboxDelayMs: rng.int(500, 1500),
        readyDelayMs: rng.int(8_000, 20_000),
        priorityClassName: 'system-node-critical',
      });
      cluster.pods.push(pod);
      bindPod(cluster, pod, inst, rng);
    }
  }
}

/** CoreDNS and nginx (scaled up later) and the Services in front of them and the API server. */
export function addServices(cluster: Cluster, rng: Rng, createdAt: number, nginxAt: number): void {
  const deployment = (
    name: string,
    namespace: string,
    selector: Record<string, string>,
    containers: ContainerSpec[],
    at: number,
    priority?: string,
  ): Deployment => ({
    namespace,
    name,
    uid: uuid(rng),
    replicas: 0,
    selector,
    templateHash: templateHash(rng),
    replicaSetUid: uuid(rng),
    containers,
    createdAt: at,
    generation: 1,
    ...(priority ? { priorityClassName: priority } : {}),
  });
  cluster.deployments.push(
    deployment(
      'coredns',
      'kube-system',
      { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' },
      COREDNS,
      createdAt + 2 * MINUTE,
      'system-cluster-critical',
    ),
    deployment('nginx', 'default', { app: 'nginx' }, NGINX, nginxAt),
  );
  const service = (
    s: Omit<Service, 'uid' | 'endpointSliceName' | 'endpointSliceUid'>,
  ): Service => ({
    ...s,
    uid: uuid(rng),
    endpointSliceName: s.name === 'kubernetes' ? 'kubernetes' : `${s.name}-${podSuffix(rng)}`,
    endpointSliceUid: uuid(rng),
  });
  cluster.services.push(
    service({
      namespace: 'default',
      name: 'kubernetes',
      clusterIp: '10.100.0.1',
      ports: [{ name: 'https', port: 443, targetPort: 443, protocol: 'TCP' }],
      selector: null,
      labels: { component: 'apiserver', provider: 'kubernetes' },
      createdAt,
    }),
    service({
      namespace: 'kube-system',
      name: 'kube-dns',
      clusterIp: '10.100.0.10',
      ports: [
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, targetPort: 9153, protocol: 'TCP' },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      labels: {
        'eks.amazonaws.com/component': 'kube-dns',
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'CoreDNS',
      },
      createdAt: createdAt + 2 * MINUTE,
    }),
    service({
      namespace: 'default',
      name: 'nginx',
      clusterIp: `10.100.${rng.int(1, 254)}.${rng.int(1, 254)}`,
      ports: [{ name: '', port: 80, targetPort: 80, protocol: 'TCP' }],
      selector: { app: 'nginx' },
      labels: { app: 'nginx' },
      createdAt: nginxAt + 40_000,
    }),
  );
}
