import { useActiveWorkspace, useAppStore } from '../../state/app-store';
import { Notice } from '../../ui/Notice';
import { NewWorkspace } from '../workspaces/NewWorkspace';
import { WorkspaceProblems } from '../workspaces/WorkspaceProblems';
import { WorkspaceTools } from '../workspaces/WorkspaceTools';
import { HostList } from './HostList';
import { WorkspaceList } from './WorkspaceList';
import './hosts.css';

/** Workspaces, then the hosts of the open one. */
export function Sidebar({ onRetry }: { onRetry: () => void }) {
  const workspaces = useAppStore((state) => state.workspaces);
  // Without access the main area explains why; a second error with a futile Retry would not help.
  const isLocked = useAppStore((state) => state.backendStatus.kind === 'unauthorized');
  const activeId = useAppStore((state) => state.activeWorkspaceId);
  const openWorkspace = useAppStore((state) => state.openWorkspace);
  const workspace = useActiveWorkspace();

  return (
    <nav className="sidebar" aria-label="Workspaces and hosts">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true">
          k
        </span>
        <span className="brand__name">kubelab</span>
      </div>
      {workspaces.kind === 'loading' && <Notice kind="loading" title="Loading workspaces…" />}
      {workspaces.kind === 'error' && !isLocked && (
        <Notice kind="error" title="Could not load workspaces" onRetry={onRetry}>
          {workspaces.message}
        </Notice>
      )}
      {workspaces.kind === 'ready' && (
        <>
          <WorkspaceList
            workspaces={workspaces.value}
            activeId={activeId}
            onOpen={openWorkspace}
            action={<NewWorkspace />}
          />
          {workspace !== null && <HostList workspace={workspace} />}
          {workspace !== null && <WorkspaceTools workspace={workspace} />}
          <WorkspaceProblems />
        </>
      )}
    </nav>
  );
}
