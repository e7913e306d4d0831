import type { CommandEntry, JournalEntry } from '../../../../shared/model/runbook/journal';
import { VAR_REF } from '../../../../shared/model/runbook/schema';
import type { Topology } from '../../../../shared/model/topology';

export type StepStatus = 'pending' | 'running' | 'passed' | 'failed';

/** One command as the runner shows it: a watch keeps only its latest run, with how many ran. */
export interface CommandView {
  key: string;
  entry: CommandEntry;
  /** Runs of a watch so far (1 for a plain command). */
  runs: number;
}

export interface ExpectView {
  index: number;
  name: string;
  ok: boolean;
  why: string;
}

/** A step of the runbook with what the journal says happened to it. */
export interface StepView {
  index: number;
  title: string;
  status: StepStatus;
  durationMs?: number;
  error?: string;
  commands: CommandView[];
  cleanup: CommandView[];
  expects: ExpectView[];
  notes: { at: string; text: string }[];
  binds: { name: string; value: string }[];
  /** The topology at the step's end (else the latest one taken during it). */
  snapshot?: { topology: Topology; at: string };
}

/** A command or a note journaled outside any step. */
export type OutsideItem =
  { kind: 'command'; view: CommandView } | { kind: 'note'; at: string; text: string };

export interface SessionView {
  steps: StepView[];
  /** The run's first snapshot, shown before any step ends. */
  startSnapshot?: Topology;
  /** The latest snapshot of the whole session. */
  latestSnapshot?: { topology: Topology; step?: number };
  isEnded: boolean;
  ok?: boolean;
  error?: string;
  sessionNotes: string[];
  /**
   * What happened outside the steps, in journal order: commands from the panel, terminals and
   * captures (all of a workspace journal's), and notes (a password withheld, a line not followed).
   */
  outside: OutsideItem[];
  /** A workspace's ad-hoc journal (no runbook, no steps). */
  isWorkspaceJournal: boolean;
  hosts: { id: string; role: string; address: string }[];
  variables: Record<string, string>;
  /** Declared variables and every value the run bound (`web.count`, `secondaryPod`). */
  values: Record<string, string>;
}

function emptyStep(index: number, title: string): StepView {
  return {
    index,
    title,
    status: 'pending',
    commands: [],
    cleanup: [],
    expects: [],
    notes: [],
    binds: [],
  };
}

/** Adds a command, replacing an earlier run of the same watch (same host and command). */
function addCommand(list: CommandView[], entry: CommandEntry): void {
  const key = `${entry.hostId}\u0000${entry.command}`;
  const at = list.findIndex((c) => c.key === key);
  if (entry.mode === 'watch' && at >= 0) {
    const previous = list[at];
    list[at] = { key, entry, runs: (previous?.runs ?? 0) + 1 };
    return;
  }
  list.push({ key: at >= 0 ? `${key}\u0000${list.length}` : key, entry, runs: 1 });
}

/** A command outside the steps, keyed uniquely; a watch's runs show their number. */
function outsideCommand(list: readonly OutsideItem[], entry: CommandEntry): CommandView {
  return { key: `${list.length}`, entry, runs: entry.iteration ?? 1 };
}

/**
 * Folds a session's journal entries into per-step views for the runner and for replay. Steps
 * named by the runbook come first in order; a step the journal mentions beyond them is added.
 * Pure and total: any entry order gives a usable view.
 */
export function sessionView(
  stepTitles: readonly string[],
  entries: readonly JournalEntry[],
): SessionView {
  const steps = stepTitles.map((title, i) => emptyStep(i, title));
  const stepOf = (i: number, title = `Step ${i + 1}`): StepView => {
    while (steps.length <= i) steps.push(emptyStep(steps.length, title));
    return steps[i] as StepView;
  };
  const view: SessionView = {
    steps,
    isEnded: false,
    sessionNotes: [],
    outside: [],
    isWorkspaceJournal: false,
    hosts: [],
    variables: {},
    values: {},
  };
  for (const e of entries) {
    switch (e.kind) {
      case 'session-start':
        view.hosts = e.hosts;
        view.isWorkspaceJournal = e.scope === 'workspace';
        view.variables = e.variables;
        Object.assign(view.values, e.variables);
        break;
      case 'step-start': {
        const step = stepOf(e.step, e.title);
        step.status = 'running';
        step.title = e.title;
        break;
      }
      case 'command':
        if (e.step === undefined) {
          if (e.source !== 'setup')
            view.outside.push({ kind: 'command', view: outsideCommand(view.outside, e) });
          break;
        }
        addCommand(e.source === 'cleanup' ? stepOf(e.step).cleanup : stepOf(e.step).commands, e);
        break;
      case 'bind':
        view.values[e.name] = e.value;
        if (e.step !== undefined) stepOf(e.step).binds.push({ name: e.name, value: e.value });
        break;
      case 'expect': {
        const list = stepOf(e.step).expects;
        const item = { index: e.index, name: e.name, ok: e.ok, why: e.why };
        const at = list.findIndex((x) => x.index === e.index);
        if (at >= 0) list[at] = item;
        else list.push(item);
        break;
      }
      case 'snapshot':
        view.latestSnapshot = {
          topology: e.topology,
          ...(e.step !== undefined ? { step: e.step } : {}),
        };
        if (e.reason === 'run-start') view.startSnapshot = e.topology;
        else if (e.step !== undefined) {
          const step = stepOf(e.step);
          // A watch's snapshots stand in until the step's end one arrives.
          if (e.reason === 'step-end' || step.snapshot === undefined || e.reason === 'watch')
            step.snapshot = { topology: e.topology, at: e.at };
        }
        break;
      case 'step-end': {
        const step = stepOf(e.step);
        step.status = e.ok ? 'passed' : 'failed';
        step.durationMs = e.durationMs;
        if (e.error !== undefined) step.error = e.error;
        break;
      }
      case 'note':
        if (e.step === undefined) {
          view.sessionNotes.push(e.text);
          view.outside.push({ kind: 'note', at: e.at, text: e.text });
        } else stepOf(e.step).notes.push({ at: e.at, text: e.text });
        break;
      case 'session-end':
        view.isEnded = true;
        view.ok = e.ok;
        if (e.error !== undefined) view.error = e.error;
        // A step cut off by a cancel or a crash is not left spinning.
        for (const step of steps) if (step.status === 'running') step.status = 'failed';
        break;
      case 'image':
        break;
    }
  }
  return view;
}

/** The runbook's titles as journaled at the session's start (replay has no runbook file). */
export function titlesFromJournal(entries: readonly JournalEntry[]): {
  title: string;
  intro?: string;
  steps: string[];
} {
  const start = entries.find((e) => e.kind === 'session-start');
  const runbook = (start?.kind === 'session-start' ? start.runbook : undefined) as
    { title?: unknown; intro?: unknown; steps?: { title?: unknown }[] } | undefined;
  const steps = Array.isArray(runbook?.steps)
    ? runbook.steps.map((s, i) => (typeof s.title === 'string' ? s.title : `Step ${i + 1}`))
    : [];
  return {
    title: typeof runbook?.title === 'string' ? runbook.title : 'Lab session',
    ...(typeof runbook?.intro === 'string' ? { intro: runbook.intro } : {}),
    steps,
  };
}

/** Output bounded for the page: the first `maxLines` lines, and how many were left out. */
export function boundLines(text: string, maxLines: number): { text: string; hidden: number } {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= maxLines) return { text: lines.join('\n'), hidden: 0 };
  return { text: lines.slice(0, maxLines).join('\n'), hidden: lines.length - maxLines };
}

/** JSON output (ipamd's `/v1/enis`, `ip -j`) indented for reading; null when it is not JSON. */
export function prettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

/** `${name}` in prose replaced by the value the run bound; left as written when none. */
export function withValues(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(VAR_REF, (whole, name: string) => values[name] ?? whole);
}
