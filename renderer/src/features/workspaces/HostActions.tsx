import { useState } from 'react';
import type { HostSummary } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { HostEditor } from './HostEditor';

/** Connect and edit buttons on an SSH host's row. */
export function HostActions({ workspaceId, host }: { workspaceId: string; host: HostSummary }) {
  const backend = useBackend();
  const [isEditing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canConnect = host.state.kind === 'idle' || host.state.kind === 'failed';
  const connect = async () => {
    setError(null);
    const reply = await backend.api.hostConnect({ workspaceId, hostId: host.id });
    if (!reply.ok) setError(reply.error.message);
  };
  return (
    <>
      <span className="host-row__actions">
        {canConnect && (
          <button
            type="button"
            className="link-button"
            aria-label={`Connect ${host.name}`}
            onClick={() => void connect()}
          >
            Connect
          </button>
        )}
        <button
          type="button"
          className="link-button"
          aria-label={`Edit ${host.name}`}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
      </span>
      {host.state.kind === 'failed' && (
        <p className="host-row__reason" data-testid={`host-${host.id}-reason`}>
          {host.state.reason}
        </p>
      )}
      {error !== null && host.state.kind !== 'failed' && (
        <p className="host-row__reason">{error}</p>
      )}
      {isEditing && (
        <HostEditor workspaceId={workspaceId} hostId={host.id} onClose={() => setEditing(false)} />
      )}
    </>
  );
}
