/**
 * A saved host as the SSH layer connects to it: an `SshTarget` with its jump hosts resolved
 * from the workspace by id (`jumps: [a, b]` → through a, then b; a through its own jumps).
 */
import { jumpChain, type SavedHost, type SavedWorkspace } from '../../shared/model/saved-workspace';
import type { SshTarget } from '../ssh/types';
import { expandHome } from './home';

export interface TargetOptions {
  /** For `~` in key paths; default the current account's home. */
  homeDir?: string;
}

function single(host: SavedHost, homeDir: string | undefined): SshTarget {
  return {
    name: host.id,
    host: host.address,
    port: host.port,
    user: host.user,
    identityFiles: host.auth.kind === 'key' ? [expandHome(host.auth.identityFile, homeDir)] : [],
    identitiesOnly: host.identitiesOnly ?? false,
    jumps: [],
    ...(host.hostKeyAlias !== undefined && { hostKeyAlias: host.hostKeyAlias }),
  };
}

/**
 * The target for `hostId`, its jumps first hop first. Throws when the host or a jump host is
 * missing or the jumps loop (the schema rejects such files, but workspaces are edited live).
 */
export function savedHostToTarget(
  workspace: Pick<SavedWorkspace, 'hosts'>,
  hostId: string,
  options: TargetOptions = {},
): SshTarget {
  const result = jumpChain(workspace.hosts, hostId);
  if ('error' in result) throw new Error(result.error);
  const byId = new Map(workspace.hosts.map((h) => [h.id, h]));
  const get = (id: string): SavedHost => {
    const host = byId.get(id);
    if (!host) throw new Error(`no host "${id}"`);
    return host;
  };
  if (result.chain.includes(hostId)) throw new Error(`host ${hostId} jumps through itself`);
  return {
    ...single(get(hostId), options.homeDir),
    jumps: result.chain.map((id) => single(get(id), options.homeDir)),
  };
}
