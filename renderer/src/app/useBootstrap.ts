import { useEffect } from 'react';
import type { Backend } from '../api/backend';
import { useAppStore } from '../state/app-store';
import { loadAppInfo, loadWorkspaces } from './loaders';

/**
 * Wires the backend into the app store: its link status, host state events, and the first
 * load of the workspaces, reloaded after a reconnect since hosts may have changed meanwhile.
 */
export function useBootstrap(backend: Backend): void {
  useEffect(() => {
    const app = useAppStore.getState();
    let hasConnected = backend.status().kind === 'connected';
    app.setBackendStatus(backend.status());
    const offStatus = backend.onStatus((status) => {
      app.setBackendStatus(status);
      if (status.kind !== 'connected') return;
      const isLoaded = useAppStore.getState().workspaces.kind === 'ready';
      if (hasConnected || !isLoaded) {
        void loadWorkspaces(backend);
        void loadAppInfo(backend);
      }
      hasConnected = true;
    });
    const offHostState = backend.api.on('host:state', ({ workspaceId, hostId, state }) =>
      useAppStore.getState().hostStateChanged(workspaceId, hostId, state),
    );
    void loadWorkspaces(backend);
    void loadAppInfo(backend);
    return () => {
      offStatus();
      offHostState();
    };
  }, [backend]);
}
