/**
 * Kubernetes API objects for `kubectl get … -o json`, built from the model: Pods, Nodes,
 * Services, EndpointSlices, Endpoints, Deployments and DaemonSets. kubectl prints unstructured
 * objects, so keys come out sorted and indented by four spaces (fixtures/kubectl/*.json).
 */
import type {
  Cluster,
  ContainerSpec,
  DaemonSet,
  Deployment,
  Instance,
  Pod,
  Service,
} from '../model/types';
import {
  daemonSetCounts,
  deploymentCounts,
  nodeName,
  podState,
  serviceEndpoints,
  timestamp,
} from './kube-state';

export type KubeObject = { [key: string]: unknown };

function meta(
  name: string,
  namespace: string | undefined,
  uid: string,
  created: number,
  revision: number,
  extra: KubeObject = {},
): KubeObject {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid,
    creationTimestamp: timestamp(created),
    resourceVersion: String(revision),
    ...extra,
  };
}

function containerSpec(c: ContainerSpec): KubeObject {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.image.includes(':') ? 'IfNotPresent' : 'Always',
    ...(c.ports.length
      ? {
          ports: c.ports.map((p) => ({
            ...(p.name ? { name: p.name } : {}),
            containerPort: p.containerPort,
            protocol: p.protocol,
          })),
        }
      : {}),
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

export function podObject(cluster: Cluster, pod: Pod, now: number): KubeObject {
  const s = podState(cluster, pod, now);
  const running = s.reason === 'Running';
  const conditions = [
    {
      type: 'PodScheduled',
      status: s.node ? 'True' : 'False',
      lastTransitionTime: timestamp(pod.createdAt),
      lastProbeTime: null,
    },
    ...(s.node
      ? ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map((type) => ({
          type,
          status:
            type === 'Initialized' ||
            (type === 'PodReadyToStartContainers' && pod.sandboxAt <= now) ||
            running
              ? 'True'
              : 'False',
          lastTransitionTime: timestamp(
            type === 'Ready' || type === 'ContainersReady' ? pod.readyAt : pod.sandboxAt,
          ),
          lastProbeTime: null,
        }))
      : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(pod.name, pod.namespace, pod.uid, pod.createdAt, cluster.revision, {
      generateName: pod.name.slice(0, pod.name.lastIndexOf('-') + 1),
      labels: pod.labels,
      ownerReferences: [
        {
          apiVersion: pod.owner.kind === 'ReplicaSet' ? 'apps/v1' : 'apps/v1',
          kind: pod.owner.kind,
          name: pod.owner.name,
          uid: pod.owner.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    }),
    spec: {
      containers: pod.containers.map(containerSpec),
      dnsPolicy: pod.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      enableServiceLinks: true,
      ...(pod.hostNetwork ? { hostNetwork: true } : {}),
      ...(s.node ? { nodeName: nodeName(cluster, s.node) } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority:
        pod.priorityClassName === 'system-node-critical'
          ? 2000001000
          : pod.priorityClassName
            ? 2000000000
            : 0,
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: pod.owner.name.startsWith('nginx')
        ? 'default'
        : pod.owner.name.replace(/-[a-z0-9]+$/, ''),
      serviceAccountName: pod.owner.name.startsWith('nginx')
        ? 'default'
        : pod.owner.name.replace(/-[a-z0-9]+$/, ''),
      terminationGracePeriodSeconds: 30,
    },
    status: {
      conditions,
      ...(pod.sandboxAt <= now && s.node
        ? {
            containerStatuses: pod.containers.map((c, i) => ({
              containerID: `containerd://${pod.containerIds[i] ?? ''}`,
              image: c.image.includes('/') ? c.image : `docker.io/library/${c.image}:latest`,
              imageID: '',
              lastState: {},
              name: c.name,
              ready: running,
              restartCount: 0,
              started: running,
              state: running
                ? { running: { startedAt: timestamp(pod.readyAt) } }
                : { waiting: { reason: 'ContainerCreating' } },
            })),
          }
        : {}),
      ...(s.node ? { hostIP: s.node.privateIp, hostIPs: [{ ip: s.node.privateIp }] } : {}),
      phase: s.phase,
      ...(s.podIp ? { podIP: s.podIp, podIPs: [{ ip: s.podIp }] } : {}),
      qosClass: 'BestEffort',
      ...(s.node ? { startTime: timestamp(pod.createdAt) } : {}),
    },
  };
}

export function nodeObject(cluster: Cluster, inst: Instance): KubeObject {
  const name = nodeName(cluster, inst);
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': inst.instanceType,
    'beta.kubernetes.io/os': 'linux',
    'eks.amazonaws.com/capacityType': 'ON_DEMAND',
    'eks.amazonaws.com/nodegroup': 'ng1',
    'failure-domain.beta.kubernetes.io/region': cluster.region,
    'failure-domain.beta.kubernetes.io/zone': inst.availabilityZone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': inst.instanceType,
    'topology.kubernetes.io/region': cluster.region,
    'topology.kubernetes.io/zone': inst.availabilityZone,
  };
  const capacity = {
    cpu: String(inst.limits.vcpus),
    'ephemeral-storage': '31444972Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: '3926712Ki',
    pods: String(inst.limits.maxPods),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(
      name,
      undefined,
      `${inst.instanceId.slice(2, 10)}-${inst.instanceId.slice(10, 14)}-4${inst.instanceId.slice(14, 17)}-8000-${inst.amiId.slice(4, 16)}`,
      inst.launchedAt,
      cluster.revision,
      { labels },
    ),
    spec: { providerID: `aws:///${inst.availabilityZone}/${inst.instanceId}` },
    status: {
      addresses: [
        { address: inst.privateIp, type: 'InternalIP' },
        { address: inst.publicIp, type: 'ExternalIP' },
        { address: name, type: 'InternalDNS' },
        { address: name, type: 'Hostname' },
        {
          address: `ec2-${inst.publicIp.replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`,
          type: 'ExternalDNS',
        },
      ],
      allocatable: {
        ...capacity,
        cpu: '1930m',
        'ephemeral-storage': '27905944324',
        memory: '3371704Ki',
      },
      capacity,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: timestamp(inst.launchedAt),
          lastTransitionTime: timestamp(inst.launchedAt + 30_000),
        },
      ],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: inst.kernelRelease,
        kubeProxyVersion: cluster.kubeletVersion,
        kubeletVersion: cluster.kubeletVersion,
        machineID: inst.instanceId.slice(2).padEnd(32, '0'),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.7.20250512',
        systemUUID: `ec2${inst.instanceId.slice(5, 10)}-0000-0000-0000-000000000000`,
      },
    },
  };
}

export function serviceObject(cluster: Cluster, svc: Service): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(svc.name, svc.namespace, svc.uid, svc.createdAt, cluster.revision, {
      labels: svc.labels,
    }),
    spec: {
      clusterIP: svc.clusterIp,
      clusterIPs: [svc.clusterIp],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: svc.ports.map((p) => ({
        ...(p.name ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol,
        targetPort: p.targetPort,
      })),
      ...(svc.selector ? { selector: svc.selector } : {}),
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

export function endpointSliceObject(cluster: Cluster, svc: Service, now: number): KubeObject {
  const endpoints = serviceEndpoints(cluster, svc, now);
  return {
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.isReady, serving: e.isReady, terminating: false },
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      ...(e.pod
        ? {
            targetRef: {
              kind: 'Pod',
              name: e.pod.name,
              namespace: e.pod.namespace,
              uid: e.pod.uid,
            },
          }
        : {}),
      ...(e.zone ? { zone: e.zone } : {}),
    })),
    kind: 'EndpointSlice',
    metadata: meta(
      svc.endpointSliceName,
      svc.namespace,
      svc.endpointSliceUid,
      svc.createdAt,
      cluster.revision,
      {
        labels: {
          'endpointslice.kubernetes.io/managed-by': svc.selector
            ? 'endpointslice-controller.k8s.io'
            : 'endpointslice-mirroring-controller.k8s.io',
          'kubernetes.io/service-name': svc.name,
        },
        ...(svc.selector
          ? {
              generateName: `${svc.name}-`,
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name: svc.name,
                  uid: svc.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      },
    ),
    ports: svc.ports.map((p) => ({ name: p.name, port: p.targetPort, protocol: p.protocol })),
  };
}

export function endpointsObject(cluster: Cluster, svc: Service, now: number): KubeObject {
  const endpoints = serviceEndpoints(cluster, svc, now).filter((e) => e.isReady);
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(svc.name, svc.namespace, svc.endpointSliceUid, svc.createdAt, cluster.revision, {
      labels: svc.labels,
    }),
    subsets: endpoints.length
      ? [
          {
            addresses: endpoints.map((e) => ({
              ip: e.ip,
              ...(e.nodeName ? { nodeName: e.nodeName } : {}),
              ...(e.pod
                ? {
                    targetRef: {
                      kind: 'Pod',
                      name: e.pod.name,
                      namespace: e.pod.namespace,
                      uid: e.pod.uid,
                    },
                  }
                : {}),
            })),
            ports: svc.ports.map((p) => ({
              ...(p.name ? { name: p.name } : {}),
              port: p.targetPort,
              protocol: p.protocol,
            })),
          },
        ]
      : undefined,
  };
}

function template(selector: Record<string, string>, containers: ContainerSpec[]): KubeObject {
  return {
    metadata: { labels: selector },
    spec: {
      containers: containers.map(containerSpec),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
}

export function deploymentObject(cluster: Cluster, dep: Deployment, now: number): KubeObject {
  const c = deploymentCounts(cluster, dep, now);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(dep.name, dep.namespace, dep.uid, dep.createdAt, cluster.revision, {
      generation: dep.generation,
      labels: dep.selector,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: dep.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: dep.selector },
      strategy: {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate',
      },
      template: template(dep.selector, dep.containers),
    },
    status: {
      availableReplicas: c.available,
      observedGeneration: dep.generation,
      readyReplicas: c.ready,
      replicas: c.current,
      updatedReplicas: c.current,
      ...(c.available < c.desired ? { unavailableReplicas: c.desired - c.available } : {}),
    },
  };
}

export function daemonSetObject(cluster: Cluster, ds: DaemonSet, now: number): KubeObject {
  const c = daemonSetCounts(cluster, ds, now);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(ds.name, ds.namespace, ds.uid, ds.createdAt, cluster.revision, {
      generation: 1,
      labels: ds.selector,
    }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: ds.selector },
      template: {
        ...template(ds.selector, ds.containers),
        spec: { ...(template(ds.selector, ds.containers).spec as KubeObject), hostNetwork: true },
      },
      updateStrategy: {
        rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' },
        type: 'RollingUpdate',
      },
    },
    status: {
      currentNumberScheduled: c.current,
      desiredNumberScheduled: c.desired,
      numberAvailable: c.available,
      numberMisscheduled: 0,
      numberReady: c.ready,
      observedGeneration: 1,
      updatedNumberScheduled: c.current,
    },
  };
}

/** Sorts keys recursively and drops undefined, as kubectl's unstructured printer does. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as KubeObject).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/** `kubectl … -o json` text: four-space indent, a final newline. */
export function kubeJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

export function listOf(items: KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
