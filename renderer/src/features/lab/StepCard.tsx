import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';
import { Spinner } from '../../ui/Spinner';
import {
  boundLines,
  prettyJson,
  type CommandView,
  type StepStatus,
  type StepView,
} from './lab-view';
import { Markdown } from './Markdown';

/** Lines of output shown before "Show all"; the journal keeps up to 64 KiB a stream. */
const SHOWN_LINES = 40;

const STATUS: Record<StepStatus, { tone: Tone; label: string }> = {
  pending: { tone: 'muted', label: 'not run' },
  running: { tone: 'accent', label: 'running' },
  passed: { tone: 'ok', label: 'passed' },
  failed: { tone: 'error', label: 'failed' },
};

function Output({ text, kind }: { text: string; kind: 'stdout' | 'stderr' }) {
  const [isAll, setAll] = useState(false);
  const json = kind === 'stdout' ? prettyJson(text) : null;
  const shown = boundLines(json ?? text, isAll ? Number.MAX_SAFE_INTEGER : SHOWN_LINES);
  return (
    <>
      <pre className={`lab__output lab__output--${kind}`}>{shown.text}</pre>
      {shown.hidden > 0 && (
        <button type="button" className="link-button" onClick={() => setAll(true)}>
          Show {shown.hidden} more lines
        </button>
      )}
    </>
  );
}

/** Where a command came from, when not from the runbook. */
const SOURCE: Record<string, string> = {
  panel: 'command panel',
  terminal: 'terminal',
  capture: 'capture',
};

/** One journaled command with its output (shared by the steps and the workspace journal). */
export function Command({ view, hostName }: { view: CommandView; hostName: string }) {
  const { entry, runs } = view;
  // A typed terminal command has no exit code the shell told: that is not a failure.
  const isUnknownExit = entry.source === 'terminal' && entry.exitCode === null && !entry.signal;
  const isOk = entry.error === undefined && (entry.exitCode === 0 || isUnknownExit);
  const source = SOURCE[entry.source];
  return (
    <div className="lab__command" data-testid="lab-command">
      <div className="lab__command-head">
        <span className="lab__host">{hostName}</span>
        <code className="lab__cmd">$ {entry.command}</code>
        {source !== undefined && <Badge tone="accent">{source}</Badge>}
        {runs > 1 && <Badge tone="muted">watch · run {runs}</Badge>}
        {entry.continued && <Badge tone="muted">output continued</Badge>}
        <Badge tone={isOk ? 'muted' : 'warn'}>
          {entry.error
            ? entry.error.code
            : isUnknownExit
              ? 'exit not known'
              : `exit ${entry.exitCode ?? entry.signal ?? '?'}`}
        </Badge>
        <span className="lab__dim">{formatDuration(entry.durationMs)}</span>
      </div>
      {entry.error && <p className="inline-error">{entry.error.message}</p>}
      {entry.stdout !== '' && <Output text={entry.stdout} kind="stdout" />}
      {entry.stderr !== '' && <Output text={entry.stderr} kind="stderr" />}
      {entry.stdout === '' && entry.stderr === '' && !entry.error && (
        <p className="lab__dim">(no output)</p>
      )}
      {entry.pcap !== undefined && <p className="lab__dim">Packets kept: {entry.pcap}</p>}
      {entry.truncated && (entry.truncated.stdout > 0 || entry.truncated.stderr > 0) && (
        <p className="lab__dim">
          Truncated in the journal: {entry.truncated.stdout + entry.truncated.stderr} characters
          dropped.
        </p>
      )}
    </div>
  );
}

/** One step: its explanation, commands with output, expectations with why, and notes. */
export function StepCard(props: {
  step: StepView;
  explain?: string;
  hostNames: ReadonlyMap<string, string>;
  isSelected: boolean;
  onSelect: () => void;
  onRun?: () => void;
  onNote?: (text: string) => Promise<string | null>;
}) {
  const { step, explain, hostNames, isSelected, onSelect, onRun, onNote } = props;
  const [draft, setDraft] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const status = STATUS[step.status];
  const sectionRef = useRef<HTMLElement>(null);
  // A run in progress keeps its current step in sight.
  useEffect(() => {
    if (step.status === 'running') sectionRef.current?.scrollIntoView({ block: 'nearest' });
  }, [step.status]);
  const name = (id: string) => hostNames.get(id) ?? id;
  return (
    <section
      ref={sectionRef}
      className={`lab__step lab__step--${step.status}${isSelected ? ' is-selected' : ''}`}
      data-testid={`lab-step-${step.index + 1}`}
      data-status={step.status}
      aria-label={`Step ${step.index + 1}: ${step.title}`}
    >
      <header className="lab__step-head">
        <button type="button" className="lab__step-title" onClick={onSelect}>
          <span className="lab__step-number">{step.index + 1}</span>
          {step.title}
        </button>
        {step.status === 'running' && <Spinner label="Running" />}
        <Badge tone={status.tone}>{status.label}</Badge>
        {step.durationMs !== undefined && (
          <span className="lab__dim">{formatDuration(step.durationMs)}</span>
        )}
        {onRun && (
          <button type="button" className="button button--small" onClick={onRun}>
            Run step
          </button>
        )}
      </header>
      {explain !== undefined && explain !== '' && <Markdown text={explain} />}
      {step.error !== undefined && <p className="inline-error">{step.error}</p>}
      {step.commands.map((c) => (
        <Command key={c.key} view={c} hostName={name(c.entry.hostId)} />
      ))}
      {step.binds.length > 0 && (
        <p className="lab__dim">
          Bound:{' '}
          {step.binds.map((b) => (
            <code key={b.name} className="lab__bind">
              {b.name} = {b.value}
            </code>
          ))}
        </p>
      )}
      {step.expects.length > 0 && (
        <ul className="lab__expects" aria-label="Expectations">
          {step.expects.map((x) => (
            <li key={x.index} className={x.ok ? 'is-ok' : 'is-failed'} data-ok={x.ok}>
              <span className="lab__mark" aria-hidden>
                {x.ok ? '✓' : '✗'}
              </span>
              <strong>{x.name}</strong> <span className="lab__why">{x.why}</span>
            </li>
          ))}
        </ul>
      )}
      {step.cleanup.length > 0 && (
        <details className="lab__cleanup">
          <summary>Cleanup ({step.cleanup.length})</summary>
          {step.cleanup.map((c) => (
            <Command key={c.key} view={c} hostName={name(c.entry.hostId)} />
          ))}
        </details>
      )}
      {step.notes.map((n) => (
        <blockquote key={n.at} className="lab__note">
          {n.text}
        </blockquote>
      ))}
      {onNote && (
        <form
          className="lab__note-form"
          onSubmit={(e) => {
            e.preventDefault();
            const text = draft.trim();
            if (text === '') return;
            void onNote(text).then((error) => {
              setNoteError(error);
              if (error === null) setDraft('');
            });
          }}
        >
          <input
            className="input"
            value={draft}
            placeholder="A note for this step (kept in the journal and the report)"
            aria-label={`Note for step ${step.index + 1}`}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button button--small" disabled={draft.trim() === ''}>
            Add note
          </button>
          {noteError !== null && <span className="inline-error">{noteError}</span>}
        </form>
      )}
    </section>
  );
}
