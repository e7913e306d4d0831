/**
 * The file a workspace is saved as (one JSON file per workspace in the user's config
 * directory). The schema is the contract for reading it back: a file that does not pass is
 * never half-used, and a file written by a newer kubelab is left alone.
 */
import { z } from 'zod';
import { HostRole, Id, KubectlPlacement, MinikubeName } from './workspace';

/** The version a workspace of SSH hosts only is written as (readable by every kubelab). */
export const SAVED_WORKSPACE_VERSION = 1;
/**
 * The version a workspace that says where kubectl runs or has minikube nodes is written as: an
 * older kubelab leaves such a file untouched instead of dropping the fields it does not know.
 */
export const SAVED_WORKSPACE_LOCAL_VERSION = 2;
/** The highest version this kubelab reads; files with a higher one are kept untouched on load. */
export const SAVED_WORKSPACE_MAX_VERSION = SAVED_WORKSPACE_LOCAL_VERSION;

/**
 * A value that becomes an argument of an SSH connection: no whitespace, no control characters,
 * and no leading `-`, so it can never be read as an option by any tool it is handed to.
 */
const SafeToken = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s\p{Cc}-][^\s\p{Cc}]*$/u, 'no spaces or control characters, and no leading "-"');

/** How kubelab authenticates to a host. A password is never in this file (see SecretStore). */
export const SavedAuth = z.discriminatedUnion('kind', [
  /** Keys held by ssh-agent (or Pageant). */
  z.object({ kind: z.literal('agent') }),
  /** A private key file; `~` is the user's home. An encrypted key prompts for its passphrase. */
  z.object({ kind: z.literal('key'), identityFile: z.string().min(1).max(4096) }),
  /** A password, asked for when connecting (kept in the secret store only if it is safe). */
  z.object({ kind: z.literal('password') }),
]);
export type SavedAuth = z.infer<typeof SavedAuth>;

/** One host of a saved workspace. */
export const SavedHost = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  role: HostRole,
  /** A DNS name or an IP address. */
  address: SafeToken,
  port: z.number().int().min(1).max(65535),
  user: SafeToken,
  auth: SavedAuth,
  /**
   * Hosts to go through, in order (ssh's `ProxyJump a,b`): this host is reached from the last
   * one, each from the one before, and the first one through its own jump hosts.
   */
  jumps: z.array(Id).max(16),
  tags: z.array(z.string().max(100)).max(50),
  /** ssh's `HostKeyAlias`: the name this host's key is recorded under in known_hosts. */
  hostKeyAlias: SafeToken.optional(),
  /** ssh's `IdentitiesOnly`: offer only the configured key, not every key the agent holds. */
  identitiesOnly: z.boolean().optional(),
});
export type SavedHost = z.infer<typeof SavedHost>;

/** The host ids a host's connection goes through, first hop first (see `SavedHost.jumps`). */
export function jumpChain(
  hosts: readonly Pick<SavedHost, 'id' | 'jumps'>[],
  hostId: string,
): { chain: string[] } | { error: string } {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  const visiting: string[] = [];
  const walk = (id: string): string[] | string => {
    if (visiting.includes(id)) return `jump hosts form a loop: ${[...visiting, id].join(' → ')}`;
    const host = byId.get(id);
    if (!host) return `no host "${id}"`;
    const first = host.jumps[0];
    if (first === undefined) return [];
    for (const j of host.jumps)
      if (!byId.has(j)) return `host ${id} jumps through unknown host "${j}"`;
    visiting.push(id);
    const before = walk(first);
    visiting.pop();
    return typeof before === 'string' ? before : [...before, ...host.jumps];
  };
  const result = walk(hostId);
  return typeof result === 'string' ? { error: result } : { chain: result };
}

/** A minikube node reached with `minikube ssh -n NODE` from this machine instead of SSH. */
export const SavedMinikubeNode = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    /** The node's name as minikube knows it (`minikube`, `minikube-m02`). */
    node: MinikubeName,
    role: HostRole,
    tags: z.array(z.string().max(100)).max(50),
  })
  .strict();
export type SavedMinikubeNode = z.infer<typeof SavedMinikubeNode>;

/** The minikube nodes of a workspace, in one profile (minikube's `-p`; default `minikube`). */
export const SavedMinikube = z
  .object({
    profile: MinikubeName.optional(),
    nodes: z.array(SavedMinikubeNode).min(1).max(100),
  })
  .strict();
export type SavedMinikube = z.infer<typeof SavedMinikube>;

/** A saved workspace file. */
export const SavedWorkspace = z
  .object({
    version: z.union([
      z.literal(SAVED_WORKSPACE_VERSION),
      z.literal(SAVED_WORKSPACE_LOCAL_VERSION),
    ]),
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(2000),
    hosts: z.array(SavedHost).max(1000),
    /** Where kubectl runs (this machine, or one of the hosts); default the operator host. */
    kubectl: KubectlPlacement.optional(),
    /** Nodes reached through `minikube ssh` on this machine. */
    minikube: SavedMinikube.optional(),
  })
  .superRefine((ws, ctx) => {
    const seen = new Set<string>();
    const unique = (id: string, path: (string | number)[]) => {
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path, message: `duplicate host id "${id}"` });
      seen.add(id);
    };
    ws.hosts.forEach((host, index) => unique(host.id, ['hosts', index, 'id']));
    ws.minikube?.nodes.forEach((node, index) =>
      unique(node.id, ['minikube', 'nodes', index, 'id']),
    );
    if (ws.kubectl?.on === 'host' && !seen.has(ws.kubectl.hostId))
      ctx.addIssue({
        code: 'custom',
        path: ['kubectl', 'hostId'],
        message: `kubectl runs on "${ws.kubectl.hostId}", which is not a host of this workspace`,
      });
    ws.hosts.forEach((host, index) => {
      const result = jumpChain(ws.hosts, host.id);
      if ('error' in result)
        ctx.addIssue({ code: 'custom', path: ['hosts', index, 'jumps'], message: result.error });
      else if (result.chain.includes(host.id))
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', index, 'jumps'],
          message: `host ${host.id} jumps through itself`,
        });
    });
  });
export type SavedWorkspace = z.infer<typeof SavedWorkspace>;

/** The version `workspace` is written as: 2 once it uses what version 1 does not have. */
export function savedVersionFor(
  workspace: Pick<SavedWorkspace, 'kubectl' | 'minikube'>,
): SavedWorkspace['version'] {
  return workspace.kubectl || workspace.minikube
    ? SAVED_WORKSPACE_LOCAL_VERSION
    : SAVED_WORKSPACE_VERSION;
}
