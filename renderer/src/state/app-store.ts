import type { Result } from '../../../shared/api/contract';
import type { ConnectionState, HostRole, Workspace } from '../../../shared/model/workspace';
import type { BackendStatus } from '../api/backend';
import { defineStore } from './define-store';
import { defaultSelection, normalizeSelection, selectRoles, toggleHost } from './host-selection';
import { isString, readStored, writeStored } from './local-storage';
import { orderWorkspaces, pickWorkspace, withHostState } from './workspaces';

export type TabId =
  'run' | 'overview' | 'topology' | 'services' | 'trace' | 'terminals' | 'capture' | 'lab';

/** Something fetched: not yet here, here, or failed with a message to show. */
export type Loadable<T> =
  { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string };

const ACTIVE_WORKSPACE_KEY = 'kubelab.workspace';

interface AppState {
  backendStatus: BackendStatus;
  appInfo: Result<'app:info'> | null;
  workspaces: Loadable<Workspace[]>;
  activeWorkspaceId: string | null;
  /** Per workspace: the hosts a command runs on. */
  selections: Record<string, string[]>;
  activeTab: TabId;
  lastAction: { text: string; at: number } | null;

  setBackendStatus: (status: BackendStatus) => void;
  setAppInfo: (info: Result<'app:info'>) => void;
  workspacesLoading: () => void;
  workspacesLoaded: (list: Workspace[]) => void;
  workspacesFailed: (message: string) => void;
  hostStateChanged: (workspaceId: string, hostId: string, state: ConnectionState) => void;
  openWorkspace: (id: string) => void;
  toggleHost: (hostId: string) => void;
  selectRoles: (roles: readonly HostRole[]) => void;
  selectHosts: (ids: readonly string[]) => void;
  setTab: (tab: TabId) => void;
  noteAction: (text: string) => void;
}

export const useAppStore = defineStore<AppState>((set, get) => {
  function hostsOf(id: string | null) {
    const { workspaces } = get();
    if (workspaces.kind !== 'ready') return [];
    return workspaces.value.find((workspace) => workspace.id === id)?.hosts ?? [];
  }
  function updateSelection(make: (current: string[]) => string[]) {
    const { activeWorkspaceId: id, selections } = get();
    if (id === null) return;
    set({ selections: { ...selections, [id]: make(selections[id] ?? []) } });
  }

  return {
    backendStatus: { kind: 'connecting', attempt: 1 },
    appInfo: null,
    workspaces: { kind: 'loading' },
    activeWorkspaceId: null,
    selections: {},
    activeTab: 'run',
    lastAction: null,

    setBackendStatus: (backendStatus) => set({ backendStatus }),
    setAppInfo: (appInfo) => set({ appInfo }),
    workspacesLoading: () => {
      // A refresh keeps showing what it has; only a first load shows the loading state.
      if (get().workspaces.kind !== 'ready') set({ workspaces: { kind: 'loading' } });
    },
    workspacesLoaded: (list) => {
      const ordered = orderWorkspaces(list);
      const remembered = get().activeWorkspaceId ?? readStored(ACTIVE_WORKSPACE_KEY, isString);
      const selections: Record<string, string[]> = {};
      for (const workspace of ordered) {
        const previous = get().selections[workspace.id];
        selections[workspace.id] =
          previous === undefined
            ? defaultSelection(workspace.hosts)
            : normalizeSelection(workspace.hosts, previous);
      }
      set({
        workspaces: { kind: 'ready', value: ordered },
        activeWorkspaceId: pickWorkspace(ordered, remembered),
        selections,
      });
    },
    workspacesFailed: (message) => {
      if (get().workspaces.kind !== 'ready') set({ workspaces: { kind: 'error', message } });
    },
    hostStateChanged: (workspaceId, hostId, state) => {
      const { workspaces } = get();
      if (workspaces.kind !== 'ready') return;
      set({
        workspaces: {
          kind: 'ready',
          value: withHostState(workspaces.value, workspaceId, hostId, state),
        },
      });
    },
    openWorkspace: (id) => {
      writeStored(ACTIVE_WORKSPACE_KEY, id);
      set({ activeWorkspaceId: id });
    },
    toggleHost: (hostId) =>
      updateSelection((current) => toggleHost(hostsOf(get().activeWorkspaceId), current, hostId)),
    selectRoles: (roles) =>
      updateSelection(() => selectRoles(hostsOf(get().activeWorkspaceId), roles)),
    selectHosts: (ids) =>
      updateSelection(() => normalizeSelection(hostsOf(get().activeWorkspaceId), ids)),
    setTab: (activeTab) => set({ activeTab }),
    noteAction: (text) => set({ lastAction: { text, at: Date.now() } }),
  };
});

const NO_SELECTION: string[] = [];

/** The open workspace, or null while none is loaded. */
export function useActiveWorkspace(): Workspace | null {
  return useAppStore((state) =>
    state.workspaces.kind === 'ready'
      ? (state.workspaces.value.find((w) => w.id === state.activeWorkspaceId) ?? null)
      : null,
  );
}

/** The hosts the next command runs on, in the open workspace. */
export function useSelection(): string[] {
  return useAppStore((state) =>
    state.activeWorkspaceId === null
      ? NO_SELECTION
      : (state.selections[state.activeWorkspaceId] ?? NO_SELECTION),
  );
}
