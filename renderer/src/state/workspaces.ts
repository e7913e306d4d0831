import type { ConnectionState, Workspace } from '../../../shared/model/workspace';
import { DEMO_WORKSPACE_ID } from '../../../shared/model/workspace';

/** The demo lab first (it is what a first start opens), the others in the backend's order. */
export function orderWorkspaces(list: readonly Workspace[]): Workspace[] {
  const demos = list.filter((workspace) => workspace.kind === 'demo');
  return [...demos, ...list.filter((workspace) => workspace.kind !== 'demo')];
}

/** The workspace to open: the one used last if it still exists, else the demo, else the first. */
export function pickWorkspace(
  list: readonly Workspace[],
  remembered: string | null,
): string | null {
  const ids = list.map((workspace) => workspace.id);
  if (remembered !== null && ids.includes(remembered)) return remembered;
  if (ids.includes(DEMO_WORKSPACE_ID)) return DEMO_WORKSPACE_ID;
  return ids[0] ?? null;
}

/** The list with one host's connection state replaced (the `host:state` event). */
export function withHostState(
  list: readonly Workspace[],
  workspaceId: string,
  hostId: string,
  state: ConnectionState,
): Workspace[] {
  return list.map((workspace) =>
    workspace.id !== workspaceId
      ? workspace
      : {
          ...workspace,
          hosts: workspace.hosts.map((host) => (host.id === hostId ? { ...host, state } : host)),
        },
  );
}
