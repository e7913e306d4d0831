/**
 * `watch -d` for one host: which character cells changed since the previous run. procps-ng's
 * watch compares the screen cell by cell — row y, column x of the new output against the same
 * cell of the old one, a cell past a line's end reading as a blank — and highlights each cell
 * whose character differs. So `4` → `11` lights both cells, and a line that got shorter lights
 * the cells it no longer covers. `-d=cumulative` keeps every cell that ever changed lit.
 */

/** Columns [start, end) of one row, counted in characters (code points) after tab expansion. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One row of the new output and its lit cells; a span may run past `text` (cells now blank). */
export interface WatchLine {
  readonly text: string;
  readonly changed: readonly Span[];
}

/** Per row, every cell lit so far: what cumulative mode carries from one run to the next. */
export type WatchMarks = readonly (readonly Span[])[];

export interface WatchFrame {
  readonly lines: readonly WatchLine[];
  /** Cells lit in this frame (changed now, or ever in cumulative mode). */
  readonly litCells: number;
  /** Cells whose character differs from the previous run (0 on the first run). */
  readonly changedCells: number;
  /** Hand back as `marks` on the next run for cumulative highlighting. */
  readonly marks: WatchMarks;
}

export interface WatchDiffOptions {
  /** Like `watch -d=cumulative`: cells that changed in any earlier run stay lit. */
  readonly isCumulative?: boolean;
  /** The previous frame's `marks` (cumulative mode only). */
  readonly marks?: WatchMarks;
}

const TAB_WIDTH = 8;

/** A row's cells: the string itself when every character is one UTF-16 unit and no tab. */
type Cells = string | readonly string[];

const NEEDS_SPLIT = /[\t\uD800-\uDFFF]/;

function rawRows(text: string): string[] {
  const rows = text.split('\n');
  if (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows.map((row) => (row.endsWith('\r') ? row.slice(0, -1) : row));
}

function toCells(row: string): Cells {
  if (!NEEDS_SPLIT.test(row)) return row;
  const cells: string[] = [];
  for (const ch of row) {
    if (ch === '\t') {
      do cells.push(' ');
      while (cells.length % TAB_WIDTH !== 0);
    } else cells.push(ch);
  }
  return cells;
}

const cellsText = (cells: Cells) => (typeof cells === 'string' ? cells : cells.join(''));

/** The rows of an output as the terminal shows them: tabs expanded, no trailing empty row. */
export function screenRows(text: string): string[][] {
  return rawRows(text).map((row) => Array.from(toCells(row)));
}

function changedSpans(now: Cells, before: Cells): Span[] {
  const spans: Span[] = [];
  const width = Math.max(now.length, before.length);
  let start = -1;
  for (let x = 0; x < width; x++) {
    const isChanged = (now[x] ?? ' ') !== (before[x] ?? ' ');
    if (isChanged && start < 0) start = x;
    else if (!isChanged && start >= 0) {
      spans.push({ start, end: x });
      start = -1;
    }
  }
  if (start >= 0) spans.push({ start, end: width });
  return spans;
}

/** The union of two sorted span lists, merged where they touch. */
export function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const merged: Span[] = [];
  for (const span of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    } else merged.push(span);
  }
  return merged;
}

const width = (spans: readonly Span[]) => spans.reduce((n, s) => n + s.end - s.start, 0);

/**
 * Compares this run's output with the previous run's (null on the first run, which lights
 * nothing, as in watch) and returns each row with its lit cells.
 */
export function diffWatch(
  previous: string | null,
  current: string,
  options: WatchDiffOptions = {},
): WatchFrame {
  const now = rawRows(current);
  const before = previous === null ? null : rawRows(previous);
  const rowCount = Math.max(now.length, before?.length ?? 0);
  const lines: WatchLine[] = [];
  const marks: (readonly Span[])[] = [];
  let litCells = 0;
  let changedCells = 0;
  for (let y = 0; y < rowCount; y++) {
    const raw = now[y] ?? '';
    const old = before?.[y] ?? '';
    const cells = toCells(raw);
    // Most rows of a watched output do not change: equal text needs no cell walk.
    const changed = before === null || raw === old ? [] : changedSpans(cells, toCells(old));
    changedCells += width(changed);
    const previousMarks = options.marks?.[y] ?? [];
    const lit =
      options.isCumulative && previousMarks.length > 0
        ? mergeSpans(previousMarks, changed)
        : changed;
    litCells += width(lit);
    marks.push(lit);
    // Rows past the end of the new output stay only while they have lit (erased) cells.
    if (y < now.length || lit.length > 0) lines.push({ text: cellsText(cells), changed: lit });
  }
  return { lines, litCells, changedCells, marks };
}

/** A row cut into plain and lit pieces for display; lit cells past the text are blanks. */
export function rowSegments(line: WatchLine): { text: string; isLit: boolean }[] {
  const cells = Array.from(line.text);
  const end = Math.max(cells.length, ...line.changed.map((s) => s.end));
  const segments: { text: string; isLit: boolean }[] = [];
  let x = 0;
  const push = (to: number, isLit: boolean) => {
    if (to <= x) return;
    let text = cells.slice(x, Math.min(to, cells.length)).join('');
    text = text.padEnd(text.length + Math.max(0, to - Math.max(x, cells.length)), ' ');
    segments.push({ text, isLit });
    x = to;
  };
  for (const span of line.changed) {
    push(span.start, false);
    push(span.end, true);
  }
  push(end, false);
  return segments;
}

/** `watch`'s title line: `Every 2.0s: kubectl get pods`. */
export function watchTitle(intervalMs: number, command: string): string {
  return `Every ${(intervalMs / 1000).toFixed(1)}s: ${command}`;
}
