import { z } from 'zod';
import { Id } from './workspace';

/** A Kubernetes object reference. */
export const PodRef = z.object({ namespace: z.string(), name: z.string() });
export type PodRef = z.infer<typeof PodRef>;

/** One IPv4 slot on an ENI: its primary address, a pod's address, or a warm (free) one. */
export const IpSlot = z.object({
  address: z.string(),
  state: z.enum(['primary', 'assigned', 'warm']),
  pod: PodRef.optional(),
  /** The host-side veth of the pod, from the node's routing table (`<podIP> dev eni…`). */
  hostVeth: z.string().optional(),
});
export type IpSlot = z.infer<typeof IpSlot>;

/** An Elastic Network Interface attached to a node. */
export const Eni = z.object({
  id: z.string(),
  /** Absent when no source told it. */
  deviceNumber: z.number().int().nonnegative().optional(),
  /** The node's interface for this ENI (`ens5`, `ens6`, …), matched by MAC. */
  interfaceName: z.string().optional(),
  mac: z.string().optional(),
  isPrimary: z.boolean(),
  slots: z.array(IpSlot),
});
export type Eni = z.infer<typeof Eni>;

/** A worker node with its ENIs, as collected from its host and the cluster. */
export const NodeOverview = z.object({
  hostId: Id,
  nodeName: z.string().optional(),
  instanceType: z.string().optional(),
  zone: z.string().optional(),
  internalIp: z.string().optional(),
  enis: z.array(Eni),
  /** Pods on this node that use the host's network (aws-node, kube-proxy, …). */
  hostNetworkPods: z.array(PodRef),
});
export type NodeOverview = z.infer<typeof NodeOverview>;

/** Something a source could not tell, shown beside the view rather than hidden. */
export const CollectWarning = z.object({
  hostId: Id.optional(),
  source: z.string(),
  message: z.string(),
});
export type CollectWarning = z.infer<typeof CollectWarning>;

/** The first live view: nodes → ENIs → IPs → pods, pulled from the hosts with lab commands. */
export const LabOverview = z.object({
  workspaceId: Id,
  collectedAt: z.string(),
  durationMs: z.number().nonnegative(),
  nodes: z.array(NodeOverview),
  warnings: z.array(CollectWarning),
});
export type LabOverview = z.infer<typeof LabOverview>;
