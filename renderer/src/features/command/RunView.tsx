import type { HostSummary } from '../../../../shared/model/workspace';
import { useAppStore } from '../../state/app-store';
import { Notice } from '../../ui/Notice';
import { formatClock, plural } from '../../lib/format';
import { useCommandStore } from './command-store';
import { OutputSection } from './OutputSection';
import { useCommandRunner } from './useCommandRunner';

type RunViewProps = { workspaceId: string; hosts: readonly HostSummary[] };

/** The last run of the workspace: its command line, then one output section per host. */
export function RunView({ workspaceId, hosts }: RunViewProps) {
  const run = useCommandStore((state) => state.runs[workspaceId]);
  const runner = useCommandRunner();
  const noteAction = useAppStore((state) => state.noteAction);
  const isWrapping = useCommandStore((state) => state.isWrapping);
  const setWrapping = useCommandStore((state) => state.setWrapping);

  if (run === undefined) {
    return (
      <Notice kind="empty" title="Nothing run yet">
        Pick hosts, type a command and press Enter. Each host’s output appears here, live.
      </Notice>
    );
  }
  const byId = new Map(hosts.map((host) => [host.id, host]));

  return (
    <div className="run">
      <div className="run__summary">
        <code className="run__command">
          <span className="run__prompt" aria-hidden="true">
            ${' '}
          </span>
          {run.command}
        </code>
        <span className="run__meta">
          {plural(run.hostIds.length, 'host')} · started {formatClock(run.startedAt)}
        </span>
        <label className="toggle run__wrap">
          <input
            type="checkbox"
            checked={isWrapping}
            onChange={(event) => setWrapping(event.target.checked)}
          />
          Wrap long lines
        </label>
      </div>
      {run.error !== null ? (
        <p className="inline-error" role="alert">
          <strong>Could not run the command.</strong> {run.error.message}
        </p>
      ) : (
        <div className="run__outputs">
          {run.hostIds.map((hostId) => {
            const output = run.outputs[hostId];
            return output === undefined ? null : (
              <OutputSection
                key={`${run.id}-${hostId}`}
                output={output}
                host={byId.get(hostId)}
                isWrapping={isWrapping}
                onStop={() => runner.stop(workspaceId, hostId)}
                onCopied={noteAction}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
