/**
 * What a lab journal holds, one JSON object a line (`journal.jsonl`). Every command run in a
 * workspace can be an entry — from a runbook, the command panel, a terminal, a capture — so the
 * report and a replay are built from the journal alone.
 */
import { z } from 'zod';
import { Topology } from '../topology';

/** Entries carry this; a reader refuses versions it does not know. */
export const JOURNAL_VERSION = 1;

/** Per-stream bound on journaled output; the rest is dropped and counted. */
export const MAX_OUTPUT_CHARS = 64 * 1024;

const At = z.string(); // ISO time
const Base = { v: z.literal(JOURNAL_VERSION), at: At };

export const SessionStartEntry = z.object({
  ...Base,
  kind: z.literal('session-start'),
  /**
   * `workspace`: the workspace's ad-hoc journal (panel, terminal and capture commands run outside
   * a runbook), no runbook and no steps. Absent for a runbook session.
   */
  scope: z.enum(['runbook', 'workspace']).optional(),
  /** The runbook as run (steps, explanations, variables), so the report needs nothing else. */
  runbook: z.unknown().optional(),
  file: z.string().optional(),
  target: z.string(),
  hosts: z.array(z.object({ id: z.string(), role: z.string(), address: z.string() })),
  variables: z.record(z.string(), z.string()),
});

export const StepStartEntry = z.object({
  ...Base,
  kind: z.literal('step-start'),
  step: z.number().int().nonnegative(),
  title: z.string(),
});

export const CommandEntry = z.object({
  ...Base,
  kind: z.literal('command'),
  /** Who ran it. */
  source: z.enum(['runbook', 'panel', 'terminal', 'capture', 'cleanup', 'setup']),
  step: z.number().int().nonnegative().optional(),
  hostId: z.string(),
  command: z.string(),
  mode: z.enum(['once', 'watch', 'capture']).default('once'),
  /** 1-based run of a watch. */
  iteration: z.number().int().positive().optional(),
  end: At,
  durationMs: z.number().nonnegative(),
  exitCode: z.number().int().nullable(),
  signal: z.string().optional(),
  /** The host could not run it at all (unreachable, timed out…). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  stdout: z.string(),
  stderr: z.string(),
  /** Characters dropped from the end of each stream past {@link MAX_OUTPUT_CHARS}. */
  truncated: z.object({ stdout: z.number().int(), stderr: z.number().int() }).optional(),
  /** A pcap written beside the journal (`pcaps/…`), for captures. */
  pcap: z.string().optional(),
  /**
   * More output of the entry before it with the same command (a terminal command whose output
   * went on after the terminal had been quiet and its entry was written).
   */
  continued: z.boolean().optional(),
});
export type CommandEntry = z.infer<typeof CommandEntry>;

export const SnapshotEntry = z.object({
  ...Base,
  kind: z.literal('snapshot'),
  step: z.number().int().nonnegative().optional(),
  reason: z.enum(['run-start', 'step-start', 'step-end', 'watch', 'manual']),
  topology: Topology,
});
export type SnapshotEntry = z.infer<typeof SnapshotEntry>;

export const BindEntry = z.object({
  ...Base,
  kind: z.literal('bind'),
  step: z.number().int().nonnegative().optional(),
  name: z.string(),
  value: z.string(),
});

export const ExpectEntry = z.object({
  ...Base,
  kind: z.literal('expect'),
  step: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  name: z.string(),
  ok: z.boolean(),
  why: z.string(),
});

export const StepEndEntry = z.object({
  ...Base,
  kind: z.literal('step-end'),
  step: z.number().int().nonnegative(),
  ok: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** Why the step failed before or outside its expectations (a host missing, a bind that matched nothing). */
  error: z.string().optional(),
});

export const NoteEntry = z.object({
  ...Base,
  kind: z.literal('note'),
  step: z.number().int().nonnegative().optional(),
  text: z.string().max(20_000),
});

/** A picture of the graph the UI exported (PNG beside the journal, `images/…`). */
export const ImageEntry = z.object({
  ...Base,
  kind: z.literal('image'),
  step: z.number().int().nonnegative().optional(),
  file: z.string().regex(/^images\/[A-Za-z0-9._-]+\.png$/),
  caption: z.string().optional(),
});

export const SessionEndEntry = z.object({
  ...Base,
  kind: z.literal('session-end'),
  ok: z.boolean(),
  durationMs: z.number().nonnegative(),
  failedStep: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
});

export const JournalEntry = z.discriminatedUnion('kind', [
  SessionStartEntry,
  StepStartEntry,
  CommandEntry,
  SnapshotEntry,
  BindEntry,
  ExpectEntry,
  StepEndEntry,
  NoteEntry,
  ImageEntry,
  SessionEndEntry,
]);
export type JournalEntry = z.infer<typeof JournalEntry>;

/** An entry before the writer stamps `v` (and `at` when missing). */
export type NewJournalEntry = DistributiveOmit<JournalEntry, 'v' | 'at'> & { at?: string };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What reading a journal found: the entries, and any line it could not read. */
export interface JournalRead {
  entries: JournalEntry[];
  problems: { line: number; message: string }[];
  /** The last line had no newline and did not parse: the writer was killed while writing it. */
  isTornTail: boolean;
}

/**
 * Reads journal text. Never throws: a line that is not a valid entry becomes a problem with its
 * line number; a torn last line (no trailing newline, not JSON) is flagged, not fatal.
 */
export function parseJournal(text: string): JournalRead {
  const entries: JournalEntry[] = [];
  const problems: JournalRead['problems'] = [];
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  let isTornTail = false;
  const read = (line: string, n: number, isLast: boolean) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      if (isLast) isTornTail = true;
      problems.push({
        line: n,
        message: isLast
          ? `torn last line (${line.length} bytes, the writer stopped mid-entry): left out`
          : 'not JSON',
      });
      return;
    }
    const entry = JournalEntry.safeParse(json);
    if (entry.success) entries.push(entry.data);
    else
      problems.push({
        line: n,
        message: `not a journal entry: ${entry.error.issues[0]?.message ?? 'invalid'}`,
      });
  };
  lines.forEach((line, i) => read(line, i + 1, false));
  read(last, lines.length + 1, true);
  return { entries, problems, isTornTail };
}

/** Bounds one stream's text for the journal: the head is kept, the rest counted. */
export function boundOutput(
  text: string,
  max = MAX_OUTPUT_CHARS,
): { text: string; dropped: number } {
  if (text.length <= max) return { text, dropped: 0 };
  return { text: text.slice(0, max), dropped: text.length - max };
}
