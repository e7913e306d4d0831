import { z } from 'zod';

/** A name that identifies a workspace or a host: safe in URLs, file names and log lines. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64');

/**
 * A kubeconfig context name as `kubectl --context` takes it: EKS ARNs (`arn:aws:eks:…/name`),
 * `kind-kind`, `user@cluster` pass; whitespace, control characters and a leading `-` (which
 * kubectl would read as an option) do not.
 */
export const KUBE_CONTEXT_PATTERN = /^[^\s\p{Cc}-][^\s\p{Cc}]{0,252}$/u;
/** A kubeconfig context name (see {@link KUBE_CONTEXT_PATTERN}). */
export const KubeContextName = z
  .string()
  .regex(KUBE_CONTEXT_PATTERN, 'a kubeconfig context: no spaces, no leading "-"');

/**
 * minikube's profile and node names (`minikube`, `minikube-m02`): letters, digits, `.`, `_`, `-`,
 * not starting with `-`, so minikube can never read one as an option.
 */
export const MINIKUBE_NAME_PATTERN = /^[A-Za-z0-9][\w.-]{0,62}$/;
/** A minikube profile or node name (see {@link MINIKUBE_NAME_PATTERN}). */
export const MinikubeName = z
  .string()
  .regex(MINIKUBE_NAME_PATTERN, 'a minikube name: letters, digits, ".", "_" or "-"');

/**
 * Where a workspace's `kubectl` runs for the cluster-wide views (pods, Services, nodes): on this
 * machine (minikube, kind, a laptop's kubeconfig) or on one of the workspace's hosts. Without it,
 * kubectl runs on the operator host.
 */
export const KubectlPlacement = z.discriminatedUnion('on', [
  z.object({ on: z.literal('local'), context: KubeContextName.optional() }).strict(),
  z.object({ on: z.literal('host'), hostId: Id, context: KubeContextName.optional() }).strict(),
]);
export type KubectlPlacement = z.infer<typeof KubectlPlacement>;

/** What a host is in the lab: the operator (bastion) host, a Kubernetes node, or anything else. */
export const HostRole = z.enum(['operator', 'node', 'other']);
export type HostRole = z.infer<typeof HostRole>;

/** Where kubelab's link to a host stands, as shown in the hosts sidebar. */
export const ConnectionState = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({ kind: z.literal('connecting') }),
  z.object({ kind: z.literal('connected') }),
  z.object({ kind: z.literal('reconnecting'), attempt: z.number().int().positive() }),
  z.object({ kind: z.literal('failed'), reason: z.string() }),
]);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** One host of a workspace as the UI sees it. */
export const HostSummary = z.object({
  id: Id,
  name: z.string(),
  role: HostRole,
  address: z.string(),
  /** The SSH port, when it is not 22. */
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().optional(),
  tags: z.array(z.string()),
  state: ConnectionState,
});
export type HostSummary = z.infer<typeof HostSummary>;

/** A set of hosts worked on together: the built-in demo lab, or the user's own SSH hosts. */
export const Workspace = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['demo', 'ssh']),
  description: z.string(),
  hosts: z.array(HostSummary),
  /** Where kubectl runs, when the workspace says (default: its operator host). */
  kubectl: KubectlPlacement.optional(),
});
export type Workspace = z.infer<typeof Workspace>;

/** The id of the built-in demo workspace, opened on first start. */
export const DEMO_WORKSPACE_ID = 'demo';
