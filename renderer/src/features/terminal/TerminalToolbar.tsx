import { useState } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { formatAddress } from '../../lib/format';
import { useTerminalStore } from './terminal-store';

/** Open a terminal on a host, split the view, and turn broadcast input on or off. */
export function TerminalToolbar({ workspace }: { workspace: Workspace }) {
  const [hostId, setHostId] = useState(workspace.hosts[0]?.id ?? '');
  const add = useTerminalStore((s) => s.add);
  const split = useTerminalStore((s) => s.split);
  const isBroadcasting = useTerminalStore((s) => s.broadcast.isOn);
  const memberCount = useTerminalStore((s) => s.broadcast.members.length);
  const toggleBroadcast = useTerminalStore((s) => s.toggleBroadcast);
  const hasLiveTabs = useTerminalStore((s) => s.tabs.some((t) => t.phase === 'open'));
  const chosen = workspace.hosts.find((h) => h.id === hostId) ?? workspace.hosts[0];

  function open() {
    if (chosen === undefined) return;
    add({ workspaceId: workspace.id, hostId: chosen.id, hostName: chosen.name });
  }

  return (
    <div className="terminals__toolbar">
      <label className="terminals__host">
        <span>Host</span>
        <select
          value={chosen?.id ?? ''}
          onChange={(event) => setHostId(event.target.value)}
          data-testid="terminal-host"
        >
          {workspace.hosts.map((host) => (
            <option key={host.id} value={host.id}>
              {host.name} · {host.role} · {formatAddress(host)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--primary"
        onClick={open}
        data-testid="terminal-open"
      >
        Open terminal
      </button>
      <span className="terminals__spacer" />
      <button
        type="button"
        className="button"
        onClick={() => split('row')}
        title="Add a pane to the right"
      >
        Split right
      </button>
      <button
        type="button"
        className="button"
        onClick={() => split('column')}
        title="Add a pane below"
      >
        Split down
      </button>
      <button
        type="button"
        className={`button terminals__broadcast${isBroadcasting ? ' terminals__broadcast--on' : ''}`}
        aria-pressed={isBroadcasting}
        disabled={!isBroadcasting && !hasLiveTabs}
        onClick={toggleBroadcast}
        data-testid="terminal-broadcast"
        title="Send typed keys and pastes to every chosen terminal"
      >
        {isBroadcasting ? `Broadcasting to ${memberCount}` : 'Broadcast input'}
      </button>
    </div>
  );
}
