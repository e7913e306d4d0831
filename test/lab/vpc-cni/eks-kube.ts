/**
 * The EKS bastion lab's Kubernetes objects, as `kubectl get … -o json` prints them (the API
 * server's field names; only the fields a real object would carry for this cluster): Nodes with
 * their providerID and InternalIP, Pods with owner, node, IPs and phase, Services and their
 * EndpointSlices, and the aws-node DaemonSet with its warm-pool env.
 */
import { createHash } from 'node:crypto';
import type { EksLabState } from './eks-bastion';

type Doc = Record<string, unknown>;

const uid = (what: string) => {
  const h = createHash('sha1').update(what).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const CREATED = '2026-11-23T09:05:00Z';

function meta(name: string, namespace: string | undefined, extra: Doc = {}): Doc {
  return {
    creationTimestamp: CREATED,
    name,
    ...(namespace === undefined ? {} : { namespace }),
    resourceVersion: '4711',
    uid: uid(`${namespace ?? ''}/${name}`),
    ...extra,
  };
}

/** Every object by kind, the way the lab's kubectl filters and lists them. */
export function kubeObjects(state: EksLabState): Record<string, Doc[]> {
  const Node = state.nodes.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.nodeName, undefined, {
      labels: {
        'kubernetes.io/hostname': n.nodeName,
        'node.kubernetes.io/instance-type': n.instanceType,
        'topology.kubernetes.io/zone': n.zone,
        'topology.kubernetes.io/region': state.region,
      },
    }),
    spec: { providerID: `aws:///${n.zone}/${n.instanceId}` },
    status: {
      addresses: [
        { address: n.address, type: 'InternalIP' },
        { address: n.nodeName, type: 'InternalDNS' },
        { address: n.nodeName, type: 'Hostname' },
      ],
      allocatable: { cpu: '1930m', memory: '3388356Ki', pods: '17' },
      capacity: { cpu: '2', memory: '3943364Ki', pods: '17' },
      conditions: [
        {
          lastHeartbeatTime: CREATED,
          lastTransitionTime: CREATED,
          message: 'kubelet is posting ready status',
          reason: 'KubeletReady',
          status: 'True',
          type: 'Ready',
        },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.2-eks-7f9249a',
        containerRuntimeVersion: 'containerd://1.7.23',
      },
    },
  }));
  const Pod = state.pods.map((p) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(p.name, p.namespace, {
      generateName: `${p.owner.name}-`,
      labels: { app: p.app },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: p.owner.kind,
          name: p.owner.name,
          uid: uid(`${p.namespace}/${p.owner.name}`),
        },
      ],
    }),
    spec: {
      containers: [
        {
          image:
            p.app === 'aws-node'
              ? '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.0'
              : `registry.k8s.io/e2e-test-images/agnhost:2.52`,
          name: p.app,
          ports: [{ containerPort: p.app === 'api' ? 8443 : 8080, protocol: 'TCP' }],
        },
      ],
      ...(p.isHostNetwork ? { hostNetwork: true } : {}),
      nodeName: p.node,
    },
    status: {
      hostIP: state.nodes.find((n) => n.nodeName === p.node)?.address,
      phase: 'Running',
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      startTime: CREATED,
    },
  }));
  const Service = state.services.map((s) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.name, s.namespace),
    spec: {
      clusterIP: s.clusterIp,
      clusterIPs: [s.clusterIp],
      ports: [{ name: 'http', port: s.port, protocol: 'TCP', targetPort: s.targetPort }],
      selector: { app: s.app },
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  }));
  const EndpointSlice = state.services.map((s) => ({
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: state.pods
      .filter((p) => p.app === s.app)
      .map((p) => ({
        addresses: [p.ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: p.node,
        targetRef: {
          kind: 'Pod',
          name: p.name,
          namespace: p.namespace,
          uid: uid(`${p.namespace}/${p.name}`),
        },
        zone: state.nodes.find((n) => n.nodeName === p.node)?.zone,
      })),
    kind: 'EndpointSlice',
    metadata: meta(`${s.name}-7k2xq`, s.namespace, {
      generateName: `${s.name}-`,
      labels: {
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': s.name,
      },
    }),
    ports: [{ name: 'http', port: s.targetPort, protocol: 'TCP' }],
  }));
  const DaemonSet = [
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('aws-node', 'kube-system', { labels: { 'k8s-app': 'aws-node' } }),
      spec: {
        selector: { matchLabels: { 'k8s-app': 'aws-node' } },
        template: {
          metadata: { labels: { 'k8s-app': 'aws-node' } },
          spec: {
            containers: [
              {
                env: [
                  { name: 'AWS_VPC_K8S_CNI_LOGLEVEL', value: 'DEBUG' },
                  ...state.awsNodeEnv,
                  {
                    name: 'MY_NODE_NAME',
                    valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                  },
                ],
                image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.0',
                name: 'aws-node',
              },
            ],
            hostNetwork: true,
          },
        },
      },
      status: {
        currentNumberScheduled: state.nodes.length,
        desiredNumberScheduled: state.nodes.length,
        numberReady: state.nodes.length,
      },
    },
  ];
  return { Node, Pod, Service, EndpointSlice, DaemonSet };
}
