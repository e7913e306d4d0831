import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { LabOverview } from '../../../../shared/model/lab-overview';
import type { Backend } from '../../api/backend';
import { useAppStore } from '../../state/app-store';
import { defineStore } from '../../state/define-store';

/** One workspace's overview: the last good collection, and how the latest attempt went. */
export interface OverviewEntry {
  data: LabOverview | null;
  error: ApiErrorShape | null;
  isLoading: boolean;
}

const EMPTY: OverviewEntry = { data: null, error: null, isLoading: false };

interface OverviewState {
  entries: Record<string, OverviewEntry>;
  isAutoRefresh: boolean;
  setAutoRefresh: (isOn: boolean) => void;
  patch: (workspaceId: string, change: Partial<OverviewEntry>) => void;
}

export const useOverviewStore = defineStore<OverviewState>((set, get) => ({
  entries: {},
  isAutoRefresh: false,
  setAutoRefresh: (isAutoRefresh) => set({ isAutoRefresh }),
  patch: (workspaceId, change) =>
    set({
      entries: {
        ...get().entries,
        [workspaceId]: { ...(get().entries[workspaceId] ?? EMPTY), ...change },
      },
    }),
}));

/**
 * Collects the overview again. A collection already under way is not doubled; the last good
 * result stays on screen while the next one runs, and beside an error if that one fails.
 */
export async function loadOverview(
  backend: Backend,
  workspaceId: string,
  options: { isQuiet?: boolean } = {},
): Promise<void> {
  const { entries, patch } = useOverviewStore.getState();
  if (entries[workspaceId]?.isLoading === true) return;
  patch(workspaceId, { isLoading: true });
  const reply = await backend.api.labOverview({ workspaceId });
  const note = useAppStore.getState().noteAction;
  if (reply.ok) {
    patch(workspaceId, { data: reply.value, error: null, isLoading: false });
    if (options.isQuiet !== true) {
      note(`Overview collected in ${Math.round(reply.value.durationMs)} ms`);
    }
  } else {
    patch(workspaceId, { error: reply.error, isLoading: false });
    note(`Overview failed: ${reply.error.message}`);
  }
}

export function useOverviewEntry(workspaceId: string): OverviewEntry {
  return useOverviewStore((state) => state.entries[workspaceId] ?? EMPTY);
}
