import { useRef, type KeyboardEvent } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { useAppStore, useSelection } from '../../state/app-store';
import { Notice } from '../../ui/Notice';
import { CommandBar } from './CommandBar';
import { useCommandStore } from './command-store';
import { rememberCommand } from './history-storage';
import { HostPicker } from './HostPicker';
import { RunView } from './RunView';
import { liveStreams } from './run-model';
import { SuggestionChips } from './SuggestionChips';
import type { Suggestion } from './suggestions';
import { useCommandRunner } from './useCommandRunner';
import { useWatchController } from './useWatchController';
import { WatchPanel } from './WatchPanel';
import { useWatchStore } from './watch-store';
import './command.css';
import '../../styles/fan-out.css';

/**
 * The "Run" tab, kubelab's fan-out view: one command on many hosts, live per host, then grouped
 * by identical output; a watch above it re-runs a command and lights what changed.
 */
export function CommandPanel({ workspace }: { workspace: Workspace }) {
  const runner = useCommandRunner();
  const selection = useSelection();
  const selectRoles = useAppStore((state) => state.selectRoles);
  const draft = useCommandStore((state) => state.drafts[workspace.id] ?? '');
  const setDraft = useCommandStore((state) => state.setDraft);
  const isRunning = useCommandStore((state) => {
    const run = state.runs[workspace.id];
    return run !== undefined && liveStreams(run).length > 0;
  });
  const inputRef = useRef<HTMLInputElement | null>(null);
  const watch = useWatchController();
  const isWatching = useWatchStore((state) => {
    const session = state.sessions[workspace.id];
    return session !== undefined && session.state !== 'stopped';
  });

  function run() {
    const command = draft.trim();
    if (command.length === 0 || selection.length === 0) return;
    rememberCommand(workspace.id, command);
    void runner.run(workspace.id, command, selection);
  }

  function startWatch() {
    const command = draft.trim();
    if (command.length === 0 || selection.length === 0) return;
    rememberCommand(workspace.id, command);
    watch.start(workspace.id, command, selection);
  }

  function pick(suggestion: Suggestion) {
    setDraft(workspace.id, suggestion.command);
    if (suggestion.role !== undefined) selectRoles([suggestion.role]);
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && isRunning) {
      event.preventDefault();
      runner.stopAll(workspace.id);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  }

  if (workspace.hosts.length === 0) {
    return (
      <Notice kind="empty" title="No hosts in this workspace">
        Add hosts to the workspace to run commands on them.
      </Notice>
    );
  }

  return (
    <div className="command-panel" onKeyDown={onKeyDown}>
      <div className="command-panel__controls">
        <HostPicker workspace={workspace} />
        <CommandBar
          key={workspace.id}
          workspaceId={workspace.id}
          hostCount={selection.length}
          isRunning={isRunning}
          inputRef={inputRef}
          onRun={run}
          onStopAll={() => runner.stopAll(workspace.id)}
          onWatch={startWatch}
          isWatching={isWatching}
        />
        <SuggestionChips onPick={pick} />
      </div>
      <WatchPanel workspaceId={workspace.id} hosts={workspace.hosts} />
      <RunView workspaceId={workspace.id} hosts={workspace.hosts} />
    </div>
  );
}
