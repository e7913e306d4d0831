import { useCallback, useEffect } from 'react';
import { useBackend } from '../../api/useBackend';
import { loadOverview, useOverviewEntry, useOverviewStore } from './overview-store';

export const AUTO_REFRESH_MS = 5_000;

/**
 * The overview of a workspace: collected the first time its tab is shown, again on Refresh,
 * and every five seconds while auto-refresh is on and the tab is visible.
 */
export function useOverview(workspaceId: string, isVisible: boolean) {
  const backend = useBackend();
  const entry = useOverviewEntry(workspaceId);
  const isAutoRefresh = useOverviewStore((state) => state.isAutoRefresh);
  const setAutoRefresh = useOverviewStore((state) => state.setAutoRefresh);
  const hasAttempted = entry.data !== null || entry.error !== null || entry.isLoading;

  const refresh = useCallback(
    () => void loadOverview(backend, workspaceId),
    [backend, workspaceId],
  );

  useEffect(() => {
    if (isVisible && !hasAttempted) void loadOverview(backend, workspaceId);
  }, [backend, workspaceId, isVisible, hasAttempted]);

  useEffect(() => {
    if (!isVisible || !isAutoRefresh) return;
    const timer = setInterval(
      () => void loadOverview(backend, workspaceId, { isQuiet: true }),
      AUTO_REFRESH_MS,
    );
    return () => clearInterval(timer);
  }, [backend, workspaceId, isVisible, isAutoRefresh]);

  return { entry, refresh, isAutoRefresh, setAutoRefresh };
}
