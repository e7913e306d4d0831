/**
 * The two non-EKS labs of the seeds, built on the same `Cluster` value as the EKS demo:
 * minikube with Calico (seed 001: three docker nodes on 192.168.49.0/24, user `docker`, IPIP
 * over `tunl0`, a /24 IPAM block per node) and kubeadm with Flannel (seed 002: three VMs on
 * 172.30.1.0/24, `spec.podCIDR` 10.244.N.0/24 per node, `cni0` bridge, VXLAN `flannel.1`).
 * There is no AWS here: no VPC CNI, no ENIs beyond each host's one uplink, no IMDS, no ipamd.
 */
import { addDaemonSets, addServices, type CniDaemonSet } from './addons';
import { ec2Mac, Rng, uuid } from './random';
import type { Cluster, ContainerSpec, Instance, OverlayCni } from './types';
import { scaleDeployment } from './workloads';

const MINUTE = 60_000;

export type OverlayKind = OverlayCni['kind'];

export interface OverlayBuildOptions {
  seed?: number;
  now?: number;
  /** Calico's encapsulation (default ipip); Flannel is always VXLAN. */
  encapsulation?: OverlayCni['encapsulation'];
}

interface Profile {
  name: string;
  lan: string;
  gateway: string;
  nodeIps: string[];
  operatorIp: string;
  nodeNames: string[];
  nodeInterface: string;
  user: string;
  apiserverPort: number;
  kubeletVersion: string;
  kernelRelease: string;
  cni: CniDaemonSet;
}

const CALICO_NODE: ContainerSpec[] = [
  {
    name: 'calico-node',
    image: 'docker.io/calico/node:v3.28.1',
    ports: [],
    env: [
      { name: 'CALICO_IPV4POOL_IPIP', value: 'Always' },
      { name: 'CALICO_IPV4POOL_CIDR', value: '10.244.0.0/16' },
      { name: 'CALICO_NETWORKING_BACKEND', value: 'bird' },
    ],
  },
];
const FLANNEL: ContainerSpec[] = [
  { name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.1', ports: [] },
];

const PROFILES: Record<OverlayKind, Profile> = {
  calico: {
    name: 'minikube',
    lan: '192.168.49.0/24',
    gateway: '192.168.49.1',
    nodeIps: ['192.168.49.2', '192.168.49.3', '192.168.49.4'],
    // The workstation running minikube holds the docker network's gateway address.
    operatorIp: '192.168.49.1',
    nodeNames: ['minikube', 'minikube-m02', 'minikube-m03'],
    nodeInterface: 'eth0',
    user: 'docker',
    apiserverPort: 8443,
    kubeletVersion: 'v1.32.0',
    kernelRelease: '6.8.0-49-generic',
    cni: {
      namespace: 'kube-system',
      name: 'calico-node',
      selector: { 'k8s-app': 'calico-node' },
      containers: CALICO_NODE,
    },
  },
  flannel: {
    name: 'kubernetes',
    lan: '172.30.1.0/24',
    gateway: '172.30.1.254',
    nodeIps: ['172.30.1.48', '172.30.1.49', '172.30.1.50'],
    operatorIp: '172.30.1.10',
    nodeNames: ['k8s-cp', 'k8s-w1', 'k8s-w2'],
    nodeInterface: 'ens3',
    user: 'ubuntu',
    apiserverPort: 6443,
    kubeletVersion: 'v1.31.4',
    kernelRelease: '5.15.0-126-generic',
    cni: {
      namespace: 'kube-flannel',
      name: 'kube-flannel-ds',
      selector: { app: 'flannel', 'k8s-app': 'flannel' },
      containers: FLANNEL,
    },
  },
};

/** The SSH user of a variant's hosts (`docker` on minikube). */
export function overlayUser(kind: OverlayKind): string {
  return PROFILES[kind].user;
}

export function buildOverlayCluster(kind: OverlayKind, options: OverlayBuildOptions = {}): Cluster {
  const profile = PROFILES[kind];
  const seed = options.seed ?? 20_250_525;
  const now = options.now ?? Date.now();
  const rng = new Rng(seed);
  const createdAt = now - 160 * MINUTE - rng.int(0, 20 * MINUTE);
  const overlay: OverlayCni = {
    kind,
    clusterCidr: '10.244.0.0/16',
    encapsulation: kind === 'flannel' ? 'vxlan' : (options.encapsulation ?? 'ipip'),
    nodeInterface: profile.nodeInterface,
    gateway: profile.gateway,
    user: profile.user,
    apiserverPort: profile.apiserverPort,
  };
  const lanId = `lan-${rng.hex(8)}`;
  const cluster: Cluster = {
    seed,
    rngState: 0,
    name: profile.name,
    region: 'local',
    accountId: '',
    createdAt,
    kubernetesVersion: profile.kubeletVersion,
    kubeletVersion: profile.kubeletVersion,
    serviceCidr: '10.96.0.0/12',
    cni: { warmEniTarget: 0, version: kind === 'calico' ? 'v3.28.1' : 'v0.26.1' },
    overlay,
    // One flat LAN stands in for the VPC the EKS model has; nothing prints it.
    vpcs: [
      {
        id: lanId,
        name: profile.name,
        cidr: profile.lan,
        cidrAssociationId: '',
        dhcpOptionsId: '',
      },
    ],
    subnets: [
      {
        id: `${lanId}-net`,
        vpcId: lanId,
        name: profile.name,
        cidr: profile.lan,
        availabilityZone: 'local',
        availabilityZoneId: 'local',
      },
    ],
    peering: { id: '', requesterVpcId: lanId, accepterVpcId: lanId, createdAt },
    instances: [],
    controlPlaneEnis: [],
    services: [],
    deployments: [],
    daemonSets: [],
    statefulSets: [],
    pods: [],
    revision: 1,
  };
  const nodesUp = createdAt + 2 * MINUTE + rng.int(0, 60_000);
  addHost(cluster, rng, profile, 'operator', profile.operatorIp, createdAt - 30 * MINUTE);
  // Calico's IPAM hands each node a block at random in the pool; Flannel's in join order.
  const blocks = new Set<number>();
  profile.nodeIps.forEach((ip, i) => {
    let third = i;
    if (kind === 'calico') {
      do third = rng.int(1, 254);
      while (blocks.has(third));
      blocks.add(third);
    }
    const inst = addHost(cluster, rng, profile, `node${i + 1}`, ip, nodesUp + i * 20_000);
    inst.nodeName = profile.nodeNames[i] ?? `node${i + 1}`;
    inst.podCidr = `10.244.${third}.0/24`;
    inst.vtepMac = ec2Mac(rng).replace(/^02/, '66');
    if (kind === 'flannel') inst.bridgeMac = ec2Mac(rng).replace(/^02/, '9a');
  });
  const first = cluster.instances.find((i) => i.hostId === 'node1');
  if (!first) throw new Error('node1 is missing');
  // The API server runs on the first node; `default/kubernetes` points at it.
  cluster.controlPlaneEnis.push({
    id: 'apiserver',
    mac: first.enis[0]?.mac ?? '',
    subnetId: first.subnetId,
    ip: first.privateIp,
  });
  addDaemonSets(cluster, rng, createdAt, nodesUp, profile.cni);
  addServices(cluster, rng, createdAt, now - 20 * MINUTE - rng.int(0, 5 * MINUTE));
  kubeadmServices(cluster, rng, overlay);
  cluster.rngState = rng.state;
  let built = scaleDeployment(cluster, 'kube-system', 'coredns', 2, nodesUp + 40_000).cluster;
  const nginx = built.deployments.find((d) => d.name === 'nginx');
  built = scaleDeployment(built, 'default', 'nginx', 3, nginx?.createdAt ?? now).cluster;
  return built;
}

/** kubeadm's and minikube's Service CIDR (10.96.0.0/12), without EKS's labels. */
function kubeadmServices(cluster: Cluster, rng: Rng, overlay: OverlayCni): void {
  for (const svc of cluster.services) {
    if (svc.name === 'kubernetes') {
      svc.clusterIp = '10.96.0.1';
      svc.ports = svc.ports.map((p) => ({ ...p, targetPort: overlay.apiserverPort }));
    } else if (svc.name === 'kube-dns') svc.clusterIp = '10.96.0.10';
    else svc.clusterIp = `10.${rng.int(96, 111)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    delete svc.labels['eks.amazonaws.com/component'];
  }
  for (const dep of cluster.deployments) delete dep.selector['eks.amazonaws.com/component'];
}

function addHost(
  cluster: Cluster,
  rng: Rng,
  profile: Profile,
  hostId: string,
  ip: string,
  at: number,
): Instance {
  const subnet = cluster.subnets[0];
  if (!subnet) throw new Error('the LAN is missing');
  const isNode = hostId !== 'operator';
  const inst: Instance = {
    hostId,
    role: isNode ? 'node' : 'operator',
    name: isNode ? profile.name : 'workstation',
    instanceId: uuid(rng),
    instanceType: isNode ? 'vm' : 'workstation',
    amiId: '',
    availabilityZone: 'local',
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    privateIp: ip,
    publicIp: '',
    securityGroupId: '',
    securityGroupName: '',
    reservationId: '',
    launchedAt: at,
    limits: { maxEnis: 1, ipv4PerEni: 1, maxPods: 110, vcpus: 2 },
    enis: [],
    nextIfindex: 2,
    kernelRelease: profile.kernelRelease,
  };
  // On minikube the workstation's end of the docker network is a bridge named after its id.
  const ifname = isNode
    ? profile.nodeInterface
    : profile.name === 'minikube'
      ? `br-${rng.hex(12)}`
      : 'eth0';
  inst.enis.push({
    id: `${hostId}-${ifname}`,
    mac: ec2Mac(rng),
    deviceNumber: 0,
    ifname,
    ifindex: uplinkIfindex(cluster, isNode),
    subnetId: subnet.id,
    primaryIp: ip,
    secondaryIps: [],
    attachedAt: at,
    attachmentId: '',
    description: '',
    isCniManaged: false,
  });
  // Pods' veths count up after the uplink and the CNI's own devices (net/overlay-links.ts).
  inst.nextIfindex = isNode ? (cluster.overlay?.kind === 'flannel' ? 5 : 4) : 3;
  cluster.instances.push(inst);
  return inst;
}

/**
 * Where the uplink sits: a minikube node has `tunl0` (ifindex 2) before its `eth0`; a kubeadm
 * VM has `ens3` at 2, then `flannel.1` (3) and `cni0` (4).
 */
function uplinkIfindex(cluster: Cluster, isNode: boolean): number {
  return isNode && cluster.overlay?.kind === 'calico' ? 3 : 2;
}
