/**
 * Fan-out results grouped the way a person compares them: hosts that printed the same thing are
 * one group, shown once; every other group is a line diff against the majority. This replaces
 * reading `for i in $N1 $N2 $N3; do ssh $i …; done` output by eye.
 */
import { hostErrorLabel } from './command';
import { diffArrays } from 'diff';

/** One host's finished command, as `command:exec` answers it (only the fields grouping needs). */
export interface FanOutInput {
  readonly hostId: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal?: string | undefined;
  /** Set when the host could not run the command at all (unreachable, timeout, cancelled). */
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

/**
 * Tokens that differ between runs or hosts without meaning anything, which the normalized
 * comparison may ignore. Addresses and numbers are opt-in: on a lab node they are the point.
 */
export type VolatileKind = 'timestamp' | 'age' | 'ip' | 'number';

/** What "ignore volatile tokens" ignores unless the user asks for more. */
export const DEFAULT_VOLATILE: readonly VolatileKind[] = ['timestamp', 'age'];

export interface FanOutOptions {
  /** Empty or absent: exact comparison of stdout, stderr and exit status. */
  readonly normalize?: readonly VolatileKind[];
  /** Unchanged lines kept around each change (default 3, like `diff -u`). */
  readonly context?: number;
  /** A diff that would take longer than this gives up and says so (default 1,000 ms). */
  readonly diffTimeoutMs?: number;
}

/** One line of a hunk, with its line number in the majority output, the group's, or both. */
export interface DiffLine {
  readonly kind: 'context' | 'added' | 'removed';
  readonly text: string;
  readonly oldLine: number | null;
  readonly newLine: number | null;
}

/** A unified-diff hunk (jsdiff's structured form; `hunkHeader` prints its `@@` line). */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

/** How a group's output compares with the majority's. */
export type GroupDiff =
  | { readonly kind: 'majority' }
  | { readonly kind: 'hunks'; readonly hunks: readonly DiffHunk[]; added: number; removed: number }
  /** Same text, different exit status (or the same once volatile tokens are ignored). */
  | { readonly kind: 'same-text' }
  | { readonly kind: 'too-different'; readonly reason: string }
  /** The hosts never ran the command: there is no output to compare. */
  | { readonly kind: 'no-output' };

/** ok: exit 0 · failed: ran and exited non-zero or by a signal · error: never ran. */
export type GroupStatus = 'ok' | 'failed' | 'error';

export interface OutputGroup {
  /** In the user's order. */
  readonly hostIds: readonly string[];
  readonly status: GroupStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The first host's output; every host of the group printed the same (see `isExact`). */
  readonly stdout: string;
  readonly stderr: string;
  /** False when the hosts are grouped only because volatile tokens were ignored. */
  readonly isExact: boolean;
  readonly isMajority: boolean;
  readonly diff: GroupDiff;
}

export interface FanOutResult {
  /** The majority first, then the other groups in the order of their first host. */
  readonly groups: readonly OutputGroup[];
  readonly hostCount: number;
  /** Every host printed the same thing and exited the same way. */
  readonly isUnanimous: boolean;
  readonly mode: 'exact' | 'normalized';
}

type Replacement = string | ((match: string) => string);

const ipv6 = (match: string) =>
  match.includes('::') || match.split(':').length === 8 ? '⟨ip⟩' : match;

const TOKEN_PATTERNS: Record<VolatileKind, readonly [RegExp, Replacement][]> = {
  timestamp: [
    // ISO 8601 / RFC 3339, as kubectl, journald and most logs print them.
    [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '⟨time⟩'],
    // syslog and `date`: "Nov 23 12:49:21", optionally with a weekday and year around it.
    [/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}/g, '⟨time⟩'],
    [/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '⟨time⟩'],
  ],
  // kubectl's AGE column and "(5m ago)": 12s, 5m3s, 2d4h.
  age: [[/\b\d+[smhdy](?:\d+[smhd])*\b/g, '⟨age⟩']],
  ip: [
    [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '⟨ip⟩'],
    // IPv6: compressed (`fe80::d2:21ff`) or full; a clock time has neither `::` nor 7 colons.
    [
      /(?<![\w:])(?:[0-9a-f]{1,4}:(?::?[0-9a-f]{1,4}:?){1,7}|::[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)(?![\w:])/gi,
      ipv6,
    ],
  ],
  number: [[/\b\d+\b/g, '#']],
};

const KIND_ORDER: readonly VolatileKind[] = ['timestamp', 'age', 'ip', 'number'];

/** The text with the chosen volatile tokens replaced by placeholders (`⟨time⟩`, `⟨ip⟩`, `#`). */
export function normalizeOutput(text: string, kinds: readonly VolatileKind[]): string {
  let out = text;
  for (const kind of KIND_ORDER) {
    if (!kinds.includes(kind)) continue;
    for (const [pattern, replacement] of TOKEN_PATTERNS[kind]) {
      out =
        typeof replacement === 'string'
          ? out.replace(pattern, replacement)
          : out.replace(pattern, replacement);
    }
  }
  return out;
}

function statusOf(input: FanOutInput): GroupStatus {
  if (input.error !== undefined) return 'error';
  return input.exitCode === 0 ? 'ok' : 'failed';
}

/** The comparison key; NUL cannot occur in the exit fields, so the parts cannot run together. */
function keyOf(input: FanOutInput, kinds: readonly VolatileKind[]): string {
  if (input.error !== undefined) return `error\0${input.error.code}\0${input.error.message}`;
  const status = `${input.exitCode ?? ''}\0${input.signal ?? ''}`;
  if (kinds.length === 0) return `${status}\0${input.stdout}\0${input.stderr}`;
  return `${status}\0${normalizeOutput(input.stdout, kinds)}\0${normalizeOutput(input.stderr, kinds)}`;
}

/** What a group's output reads as in one text: stdout, then stderr. */
export function outputText(group: { stdout: string; stderr: string }): string {
  if (group.stderr.length === 0) return group.stdout;
  const joint = group.stdout.length === 0 || group.stdout.endsWith('\n') ? '' : '\n';
  return group.stdout + joint + group.stderr;
}

/** The lines of an output; a final newline ends the last line rather than starting one. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of both outputs in diff order, numbered on the side(s) it belongs to. */
function diffOps(changes: readonly { value: string[]; added: boolean; removed: boolean }[]) {
  const ops: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of changes) {
    for (const text of change.value) {
      if (change.added) ops.push({ kind: 'added', text, oldLine: null, newLine: newLine++ });
      else if (change.removed)
        ops.push({ kind: 'removed', text, oldLine: oldLine++, newLine: null });
      else ops.push({ kind: 'context', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return ops;
}

/**
 * Where a hunk starts on one side. An empty side names the line that would follow, as jsdiff's
 * structured patches do (`diff -u` prints the line before: see `hunkHeader`).
 */
function sideStart(lines: readonly DiffLine[], before: number, side: 'oldLine' | 'newLine') {
  const first = lines.find((line) => line[side] !== null)?.[side];
  return first ?? before + 1;
}

/** Unified-diff hunks: changes with `context` lines around them, merged when they are close. */
function toHunks(ops: readonly DiffLine[], context: number): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let oldSeen = 0;
  let newSeen = 0;
  let counted = 0;
  const advanceTo = (index: number) => {
    for (; counted < index; counted++) {
      if (ops[counted]?.oldLine != null) oldSeen += 1;
      if (ops[counted]?.newLine != null) newSeen += 1;
    }
  };
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === 'context') {
      i += 1;
      continue;
    }
    const start = Math.max(0, i - context);
    let last = i;
    let j = i;
    while (j < ops.length) {
      if (ops[j]?.kind !== 'context') {
        last = j++;
        continue;
      }
      let k = j;
      while (k < ops.length && ops[k]?.kind === 'context') k += 1;
      if (k < ops.length && k - j <= 2 * context) j = k;
      else break;
    }
    const stop = Math.min(ops.length, last + 1 + context);
    const lines = ops.slice(start, stop);
    advanceTo(start);
    hunks.push({
      oldStart: sideStart(lines, oldSeen, 'oldLine'),
      oldLines: lines.filter((line) => line.oldLine !== null).length,
      newStart: sideStart(lines, newSeen, 'newLine'),
      newLines: lines.filter((line) => line.newLine !== null).length,
      lines,
    });
    i = stop;
  }
  return hunks;
}

/**
 * The line diff of `text` against the majority's, or why there is none. jsdiff's `diffArrays`
 * over the split lines, hunked here: measured 3× faster than `structuredPatch` on 5,000 lines.
 */
export function diffAgainst(
  majorityText: string,
  text: string,
  options: Pick<FanOutOptions, 'context' | 'diffTimeoutMs'> = {},
): GroupDiff {
  const changes = diffArrays(linesOf(majorityText), linesOf(text), {
    timeout: options.diffTimeoutMs ?? 1_000,
  });
  if (changes === undefined) {
    return { kind: 'too-different', reason: 'The outputs differ too much to diff line by line.' };
  }
  const ops = diffOps(changes);
  const added = ops.filter((op) => op.kind === 'added').length;
  const removed = ops.filter((op) => op.kind === 'removed').length;
  if (added === 0 && removed === 0) return { kind: 'same-text' };
  return { kind: 'hunks', hunks: toHunks(ops, options.context ?? 3), added, removed };
}

/** `@@ -3,2 +3,4 @@`, as `diff -u` prints it: an empty side names the line before the change. */
export function hunkHeader(hunk: DiffHunk): string {
  const side = (start: number, lines: number) => `${lines === 0 ? start - 1 : start},${lines}`;
  return `@@ -${side(hunk.oldStart, hunk.oldLines)} +${side(hunk.newStart, hunk.newLines)} @@`;
}

interface Bucket {
  readonly first: FanOutInput;
  readonly hostIds: string[];
  readonly order: number;
  isExact: boolean;
}

/**
 * Groups per-host results (given in the user's host order) by identical output and exit status,
 * picks the majority (the largest group of hosts that ran the command; a tie goes to the group
 * holding the earliest host), and diffs every other group against it.
 */
export function groupFanOut(
  results: readonly FanOutInput[],
  options: FanOutOptions = {},
): FanOutResult {
  const kinds = options.normalize ?? [];
  const buckets = new Map<string, Bucket>();
  for (const result of results) {
    const key = keyOf(result, kinds);
    const bucket = buckets.get(key);
    if (bucket === undefined) {
      buckets.set(key, {
        first: result,
        hostIds: [result.hostId],
        order: buckets.size,
        isExact: true,
      });
      continue;
    }
    bucket.hostIds.push(result.hostId);
    if (
      bucket.isExact &&
      (result.stdout !== bucket.first.stdout || result.stderr !== bucket.first.stderr)
    ) {
      bucket.isExact = false;
    }
  }
  const all = [...buckets.values()];
  // Hosts that never ran the command cannot be what the others are compared with.
  let majority: Bucket | undefined;
  for (const bucket of all) {
    if (bucket.first.error !== undefined) continue;
    if (majority === undefined || bucket.hostIds.length > majority.hostIds.length)
      majority = bucket;
  }
  const ordered = majority === undefined ? all : [majority, ...all.filter((b) => b !== majority)];
  const majorityText = majority === undefined ? '' : outputText(majority.first);
  const groups = ordered.map((bucket): OutputGroup => {
    const { first } = bucket;
    const isMajority = bucket === majority;
    let diff: GroupDiff;
    if (isMajority) diff = { kind: 'majority' };
    else if (first.error !== undefined || majority === undefined) diff = { kind: 'no-output' };
    else diff = diffAgainst(majorityText, outputText(first), options);
    return {
      hostIds: bucket.hostIds,
      status: statusOf(first),
      exitCode: first.exitCode,
      signal: first.signal ?? null,
      error: first.error ?? null,
      stdout: first.stdout,
      stderr: first.stderr,
      isExact: bucket.isExact,
      isMajority,
      diff,
    };
  });
  return {
    groups,
    hostCount: results.length,
    isUnanimous: groups.length === 1 && groups[0]?.error === null,
    mode: kinds.length === 0 ? 'exact' : 'normalized',
  };
}

/** "node1, node3 — identical" / "node2 — differs": the title of a group as the view shows it. */
export function groupTitle(group: OutputGroup, nameOf: (hostId: string) => string): string {
  const names = group.hostIds.map(nameOf).join(', ');
  if (group.status === 'error')
    return `${names} — ${group.error ? hostErrorLabel(group.error.code) : 'error'}`;
  if (group.isMajority) {
    if (group.hostIds.length === 1) return `${names} — reference`;
    return `${names} — ${group.isExact ? 'identical' : 'identical ignoring volatile tokens'}`;
  }
  return `${names} — differs`;
}
