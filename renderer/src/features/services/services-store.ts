import type { HostServices } from '../../../../shared/api/contract-kube-proxy';
import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { Backend } from '../../api/backend';
import { defineStore } from '../../state/define-store';

/** One host's Services: the last good read, and how the latest attempt went. */
export interface HostEntry {
  data: HostServices | null;
  error: ApiErrorShape | null;
  isLoading: boolean;
}

/** A host's Services kept as they were at one moment (before switching the mode, say). */
export interface Snapshot {
  id: string;
  label: string;
  data: HostServices;
}

/** Where a side of the comparison reads from: a host now, or a snapshot. */
export type CompareSource =
  { kind: 'live'; workspaceId: string; hostId: string } | { kind: 'snapshot'; id: string };

export type ServicesView = 'explorer' | 'compare' | 'scale';

interface ServicesState {
  entries: Record<string, HostEntry>;
  snapshots: Snapshot[];
  /** Per workspace: the host the explorer reads. */
  hostIds: Record<string, string>;
  /** Per workspace: the Service key open in the explorer. */
  selected: Record<string, string>;
  query: string;
  namespace: string | null;
  view: ServicesView;
  left: CompareSource | null;
  right: CompareSource | null;
  patch: (key: string, change: Partial<HostEntry>) => void;
  set: (
    change: Partial<
      Pick<ServicesState, 'query' | 'namespace' | 'view' | 'left' | 'right' | 'snapshots'>
    >,
  ) => void;
  setHost: (workspaceId: string, hostId: string) => void;
  select: (workspaceId: string, key: string) => void;
}

const EMPTY: HostEntry = { data: null, error: null, isLoading: false };

export const entryKey = (workspaceId: string, hostId: string) => `${workspaceId}/${hostId}`;

export const useServicesStore = defineStore<ServicesState>((set, get) => ({
  entries: {},
  snapshots: [],
  hostIds: {},
  selected: {},
  query: '',
  namespace: null,
  view: 'explorer',
  left: null,
  right: null,
  patch: (key, change) =>
    set({ entries: { ...get().entries, [key]: { ...(get().entries[key] ?? EMPTY), ...change } } }),
  set: (change) => set(change),
  setHost: (workspaceId, hostId) => set({ hostIds: { ...get().hostIds, [workspaceId]: hostId } }),
  select: (workspaceId, key) => set({ selected: { ...get().selected, [workspaceId]: key } }),
}));

/** Reads one host's Services again unless a read is under way; resolves with the new data. */
export async function loadHostServices(
  backend: Backend,
  workspaceId: string,
  hostId: string,
): Promise<HostServices | null> {
  const key = entryKey(workspaceId, hostId);
  const { entries, patch } = useServicesStore.getState();
  if (entries[key]?.isLoading === true) return entries[key].data;
  patch(key, { isLoading: true });
  const reply = await backend.api.kubeproxyServices({ workspaceId, hostId });
  if (reply.ok) {
    patch(key, { data: reply.value, error: null, isLoading: false });
    return reply.value;
  }
  patch(key, { error: reply.error, isLoading: false });
  return null;
}

export function useHostEntry(workspaceId: string, hostId: string | null): HostEntry {
  return useServicesStore((s) =>
    hostId === null ? EMPTY : (s.entries[entryKey(workspaceId, hostId)] ?? EMPTY),
  );
}

let snapshotCount = 0;

/** Keeps `data` as a snapshot labelled with the host, its mode and the time. */
export function takeSnapshot(data: HostServices, hostName: string): Snapshot {
  snapshotCount++;
  const time = new Date(data.collectedAt).toLocaleTimeString([], { hour12: false });
  const snapshot: Snapshot = {
    id: `snap${snapshotCount}`,
    label: `${hostName} · ${data.mode.detected} · ${time}`,
    data,
  };
  const { snapshots, set } = useServicesStore.getState();
  set({ snapshots: [...snapshots, snapshot] });
  return snapshot;
}
