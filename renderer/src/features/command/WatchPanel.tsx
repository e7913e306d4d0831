import { watchTitle } from '../../../../shared/model/watch-diff';
import type { HostSummary } from '../../../../shared/model/workspace';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { formatClock } from '../../lib/format';
import { IntervalSelect } from './IntervalSelect';
import { useWatchController } from './useWatchController';
import { WatchHostView } from './WatchHostView';
import { useWatchStore } from './watch-store';

const STATE_LABELS = { running: 'watching', paused: 'paused', stopped: 'stopped' } as const;

/** The workspace's watch: `Every 2.0s: <cmd>`, its controls, and each host's lit output. */
export function WatchPanel({
  workspaceId,
  hosts,
}: {
  workspaceId: string;
  hosts: readonly HostSummary[];
}) {
  const session = useWatchStore((state) => state.sessions[workspaceId]);
  const setCumulative = useWatchStore((state) => state.setCumulative);
  const dismiss = useWatchStore((state) => state.dismiss);
  const controller = useWatchController();
  if (session === undefined) return null;
  const nameOf = (id: string) => hosts.find((host) => host.id === id)?.name ?? id;
  const isLive = session.state !== 'stopped';

  return (
    <section
      className={`watch watch--${session.state}`}
      data-testid="watch-panel"
      aria-label="Watch"
    >
      <header className="watch__header">
        <code className="watch__title" data-testid="watch-title">
          {watchTitle(session.intervalMs, session.command)}
        </code>
        <span className={`watch__state watch__state--${session.state}`}>
          {STATE_LABELS[session.state]}
        </span>
        {session.isBusy && <Spinner label="running" />}
        <span className="watch__meta" data-testid="watch-last-run">
          {session.lastRunAt === null
            ? 'first run…'
            : `last run ${formatClock(session.lastRunAt)} · run ${session.runCount}`}
        </span>
        <span className="output__spacer" />
        <IntervalSelect workspaceId={workspaceId} />
        <label className="toggle" title="Like watch -d=cumulative: keep lighting what ever changed">
          <input
            type="checkbox"
            checked={session.isCumulative}
            onChange={(event) => setCumulative(workspaceId, event.target.checked)}
          />
          Cumulative
        </label>
        {session.state === 'running' && (
          <button
            type="button"
            className="button button--small"
            onClick={() => controller.pause(workspaceId)}
          >
            Pause
          </button>
        )}
        {session.state === 'paused' && (
          <button
            type="button"
            className="button button--small"
            onClick={() => controller.resume(workspaceId)}
          >
            <Icon name="play" size={10} />
            Resume
          </button>
        )}
        {isLive ? (
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => controller.stop(workspaceId)}
          >
            <Icon name="stop" size={10} />
            Stop watch
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() => dismiss(workspaceId)}
          >
            Close
          </button>
        )}
      </header>
      {session.error !== null && (
        <p className="inline-error" role="alert">
          <strong>The last run failed.</strong> {session.error}
        </p>
      )}
      <div className="watch__hosts">
        {session.hostIds.map((hostId) => {
          const host = session.hosts[hostId];
          return host === undefined ? null : (
            <WatchHostView key={hostId} host={host} name={nameOf(hostId)} />
          );
        })}
      </div>
    </section>
  );
}
