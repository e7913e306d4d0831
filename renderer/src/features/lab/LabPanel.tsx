import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunbookSummary } from '../../../../shared/api/contract-lab';
import type { LabSessionSummary } from '../../../../shared/api/contract-lab';
import type { Runbook } from '../../../../shared/model/runbook/schema';
import type { Topology } from '../../../../shared/model/topology';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { formatClock, plural } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Notice } from '../../ui/Notice';
import type { GraphHandle } from '../topology/GraphView';
import { sessionView, titlesFromJournal, withValues } from './lab-view';
import { LabGraph } from './LabGraph';
import { Markdown } from './Markdown';
import { OutsideCommands } from './OutsideCommands';
import { ReportView } from './ReportView';
import { RolesView } from './RolesView';
import { StepCard } from './StepCard';
import { useLabSession } from './useLabSession';
import './lab.css';

/**
 * The "Lab" tab: pick a runbook, run it (all steps or one) on the workspace and follow each step's
 * commands, outputs and checks beside the topology graph of the moment; or replay a journal from
 * an earlier session with no cluster. Everything shown comes from journal entries, so a live run
 * and a replay are drawn by the same code.
 */
export function LabPanel({ workspace, isVisible }: { workspace: Workspace; isVisible: boolean }) {
  const backend = useBackend();
  const [runbooks, setRunbooks] = useState<RunbookSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [runbookId, setRunbookId] = useState('');
  const [loaded, setLoaded] = useState<{ id: string; runbook: Runbook } | null>(null);
  const [past, setPast] = useState<LabSessionSummary[]>([]);
  const [graphStep, setGraphStep] = useState<number | null>(null);
  const [live, setLive] = useState<Topology | null>(null);
  const handleRef = useRef<GraphHandle | null>(null);
  const { state, start, open, cancel, note, close } = useLabSession();
  const [journalWarning, setJournalWarning] = useState<string | null>(null);

  // A journal that cannot be written is said once; the commands themselves went on.
  useEffect(
    () => backend.api.on('lab:journal-warning', ({ message }) => setJournalWarning(message)),
    [backend],
  );

  useEffect(() => {
    if (!isVisible) return;
    void backend.api.labRunbooks({}).then((reply) => {
      if (!reply.ok) return setListError(reply.error.message);
      setRunbooks(reply.value);
      setRunbookId((id) => id || (reply.value.find((r) => !r.errors)?.id ?? ''));
    });
    void backend.api.labSessions({}).then((reply) => reply.ok && setPast(reply.value));
  }, [backend, isVisible, state.sessionId]);

  // Before a run the graph shows the workspace as it is now (collected once per visit).
  const hasSession = state.sessionId !== null;
  useEffect(() => {
    if (!isVisible || hasSession) return;
    void backend.api
      .labTopology({ workspaceId: workspace.id })
      .then((reply) => reply.ok && setLive(reply.value));
  }, [backend, isVisible, hasSession, workspace.id]);

  useEffect(() => {
    if (runbookId === '') return;
    void backend.api.labRunbook({ id: runbookId }).then((reply) => {
      if (reply.ok) setLoaded({ id: runbookId, runbook: reply.value });
      else setListError(reply.error.message);
    });
  }, [backend, runbookId]);

  const runbook = loaded?.id === runbookId ? loaded.runbook : null;
  // A replay draws from the runbook journaled at its start; a run from the file.
  const journaled = useMemo(() => titlesFromJournal(state.entries), [state.entries]);
  const journaledRunbook = useMemo(() => {
    const start = state.entries.find((e) => e.kind === 'session-start');
    return (start?.kind === 'session-start' ? start.runbook : undefined) as Runbook | undefined;
  }, [state.entries]);
  const shown = state.isReplay ? (journaledRunbook ?? null) : runbook;
  const titles = useMemo(
    () => (state.isReplay ? journaled.steps : (runbook?.steps.map((s) => s.title) ?? [])),
    [state.isReplay, journaled, runbook],
  );
  const view = useMemo(() => sessionView(titles, state.entries), [titles, state.entries]);
  const isRunning = state.sessionId !== null && !state.isReplay && !view.isEnded;
  const hostNames = useMemo(
    () => new Map(workspace.hosts.map((h) => [h.id, h.name])),
    [workspace.hosts],
  );

  const graphView = graphStep === null ? undefined : view.steps[graphStep]?.snapshot;
  const journaledTopology =
    graphView?.topology ?? view.latestSnapshot?.topology ?? view.startSnapshot;
  const topology = journaledTopology ?? (hasSession ? undefined : (live ?? undefined));
  const shownStep = graphStep ?? view.latestSnapshot?.step;
  // When the graph last changed: its "new / changed" highlight must fade before a PNG is taken.
  const graphChangedAt = useRef(0);
  useEffect(() => {
    graphChangedAt.current = Date.now();
  }, [topology]);
  const caption =
    journaledTopology === undefined
      ? `Topology now (collected ${live ? formatClock(live.collectedAt) : '…'})`
      : shownStep === undefined
        ? 'Topology at the start of the run'
        : `Topology after step ${shownStep + 1}: ${view.steps[shownStep]?.title ?? ''}`;
  const done = view.steps.filter((s) => s.status === 'passed' || s.status === 'failed').length;
  const passed = view.steps.filter((s) => s.status === 'passed').length;

  const run = (steps?: number[]) => {
    setGraphStep(null);
    void start(workspace.id, runbookId, steps);
  };

  return (
    <div className="lab" data-testid="lab">
      <div className="toolbar">
        <h2 className="toolbar__title">Lab</h2>
        <label className="lab__field">
          Runbook
          <select
            value={runbookId}
            onChange={(e) => {
              close();
              setRunbookId(e.target.value);
            }}
            disabled={isRunning}
            aria-label="Runbook"
          >
            {(runbooks ?? []).map((r) => (
              <option key={r.id} value={r.id} disabled={r.errors !== undefined}>
                {r.title}
                {r.errors ? ' (invalid)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button--primary"
          onClick={() => run()}
          disabled={isRunning || runbook === null}
        >
          Run all steps
        </button>
        {isRunning && (
          <button type="button" className="button button--danger" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        <span className="toolbar__spacer" />
        <label className="lab__field">
          Replay
          <select
            value={state.isReplay ? (state.sessionId ?? '') : ''}
            onChange={(e) => {
              setGraphStep(null);
              if (e.target.value === '') return close();
              void open(e.target.value);
              // The runbook picker follows the replayed session, so Run all runs that one again.
              const id = past.find((p) => p.sessionId === e.target.value)?.runbookId;
              if (id !== undefined && runbooks?.some((r) => r.id === id)) setRunbookId(id);
            }}
            disabled={isRunning}
            aria-label="Replay a journal"
          >
            <option value="">— a past session —</option>
            {past.map((p) => (
              <option key={p.sessionId} value={p.sessionId}>
                {formatClock(p.startedAt)} · {p.title} · {p.target}
                {p.ok === undefined ? '' : p.ok ? ' · passed' : ' · failed'}
                {p.isRunning ? (p.scope === 'workspace' ? ' · open' : ' · running') : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {journalWarning !== null && (
        <p className="inline-error" role="alert" data-testid="lab-journal-warning">
          {journalWarning}
        </p>
      )}
      {listError !== null && (
        <p className="inline-error" role="alert">
          {listError}
        </p>
      )}
      {runbooks === null && listError === null && (
        <Notice kind="loading" title="Reading the runbooks…" />
      )}
      <div className="lab__body">
        <div className="lab__runner">
          {state.isReplay && (
            <p className="lab__replay-banner" data-testid="lab-replay">
              {view.isWorkspaceJournal ? (
                <>
                  The workspace journal <code>{state.sessionId}</code>: commands run from the
                  command panel, terminals and captures outside a runbook, as journaled.
                </>
              ) : (
                <>
                  Replay of <code>{state.sessionId}</code>: the steps, outputs and graphs as
                  journaled, no cluster needed.
                </>
              )}
              {past.some((p) => p.sessionId === state.sessionId && p.isRunning) && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => state.sessionId !== null && void open(state.sessionId)}
                >
                  Reload
                </button>
              )}
            </p>
          )}
          {shown !== null && (
            <header className="lab__intro">
              <h3 className="lab__title">{shown.title}</h3>
              {shown.intro !== undefined && (
                <Markdown text={withValues(shown.intro, view.values)} />
              )}
              <RolesView runbook={shown} workspace={workspace} journaled={view.hosts} />
            </header>
          )}
          {state.error !== null && (
            <p className="inline-error" role="alert">
              {state.error}
            </p>
          )}
          {state.problems.length > 0 && (
            <p className="inline-error">Journal problems: {state.problems.join('; ')}</p>
          )}
          {view.steps.length > 0 && (
            <div className="lab__progress" data-testid="lab-progress">
              <progress max={view.steps.length} value={done} />
              <span>
                {passed} of {plural(view.steps.length, 'step')} passed
                {view.isEnded &&
                  (view.ok ? (
                    <Badge tone="ok">session passed</Badge>
                  ) : (
                    <Badge tone="error">session failed</Badge>
                  ))}
                {isRunning && <Badge tone="accent">running</Badge>}
              </span>
              {view.error !== undefined && <span className="inline-error">{view.error}</span>}
            </div>
          )}
          {view.steps.map((step) => (
            <StepCard
              key={step.index}
              step={step}
              explain={withValues(shown?.steps[step.index]?.explain ?? '', view.values)}
              hostNames={hostNames}
              isSelected={shownStep === step.index}
              onSelect={() => setGraphStep(step.snapshot ? step.index : null)}
              {...(!state.isReplay && !isRunning && runbook !== null
                ? { onRun: () => run([step.index]) }
                : {})}
              {...(state.sessionId !== null
                ? { onNote: (text: string) => note(step.index, text) }
                : {})}
            />
          ))}
          {(view.outside.length > 0 || view.isWorkspaceJournal) && (
            <OutsideCommands
              items={view.outside}
              title={
                view.isWorkspaceJournal
                  ? 'Commands run in the workspace'
                  : 'Commands beside the steps'
              }
              hostNames={hostNames}
            />
          )}
          {state.sessionId !== null && (view.isEnded || state.isReplay) && (
            <ReportView
              sessionId={state.sessionId}
              graphStep={shownStep}
              graphCaption={caption}
              handleRef={handleRef}
              graphChangedAt={graphChangedAt}
            />
          )}
        </div>
        <aside className="lab__side" aria-label="Topology graph">
          <div className="lab__side-bar">
            <p className="lab__caption" data-testid="lab-graph-caption">
              {topology
                ? caption
                : view.isWorkspaceJournal
                  ? 'A workspace journal keeps commands, not topology snapshots: the Topology tab shows the lab now.'
                  : 'Collecting the topology… the run journals its own snapshots.'}
            </p>
            {topology && (
              <button
                type="button"
                className="button button--small"
                onClick={() => handleRef.current?.fit()}
              >
                Fit
              </button>
            )}
          </div>
          {topology && (
            <LabGraph topology={topology} memoryKey={workspace.id} handleRef={handleRef} />
          )}
        </aside>
      </div>
    </div>
  );
}
