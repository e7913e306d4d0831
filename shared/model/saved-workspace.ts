/**
 * The file a workspace is saved as (one JSON file per workspace in the user's config
 * directory). The schema is the contract for reading it back: a file that does not pass is
 * never half-used, and a file written by a newer kubelab is left alone.
 */
import { z } from 'zod';
import { HostRole, Id } from './workspace';

/** The version this kubelab writes; files with a higher one are kept untouched on load. */
export const SAVED_WORKSPACE_VERSION = 1;

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

/** A saved workspace file. */
export const SavedWorkspace = z
  .object({
    version: z.literal(SAVED_WORKSPACE_VERSION),
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(2000),
    hosts: z.array(SavedHost).max(1000),
  })
  .superRefine((ws, ctx) => {
    const seen = new Set<string>();
    ws.hosts.forEach((host, index) => {
      if (seen.has(host.id))
        ctx.addIssue({
          code: 'custom',
          path: ['hosts', index, 'id'],
          message: `duplicate host id "${host.id}"`,
        });
      seen.add(host.id);
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
