import type { Params, Result } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import type { SavedHost } from '../../shared/model/saved-workspace';
import { HostUnavailableError } from '../hosts/host';
import type { SshWorkspaces } from './ssh-workspaces';
import type { WorkspaceRegistry } from './workspaces';

type WorkspaceRequest =
  | 'workspace:problems'
  | 'workspace:create'
  | 'workspace:get'
  | 'workspace:remove'
  | 'host:save'
  | 'host:remove'
  | 'host:discover'
  | 'host:connect';

export type WorkspaceHandlers = {
  [N in WorkspaceRequest]: (params: Params<N>) => Promise<Result<N>>;
};

/** Where hosts to import come from: an ssh config, minikube, or an operator host's kubectl. */
export interface HostDiscovery {
  discover(
    source: Params<'host:discover'>['source'],
    context: { workspaceId: string; registry: WorkspaceRegistry },
  ): Promise<{ hosts: SavedHost[]; warnings: string[] }>;
}

/**
 * The requests that edit SSH workspaces. Without a workspace store (the CLI, tests of other
 * parts) they answer with a clear "unavailable" instead of pretending.
 */
export function workspaceHandlers(
  registry: WorkspaceRegistry,
  ssh: SshWorkspaces | undefined,
  discovery: HostDiscovery | undefined,
): WorkspaceHandlers {
  const need = (): SshWorkspaces => {
    if (ssh === undefined)
      throw new ApiError('unavailable', 'this kubelab runs without saved workspaces');
    return ssh;
  };
  return {
    'workspace:problems': () => Promise.resolve(ssh?.problems() ?? []),
    'workspace:create': (p) => need().create(p.id, p.name),
    'workspace:get': (p) => Promise.resolve(need().get(p.workspaceId)),
    'workspace:remove': async (p) => {
      await need().remove(p.workspaceId);
      return null;
    },
    'host:save': (p) => need().saveHosts(p.workspaceId, p.hosts),
    'host:remove': (p) => need().removeHost(p.workspaceId, p.hostId),
    'host:discover': (p) => {
      if (discovery === undefined)
        throw new ApiError('unavailable', 'this kubelab cannot import hosts');
      return discovery.discover(p.source, { workspaceId: p.workspaceId, registry });
    },
    'host:connect': async (p) => {
      try {
        await need().connect(p.workspaceId, p.hostId);
      } catch (cause) {
        if (cause instanceof HostUnavailableError) throw new ApiError('unavailable', cause.message);
        throw cause;
      }
      return null;
    },
  };
}
