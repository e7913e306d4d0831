import { useCallback, useEffect } from 'react';
import { useBackend } from '../../api/useBackend';
import { loadTopology, useTopologyEntry } from './topology-store';

export const POLL_MS = 3_000;

/**
 * The topology of a workspace, collected when its tab opens and again `POLL_MS` after each
 * collection ends while the tab stays visible: a slow collection delays the next, never doubles.
 */
export function useTopology(workspaceId: string, isVisible: boolean) {
  const backend = useBackend();
  const entry = useTopologyEntry(workspaceId);
  const refresh = useCallback(
    () => void loadTopology(backend, workspaceId),
    [backend, workspaceId],
  );

  useEffect(() => {
    if (!isVisible) return;
    let isOn = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      await loadTopology(backend, workspaceId);
      if (isOn) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      isOn = false;
      clearTimeout(timer);
    };
  }, [backend, workspaceId, isVisible]);

  return { entry, refresh };
}
