import type { Workspace } from '../../../../shared/model/workspace';
import { useAppStore, useSelection } from '../../state/app-store';
import { isExactlyRoles } from '../../state/host-selection';

/** "Run on": the same selection as the sidebar's checkboxes, plus quick picks. */
export function HostPicker({ workspace }: { workspace: Workspace }) {
  const selection = useSelection();
  const toggleHost = useAppStore((state) => state.toggleHost);
  const selectRoles = useAppStore((state) => state.selectRoles);
  const selectHosts = useAppStore((state) => state.selectHosts);
  const selected = new Set(selection);
  const allIds = workspace.hosts.map((host) => host.id);

  return (
    <div className="host-picker" role="group" aria-labelledby="host-picker-label">
      <span className="field-label" id="host-picker-label">
        Run on
      </span>
      <div className="host-picker__hosts">
        {workspace.hosts.map((host) => (
          <label key={host.id} className="check-chip" data-checked={selected.has(host.id)}>
            <input
              type="checkbox"
              checked={selected.has(host.id)}
              onChange={() => toggleHost(host.id)}
              data-testid={`select-host-${host.id}`}
            />
            <span>{host.name}</span>
          </label>
        ))}
      </div>
      <div className="host-picker__quick">
        <button
          type="button"
          className="link-button"
          aria-pressed={isExactlyRoles(workspace.hosts, selection, ['node'])}
          onClick={() => selectRoles(['node'])}
        >
          All nodes
        </button>
        <button
          type="button"
          className="link-button"
          aria-pressed={selection.length === allIds.length && allIds.length > 0}
          onClick={() => selectHosts(allIds)}
        >
          All
        </button>
        <button
          type="button"
          className="link-button"
          aria-pressed={selection.length === 0}
          onClick={() => selectHosts([])}
        >
          None
        </button>
      </div>
    </div>
  );
}
