import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { Topology } from '../../../../shared/model/topology';
import type { Backend } from '../../api/backend';
import { defineStore } from '../../state/define-store';

/** One workspace's topology: the last good collection, and how the latest attempt went. */
export interface TopologyEntry {
  data: Topology | null;
  error: ApiErrorShape | null;
  isLoading: boolean;
}

const EMPTY: TopologyEntry = { data: null, error: null, isLoading: false };

interface TopologyState {
  entries: Record<string, TopologyEntry>;
  showServices: boolean;
  /** null: decided by the graph's size. */
  collapseSlots: boolean | null;
  view: 'graph' | 'table';
  setShowServices: (isOn: boolean) => void;
  setCollapseSlots: (isOn: boolean) => void;
  setView: (view: 'graph' | 'table') => void;
  patch: (workspaceId: string, change: Partial<TopologyEntry>) => void;
}

export const useTopologyStore = defineStore<TopologyState>((set, get) => ({
  entries: {},
  showServices: false,
  collapseSlots: null,
  view: 'graph',
  setShowServices: (showServices) => set({ showServices }),
  setCollapseSlots: (collapseSlots) => set({ collapseSlots }),
  setView: (view) => set({ view }),
  patch: (workspaceId, change) =>
    set({
      entries: {
        ...get().entries,
        [workspaceId]: { ...(get().entries[workspaceId] ?? EMPTY), ...change },
      },
    }),
}));

/** Collects the topology again unless a collection is already under way (polls never overlap). */
export async function loadTopology(backend: Backend, workspaceId: string): Promise<void> {
  const { entries, patch } = useTopologyStore.getState();
  if (entries[workspaceId]?.isLoading === true) return;
  patch(workspaceId, { isLoading: true });
  const reply = await backend.api.labTopology({ workspaceId });
  if (reply.ok) patch(workspaceId, { data: reply.value, error: null, isLoading: false });
  else patch(workspaceId, { error: reply.error, isLoading: false });
}

export function useTopologyEntry(workspaceId: string): TopologyEntry {
  return useTopologyStore((state) => state.entries[workspaceId] ?? EMPTY);
}
