import { useCallback, useState } from 'react';
import type { KubeProxyMode } from '../../../../shared/api/contract-kube-proxy';
import { useBackend } from '../../api/useBackend';
import { loadHostServices, takeSnapshot, useServicesStore } from './services-store';

const SETTLE_TRIES = 15;
const SETTLE_MS = 1_000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The demo's "snapshot, then switch kube-proxy's mode" flow: keep the host's Services as they
 * are, switch the mode through the demo operator's kubectl, read the host again until it is in
 * the new mode, and put the snapshot and the host now side by side.
 */
export function useModeSwitch(workspaceId: string, hostId: string | null, hostName: string) {
  const backend = useBackend();
  const [isSwitching, setSwitching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [commands, setCommands] = useState<string[]>([]);

  const switchTo = useCallback(
    async (mode: KubeProxyMode, withSnapshot: boolean) => {
      if (hostId === null) return;
      setSwitching(true);
      setError(null);
      try {
        const before = await loadHostServices(backend, workspaceId, hostId);
        const snapshot = withSnapshot && before !== null ? takeSnapshot(before, hostName) : null;
        const reply = await backend.api['demoKube-proxy-mode']({ workspaceId, mode });
        if (!reply.ok) return setError(reply.error.message);
        setCommands(reply.value.commands);
        // kube-proxy restarts and resyncs: read until the host shows the new mode.
        for (let i = 0; i < SETTLE_TRIES; i++) {
          const now = await loadHostServices(backend, workspaceId, hostId);
          if (now?.mode.detected === mode) break;
          await wait(SETTLE_MS);
        }
        if (snapshot !== null)
          useServicesStore.getState().set({
            left: { kind: 'snapshot', id: snapshot.id },
            right: { kind: 'live', workspaceId, hostId },
            view: 'compare',
          });
      } finally {
        setSwitching(false);
      }
    },
    [backend, workspaceId, hostId, hostName],
  );

  return { switchTo, isSwitching, error, commands };
}
