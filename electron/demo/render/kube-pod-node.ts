/** Pod and Node objects for `kubectl get pods|nodes -o json`, built from the model. */
import { stableUuid } from '../model/random';
import type { Cluster, Instance, Pod } from '../model/types';
import { containerSpec, meta, type KubeObject } from './kube-meta';
import { nodeName, podState, timestamp } from './kube-state';

/** The service accounts the EKS add-ons run as; workloads of the lab use `default`. */
function serviceAccountOf(pod: Pod): string {
  if (pod.owner.kind === 'DaemonSet') return pod.owner.name;
  return pod.labels['k8s-app'] === 'kube-dns' ? 'coredns' : 'default';
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
      // A bare pod (`kubectl run`) has neither a generated name nor an owner.
      ...(pod.owner.kind === 'None'
        ? { labels: pod.labels }
        : {
            generateName: pod.name.slice(0, pod.name.lastIndexOf('-') + 1),
            labels: pod.labels,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: pod.owner.kind,
                name: pod.owner.name,
                uid: pod.owner.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
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
      serviceAccount: serviceAccountOf(pod),
      serviceAccountName: serviceAccountOf(pod),
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
  return cluster.overlay
    ? overlayNode(nodeObjectEks(cluster, inst), cluster, inst)
    : nodeObjectEks(cluster, inst);
}

/**
 * A minikube or kubeadm node: no EKS labels or provider ID, `spec.podCIDR` (Flannel allocates
 * from it; Calico's IPAM ignores it, but kubeadm and minikube still set it to the node's block
 * here so the lab reads one CIDR per node), InternalIP and Hostname addresses only.
 */
function overlayNode(o: KubeObject, cluster: Cluster, inst: Instance): KubeObject {
  const name = nodeName(cluster, inst);
  const meta = o.metadata as { labels?: Record<string, string> };
  meta.labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(inst.hostId === 'node1' ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
  };
  const status = o.status as Record<string, unknown>;
  status.addresses = [
    { address: inst.privateIp, type: 'InternalIP' },
    { address: name, type: 'Hostname' },
  ];
  const info = status.nodeInfo as Record<string, unknown>;
  info.osImage = 'Ubuntu 22.04.5 LTS';
  info.systemUUID = stableUuid(`system:${inst.instanceId}`);
  return {
    ...o,
    spec: inst.podCidr ? { podCIDR: inst.podCidr, podCIDRs: [inst.podCidr] } : {},
  };
}

function nodeObjectEks(cluster: Cluster, inst: Instance): KubeObject {
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
      stableUuid(`node:${inst.instanceId}`),
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
        bootID: stableUuid(`boot:${inst.instanceId}:${inst.launchedAt}`),
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: inst.kernelRelease,
        kubeProxyVersion: cluster.kubeletVersion,
        kubeletVersion: cluster.kubeletVersion,
        machineID: stableUuid(`machine:${inst.instanceId}`).replaceAll('-', ''),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.7.20250512',
        // EC2 (Nitro) system UUIDs start with ec2.
        systemUUID: `ec2${stableUuid(`system:${inst.instanceId}`).slice(3)}`,
      },
    },
  };
}
