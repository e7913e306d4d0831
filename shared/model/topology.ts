/**
 * The live topology: VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP slot ← pod, peering between VPCs, the
 * operator host, and Services with their endpoint pods. Collected from the lab hosts (aws and
 * kubectl on the operator, `ip -j`, instance metadata and ipamd on each node) and merged by
 * stable keys (MAC ↔ interface, IP ↔ pod, providerID ↔ instance).
 *
 * Every entity lists the sources that told about it; a field no source told is absent (shown as
 * unknown), never guessed.
 */
import { z } from 'zod';
import { CollectWarning, PodRef } from './lab-overview';
import { Id } from './workspace';

/** Where a fact came from: the command and the host, e.g. `ip -j addr @node1`. */
export const Source = z.string().min(1).max(200);

const Sources = z.array(Source);

export const TopologyVpc = z.object({
  id: z.string(),
  /** The `Name` tag. */
  name: z.string().optional(),
  cidrs: z.array(z.string()),
  sources: Sources,
});
export type TopologyVpc = z.infer<typeof TopologyVpc>;

export const TopologySubnet = z.object({
  id: z.string(),
  vpcId: z.string().optional(),
  availabilityZone: z.string().optional(),
  cidr: z.string().optional(),
  /** `AvailableIpAddressCount`, when aws told it. */
  freeIps: z.number().int().nonnegative().optional(),
  name: z.string().optional(),
  sources: Sources,
});
export type TopologySubnet = z.infer<typeof TopologySubnet>;

export const TopologyPeering = z.object({
  id: z.string(),
  requesterVpcId: z.string(),
  accepterVpcId: z.string(),
  /** `active`, `pending-acceptance`, … */
  status: z.string().optional(),
  sources: Sources,
});
export type TopologyPeering = z.infer<typeof TopologyPeering>;

/** One IPv4 address on an ENI: its primary address, a pod's, or a warm (free) one. */
export const TopologyIpSlot = z.object({
  address: z.string(),
  state: z.enum(['primary', 'assigned', 'warm']),
  pod: PodRef.optional(),
});
export type TopologyIpSlot = z.infer<typeof TopologyIpSlot>;

export const TopologyEni = z.object({
  /** `eni-…`; absent when only the node's interface is known. */
  id: z.string().optional(),
  deviceNumber: z.number().int().nonnegative().optional(),
  /** The node's interface for this ENI (`ens5`, `ens6`, …), matched by MAC. */
  interfaceName: z.string().optional(),
  mac: z.string().optional(),
  primaryIp: z.string().optional(),
  subnetId: z.string().optional(),
  /** Secondary private IPs, in the order the source listed them. */
  secondaryIps: z.array(z.string()),
  slots: z.array(TopologyIpSlot),
  sources: Sources,
});
export type TopologyEni = z.infer<typeof TopologyEni>;

/** What an instance type allows (the VPC CNI's table): the reason a node fills up. */
export const NodeLimits = z.object({
  maxEnis: z.number().int().positive(),
  ipsPerEni: z.number().int().positive(),
  /** ENIs × (IPs per ENI − 1) + 2. */
  maxPods: z.number().int().positive(),
});
export type NodeLimits = z.infer<typeof NodeLimits>;

/** One route of a node, as `ip route show table all` prints it (`text`) and the keys views filter on. */
export const TopologyRoute = z.object({
  text: z.string(),
  /** `main`, `local`, `2`, … */
  table: z.string().optional(),
  /** `default`, `10.0.1.7`, `192.168.0.0/16`. */
  dst: z.string().optional(),
  dev: z.string().optional(),
});
export type TopologyRoute = z.infer<typeof TopologyRoute>;

/** One policy rule of a node, as `ip rule` prints it (`text`) and its selectors. */
export const TopologyRule = z.object({
  text: z.string(),
  priority: z.number().int().nonnegative().optional(),
  /** Absent for `from all`. */
  from: z.string().optional(),
  to: z.string().optional(),
  table: z.string().optional(),
});
export type TopologyRule = z.infer<typeof TopologyRule>;

/**
 * A node's overlay plumbing (minikube/Calico, kubeadm/Flannel; the veths of any CNI): bridges
 * with their member veths, tunnel devices with their kind, host ends of veth pairs with the
 * peer's `@ifN` index and namespace id, and the pod CIDRs kubectl gives the node.
 */
export const TopologyOverlay = z.object({
  /** `spec.podCIDRs` (or `podCIDR`) of the node. */
  podCidrs: z.array(z.string()).optional(),
  bridges: z.array(
    z.object({ name: z.string(), addresses: z.array(z.string()), members: z.array(z.string()) }),
  ),
  tunnels: z.array(
    z.object({
      name: z.string(),
      /** `vxlan`, `ipip`, … (`ip -d link`'s kind). */
      kind: z.string(),
      vni: z.number().int().optional(),
      local: z.string().optional(),
      port: z.number().int().optional(),
      addresses: z.array(z.string()),
    }),
  ),
  veths: z.array(
    z.object({
      name: z.string(),
      ifindex: z.number().int().optional(),
      /** The peer's interface index in its namespace (`eth0@if7` seen from the pod). */
      peerIfindex: z.number().int().optional(),
      /** `link-netnsid`: which namespace the peer is in, as this node numbers them. */
      peerNetnsId: z.number().int().optional(),
      /** The peer's name when it is in the node's own namespace. */
      peerName: z.string().optional(),
      /** The bridge it is a port of (`cni0`). */
      master: z.string().optional(),
      /** A Calico workload interface (`cali…`). */
      isCalico: z.boolean(),
    }),
  ),
  sources: Sources,
});
export type TopologyOverlay = z.infer<typeof TopologyOverlay>;

/** A Kubernetes node and the EC2 instance under it (either side may be unknown). */
export const TopologyNode = z.object({
  /** The workspace host that is this node, when there is one. */
  hostId: Id.optional(),
  nodeName: z.string().optional(),
  instanceId: z.string().optional(),
  instanceType: z.string().optional(),
  availabilityZone: z.string().optional(),
  subnetId: z.string().optional(),
  vpcId: z.string().optional(),
  primaryIp: z.string().optional(),
  limits: NodeLimits.optional(),
  enis: z.array(TopologyEni),
  /** Every route of every table (`ip -j route show table all`), when the node answered. */
  routes: z.array(TopologyRoute).optional(),
  /** The policy rules (`ip -j rule`), when the node answered. */
  rules: z.array(TopologyRule).optional(),
  /** Bridges, tunnels, veth pairs and pod CIDRs, when `ip -j addr`/`ip -j -d link` answered. */
  overlay: TopologyOverlay.optional(),
  sources: Sources,
});
export type TopologyNode = z.infer<typeof TopologyNode>;

export const TopologyPod = z.object({
  namespace: z.string(),
  name: z.string(),
  ip: z.string().optional(),
  nodeName: z.string().optional(),
  /** The ENI whose slot holds the pod's IP. */
  eniId: z.string().optional(),
  /** The host side of the pod's veth (`eni…`, `cali…`, `veth…`). */
  hostVeth: z.string().optional(),
  /** `ReplicaSet/nginx-5869d7778c`, `DaemonSet/aws-node`, … */
  owner: z.string().optional(),
  /** `Running`, `Pending`, … */
  phase: z.string().optional(),
  isHostNetwork: z.boolean(),
  sources: Sources,
});
export type TopologyPod = z.infer<typeof TopologyPod>;

export const TopologyService = z.object({
  namespace: z.string(),
  name: z.string(),
  clusterIp: z.string().optional(),
  ports: z.array(
    z.object({
      name: z.string().optional(),
      port: z.number().int(),
      protocol: z.string(),
      nodePort: z.number().int().optional(),
    }),
  ),
  endpointPods: z.array(PodRef),
  sources: Sources,
});
export type TopologyService = z.infer<typeof TopologyService>;

/** The operator (bastion) host, placed in its VPC. */
export const TopologyOperator = z.object({
  hostId: Id,
  instanceId: z.string().optional(),
  vpcId: z.string().optional(),
  subnetId: z.string().optional(),
  privateIp: z.string().optional(),
  sources: Sources,
});
export type TopologyOperator = z.infer<typeof TopologyOperator>;

/**
 * The VPC CNI's warm-pool settings as the aws-node DaemonSet's env sets them (the same shape as
 * `WarmPoolSettings` in eni-warm-pool.ts, plus where it was read); `source: 'default'` when the
 * answer was not that DaemonSet (the CNI's defaults are assumed, with a warning). Absent when
 * `kubectl get ds aws-node` failed.
 */
export const TopologyWarmPool = z.object({
  warmEniTarget: z.number().int().nonnegative(),
  warmIpTarget: z.number().int().nonnegative().optional(),
  minimumIpTarget: z.number().int().nonnegative().optional(),
  isPrefixDelegation: z.boolean(),
  source: z.enum(['aws-node', 'default']),
  sources: Sources,
});
export type TopologyWarmPool = z.infer<typeof TopologyWarmPool>;

/** One collection of the whole picture. */
export const Topology = z.object({
  workspaceId: Id,
  collectedAt: z.string(),
  durationMs: z.number().nonnegative(),
  vpcs: z.array(TopologyVpc),
  subnets: z.array(TopologySubnet),
  peerings: z.array(TopologyPeering),
  nodes: z.array(TopologyNode),
  pods: z.array(TopologyPod),
  services: z.array(TopologyService),
  operator: TopologyOperator.optional(),
  /** WARM_ENI_TARGET / WARM_IP_TARGET / MINIMUM_IP_TARGET from the cluster, when read. */
  warmPool: TopologyWarmPool.optional(),
  /** Sources that failed or said something odd: shown on the graph, never a blank screen. */
  warnings: z.array(CollectWarning),
});
export type Topology = z.infer<typeof Topology>;
