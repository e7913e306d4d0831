import type { Workspace } from '../../../../shared/model/workspace';
import { useAppStore, useSelection } from '../../state/app-store';
import { isExactlyRoles } from '../../state/host-selection';
import { HostActions } from '../workspaces/HostActions';
import { HostRow } from './HostRow';

/** The open workspace's hosts; ticking one adds it to the hosts the next command runs on. */
export function HostList({ workspace }: { workspace: Workspace }) {
  const selection = useSelection();
  const toggleHost = useAppStore((state) => state.toggleHost);
  const selectRoles = useAppStore((state) => state.selectRoles);
  const selected = new Set(selection);
  const isAllNodes = isExactlyRoles(workspace.hosts, selection, ['node']);

  return (
    <section className="sidebar__section" aria-labelledby="hosts-heading">
      <div className="sidebar__heading">
        <h2 id="hosts-heading">Hosts</h2>
        <span className="sidebar__count">
          {selection.length}/{workspace.hosts.length} selected
        </span>
      </div>
      {workspace.hosts.length === 0 ? (
        <p className="sidebar__empty">No hosts in this workspace.</p>
      ) : (
        <>
          <ul className="host-list">
            {workspace.hosts.map((host) => (
              <HostRow
                key={host.id}
                host={host}
                isSelected={selected.has(host.id)}
                onToggle={() => toggleHost(host.id)}
              >
                {workspace.kind === 'ssh' && <HostActions workspaceId={workspace.id} host={host} />}
              </HostRow>
            ))}
          </ul>
          <div className="sidebar__actions">
            <button
              type="button"
              className="link-button"
              disabled={isAllNodes}
              onClick={() => selectRoles(['node'])}
            >
              Select all nodes
            </button>
          </div>
        </>
      )}
    </section>
  );
}
