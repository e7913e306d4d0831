import { useEffect } from 'react';
import { useBackend } from '../api/useBackend';
import { Sidebar } from '../features/hosts/Sidebar';
import { PromptDialog } from '../features/prompts/PromptDialog';
import { useActiveWorkspace, useAppStore } from '../state/app-store';
import { Notice } from '../ui/Notice';
import { loadWorkspaces } from './loaders';
import { MainArea } from './MainArea';
import { StatusBar } from './StatusBar';
import { useBootstrap } from './useBootstrap';

/** The frame: workspaces and hosts on the left, the open workspace's tabs, a status bar. */
export function App() {
  const backend = useBackend();
  useBootstrap(backend);
  const status = useAppStore((state) => state.backendStatus);
  const workspaces = useAppStore((state) => state.workspaces);
  const workspace = useActiveWorkspace();
  const retry = () => void loadWorkspaces(backend);

  useEffect(() => {
    document.title = workspace === null ? 'kubelab' : `${workspace.name} · kubelab`;
  }, [workspace]);

  let content;
  if (status.kind === 'unauthorized') {
    content = (
      <Notice kind="error" title="No access to kubelab">
        <p>{status.message}</p>
        <p>
          Start it with <code>kubelab serve</code> and open the address it prints; it ends in{' '}
          <code>#token=…</code>, which this page keeps for the tab until it is closed.
        </p>
      </Notice>
    );
  } else if (workspace !== null) {
    content = <MainArea workspace={workspace} />;
  } else if (workspaces.kind === 'error') {
    content = (
      <Notice kind="error" title="Could not load workspaces" onRetry={retry}>
        {workspaces.message}
      </Notice>
    );
  } else if (workspaces.kind === 'ready') {
    content = <Notice kind="empty" title="No workspaces yet" />;
  } else {
    content = <Notice kind="loading" title="Connecting to kubelab…" />;
  }

  return (
    <div className="app">
      <Sidebar onRetry={retry} />
      <main className="main">{content}</main>
      <StatusBar />
      <PromptDialog />
    </div>
  );
}
