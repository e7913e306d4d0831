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
        <Reason text={host.state.reason} testId={`host-${host.id}-reason`} />
      )}
      {error !== null && host.state.kind !== 'failed' && <Reason text={error} />}
      {isEditing && (
        <HostEditor workspaceId={workspaceId} hostId={host.id} onClose={() => setEditing(false)} />
      )}
    </>
  );
}

/** Past this many characters a reason is clamped to its first lines until asked for in full. */
const LONG_REASON = 140;

/**
 * Why a host failed. A refused host key explains itself in several hundred characters (both
 * fingerprints, the files, how to fix it); in full it would push the other hosts off the sidebar.
 */
function Reason({ text, testId }: { text: string; testId?: string }) {
  const [isOpen, setOpen] = useState(false);
  const isLong = text.length > LONG_REASON;
  return (
    <div className="host-row__reason" data-testid={testId}>
      <p className={isLong && !isOpen ? 'host-row__reason-text--clamped' : undefined}>{text}</p>
      {isLong && (
        <button
          type="button"
          className="link-button"
          aria-expanded={isOpen}
          onClick={() => setOpen(!isOpen)}
        >
          {isOpen ? 'Show less' : 'Show all'}
        </button>
      )}
    </div>
  );
}
