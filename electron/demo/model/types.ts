/**
 * The demo lab's one model of the cluster: plain data, no behaviour. Every command output of the
 * demo hosts is derived from a `Cluster` value, so a pod IP printed by kubectl is the same one the
 * node routes, the ENI holds in EC2 metadata and ipamd reports as assigned.
 *
 * Times are epoch milliseconds. Things that take a moment in real life (a pod's sandbox, an ENI
 * attachment) carry the time they come into being; views show only what exists at `now`.
 */

export interface Vpc {
  id: string;
  name: string;
  cidr: string;
  cidrAssociationId: string;
  dhcpOptionsId: string;
}

export interface Subnet {
  id: string;
  vpcId: string;
  name: string;
  cidr: string;
  availabilityZone: string;
  availabilityZoneId: string;
}

export interface VpcPeering {
  id: string;
  requesterVpcId: string;
  accepterVpcId: string;
  createdAt: number;
}

/** Per instance type: how many ENIs it takes and how many IPv4 addresses each ENI holds. */
export interface InstanceLimits {
  maxEnis: number;
  ipv4PerEni: number;
  /** kubelet's `--max-pods`: ENIs × (IPs per ENI − 1) + 2. */
  maxPods: number;
  vcpus: number;
}

/** An Elastic Network Interface attached to an instance. */
export interface Eni {
  id: string;
  mac: string;
  deviceNumber: number;
  /** The AL2023 interface name: ens5 for device 0, ens6 for device 1, … */
  ifname: string;
  ifindex: number;
  subnetId: string;
  primaryIp: string;
  /** Secondary private IPs ipamd allocated to the warm pool, in allocation order. */
  secondaryIps: string[];
  attachedAt: number;
  attachmentId: string;
  description: string;
  /** Created by the VPC CNI (`aws-K8S-i-…`) rather than by EC2 at launch. */
  isCniManaged: boolean;
}

export type HostRoleName = 'operator' | 'node';

/** An EC2 instance: a worker node or the operator host. */
export interface Instance {
  hostId: string;
  role: HostRoleName;
  name: string;
  instanceId: string;
  instanceType: string;
  amiId: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  privateIp: string;
  publicIp: string;
  securityGroupId: string;
  securityGroupName: string;
  reservationId: string;
  launchedAt: number;
  limits: InstanceLimits;
  enis: Eni[];
  /** The next free interface index on this host (veths and ENIs take one each). */
  nextIfindex: number;
  kernelRelease: string;
  /** Overlay clusters: the node's pod CIDR (Calico IPAM block, or Flannel's `spec.podCIDR`). */
  podCidr?: string;
  /** Overlay clusters: the Kubernetes node name (`minikube-m02`); EKS derives it from the IP. */
  nodeName?: string;
  /** Overlay clusters: the MAC of the VXLAN device (`flannel.1`, `vxlan.calico`). */
  vtepMac?: string;
  /** Flannel: the MAC of the `cni0` bridge. */
  bridgeMac?: string;
}

/** An EKS-owned cross-account ENI in the cluster VPC: where the API server answers. */
export interface ControlPlaneEni {
  id: string;
  mac: string;
  subnetId: string;
  ip: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  ports: { name?: string; containerPort: number; protocol: 'TCP' | 'UDP' }[];
  /** Literal environment variables, as `kubectl get -o json` shows them. */
  env?: { name: string; value: string }[];
}

/** The pod's controller; `None` is a bare pod (`kubectl run`), whose uid is the pod's own. */
export interface OwnerRef {
  kind: 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'None';
  name: string;
  uid: string;
}

/** The host side of a pod's network: the VPC CNI's veth pair and netns. */
export interface PodNetwork {
  ip: string;
  eniId: string;
  veth: string;
  vethIfindex: number;
  vethMac: string;
  podMac: string;
  netnsName: string;
  netnsId: number;
}

export interface Pod {
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  owner: OwnerRef;
  containers: ContainerSpec[];
  hostNetwork: boolean;
  /** The node's host id, or undefined while the pod cannot be scheduled. */
  hostId?: string;
  createdAt: number;
  /** When the sandbox is up: IP assigned, veth and routes in place. */
  sandboxAt: number;
  /** When the containers are running and ready. */
  readyAt: number;
  network?: PodNetwork;
  containerIds: string[];
  priorityClassName?: string;
}

export interface ServicePortSpec {
  name: string;
  port: number;
  targetPort: number;
  /** A named targetPort (`web`) as the manifest gave it; `targetPort` is what it resolved to. */
  targetPortName?: string;
  protocol: 'TCP' | 'UDP';
}

export interface Service {
  namespace: string;
  name: string;
  uid: string;
  /** `None` for a headless Service: no VIP, no kube-proxy rules, DNS answers with pod IPs. */
  clusterIp: string;
  ports: ServicePortSpec[];
  /** Pods with all these labels back the Service; null for `default/kubernetes`. */
  selector: Record<string, string> | null;
  labels: Record<string, string>;
  createdAt: number;
  endpointSliceName: string;
  endpointSliceUid: string;
}

export interface Deployment {
  namespace: string;
  name: string;
  uid: string;
  replicas: number;
  selector: Record<string, string>;
  templateHash: string;
  replicaSetUid: string;
  containers: ContainerSpec[];
  createdAt: number;
  generation: number;
  priorityClassName?: string;
}

export interface DaemonSet {
  namespace: string;
  name: string;
  uid: string;
  selector: Record<string, string>;
  containers: ContainerSpec[];
  createdAt: number;
}

/**
 * A StatefulSet (`kubectl apply -f` of seed 002's manifest): pods `<name>-0…` with stable names,
 * created one at a time (OrderedReady), each named in DNS under its governing headless Service.
 */
export interface StatefulSet {
  namespace: string;
  name: string;
  uid: string;
  replicas: number;
  selector: Record<string, string>;
  labels: Record<string, string>;
  /** `.spec.serviceName`: the headless Service that gives each pod its DNS name. */
  serviceName: string;
  /** The pod template's labels. */
  podLabels: Record<string, string>;
  containers: ContainerSpec[];
  /** The `controller-revision-hash` label value of its pods. */
  revisionHash: string;
  createdAt: number;
  generation: number;
}

/** VPC CNI settings that shape the warm pool (aws-node's environment). */
export interface CniSettings {
  warmEniTarget: number;
  version: string;
}

/**
 * A cluster that is not EKS: minikube with Calico or kubeadm with Flannel. Pod IPs come from
 * per-node blocks of `clusterCidr`; nodes reach each other's blocks through a tunnel.
 */
export interface OverlayCni {
  kind: 'calico' | 'flannel';
  /** kube-proxy's clusterCIDR and the CNI's pool: 10.244.0.0/16. */
  clusterCidr: string;
  /** Calico: IPIP over `tunl0` or VXLAN over `vxlan.calico`; Flannel is always VXLAN. */
  encapsulation: 'ipip' | 'vxlan';
  /** The nodes' uplink: `eth0` in a minikube (docker) node, `ens3` on a kubeadm VM. */
  nodeInterface: string;
  /** The LAN's router (the operator host on minikube's docker network). */
  gateway: string;
  /** The SSH user of the hosts (`docker` on minikube). */
  user: string;
  /** The API server's port on the control-plane node (8443 on minikube, 6443 on kubeadm). */
  apiserverPort: number;
}

export interface Cluster {
  seed: number;
  /** The generator's state after the last draw: later operations keep drawing from it. */
  rngState: number;
  name: string;
  region: string;
  accountId: string;
  createdAt: number;
  kubernetesVersion: string;
  kubeletVersion: string;
  serviceCidr: string;
  cni: CniSettings;
  /** Set for the minikube-Calico and kubeadm-Flannel labs; absent on EKS (the VPC CNI). */
  overlay?: OverlayCni;
  vpcs: Vpc[];
  subnets: Subnet[];
  peering: VpcPeering;
  instances: Instance[];
  controlPlaneEnis: ControlPlaneEni[];
  services: Service[];
  deployments: Deployment[];
  daemonSets: DaemonSet[];
  statefulSets: StatefulSet[];
  pods: Pod[];
  /** Bumped on every change; Kubernetes objects report it as their resourceVersion. */
  revision: number;
}
