import { useMemo } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { Spinner } from '../../ui/Spinner';
import { formatClock, formatDuration, plural } from '../../lib/format';
import { STATE_HINTS } from './EniTable';
import { NodeCard } from './NodeCard';
import { shapeOverview } from './overview-shape';
import { useOverview } from './useOverview';
import { WarningList } from './WarningList';
import './overview.css';

/** The "Overview" tab: nodes → ENIs → IPs → pods, collected live from the workspace's hosts. */
export function OverviewPanel({
  workspace,
  isVisible,
}: {
  workspace: Workspace;
  isVisible: boolean;
}) {
  const { entry, refresh, isAutoRefresh, setAutoRefresh } = useOverview(workspace.id, isVisible);
  const hostNames = useMemo(
    () => new Map(workspace.hosts.map((host) => [host.id, host.name])),
    [workspace.hosts],
  );
  const view = useMemo(
    () => (entry.data === null ? null : shapeOverview(entry.data, hostNames)),
    [entry.data, hostNames],
  );

  return (
    <div className="overview" data-testid="overview">
      <div className="toolbar">
        <h2 className="toolbar__title">Nodes, ENIs and pod IPs</h2>
        {entry.data !== null && (
          <span className="toolbar__meta">
            {plural(entry.data.nodes.length, 'node')} · {view?.assigned ?? 0} pod IPs ·{' '}
            {view?.warm ?? 0} warm · collected {formatClock(entry.data.collectedAt)} in{' '}
            {formatDuration(entry.data.durationMs)}
          </span>
        )}
        <span className="toolbar__spacer" />
        {entry.isLoading && <Spinner label="Collecting the overview" />}
        <label className="toggle">
          <input
            type="checkbox"
            checked={isAutoRefresh}
            onChange={(event) => setAutoRefresh(event.target.checked)}
          />
          Auto-refresh 5 s
        </label>
        <button type="button" className="button" onClick={refresh} disabled={entry.isLoading}>
          <Icon name="refresh" size={13} />
          Refresh
        </button>
      </div>
      <p className="legend">
        {(['primary', 'assigned', 'warm'] as const).map((state) => (
          <span key={state} className="legend__item">
            <span className={`slot-state slot-state--${state}`}>{state}</span>
            {STATE_HINTS[state]}
          </span>
        ))}
      </p>
      {entry.error !== null && entry.data !== null && (
        <p className="inline-error" role="alert">
          <strong>The last refresh failed; showing the previous collection.</strong>{' '}
          {entry.error.message}
        </p>
      )}
      {view === null ? (
        entry.error !== null ? (
          <Notice kind="error" title="Could not collect the overview" onRetry={refresh}>
            {entry.error.message}
          </Notice>
        ) : (
          <Notice kind="loading" title="Collecting nodes, ENIs and pods…">
            kubelab runs lab commands on each host; this takes a moment on real clusters.
          </Notice>
        )
      ) : (
        <>
          <WarningList warnings={view.generalWarnings} hostNames={hostNames} />
          {view.nodes.length === 0 ? (
            <Notice kind="empty" title="No nodes found">
              The collection found no worker nodes in this workspace.
            </Notice>
          ) : (
            <div className="node-grid">
              {view.nodes.map((node) => (
                <NodeCard
                  key={node.hostId}
                  node={node}
                  hostName={hostNames.get(node.hostId) ?? node.hostId}
                />
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
