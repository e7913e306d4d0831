import { useMemo } from 'react';
import type { HostSummary } from '../../../../shared/model/workspace';
import { useAppStore } from '../../state/app-store';
import { Notice } from '../../ui/Notice';
import { formatClock, plural } from '../../lib/format';
import { useCommandStore } from './command-store';
import { runResults } from './fan-out-rows';
import { FanOutView } from './FanOutView';
import { OutputSection } from './OutputSection';
import { RunOptions } from './RunOptions';
import { useCommandRunner } from './useCommandRunner';

type RunViewProps = { workspaceId: string; hosts: readonly HostSummary[] };

/**
 * The last run of the workspace: each host's output live while it runs; once every host has
 * answered, hosts with the same output are grouped and the others diffed against the majority.
 */
export function RunView({ workspaceId, hosts }: RunViewProps) {
  const run = useCommandStore((state) => state.runs[workspaceId]);
  const runner = useCommandRunner();
  const noteAction = useAppStore((state) => state.noteAction);
  const isWrapping = useCommandStore((state) => state.isWrapping);
  const isGrouped = useCommandStore((state) => state.isGrouped);
  const isNormalized = useCommandStore((state) => state.isNormalized);
  const results = useMemo(() => (run === undefined ? null : runResults(run)), [run]);

  if (run === undefined) {
    return (
      <Notice kind="empty" title="Nothing run yet">
        Pick hosts, type a command and press Enter. Each host’s output appears here, live; once all
        have answered, identical outputs are grouped and the rest diffed.
      </Notice>
    );
  }
  const byId = new Map(hosts.map((host) => [host.id, host]));
  const nameOf = (hostId: string) => byId.get(hostId)?.name ?? hostId;
  const canGroup = results !== null && results.length > 1;

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
        <RunOptions canGroup={canGroup} />
      </div>
      {run.error !== null ? (
        <p className="inline-error" role="alert">
          <strong>Could not run the command.</strong> {run.error.message}
        </p>
      ) : canGroup && isGrouped ? (
        <FanOutView
          inputs={results}
          outputs={run.outputs}
          nameOf={nameOf}
          isNormalized={isNormalized}
          isWrapping={isWrapping}
        />
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
