import type { ReactNode } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { Icon } from '../../ui/Icon';

type WorkspaceListProps = {
  workspaces: readonly Workspace[];
  activeId: string | null;
  onOpen: (id: string) => void;
  /** Beside the heading: making a new workspace. */
  action?: ReactNode;
};

export function WorkspaceList({ workspaces, activeId, onOpen, action }: WorkspaceListProps) {
  return (
    <section className="sidebar__section" aria-labelledby="workspaces-heading">
      <div className="sidebar__heading">
        <h2 id="workspaces-heading">Workspaces</h2>
        {action}
      </div>
      {workspaces.length === 0 && <p className="sidebar__empty">No workspaces yet.</p>}
      <ul className="workspace-list">
        {workspaces.map((workspace) => (
          <li key={workspace.id}>
            <button
              type="button"
              className="workspace-item"
              aria-current={workspace.id === activeId ? 'true' : undefined}
              title={workspace.description}
              data-testid={`workspace-${workspace.id}`}
              onClick={() => onOpen(workspace.id)}
            >
              <Icon name={workspace.kind === 'demo' ? 'lab' : 'server'} />
              <span className="workspace-item__name">{workspace.name}</span>
              <span className="workspace-item__count">{workspace.hosts.length}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
