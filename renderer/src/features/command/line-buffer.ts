/**
 * A stream's output as lines, capped: the UI keeps the newest `maxLines` and counts what it
 * dropped, so `yes` or a long `tcpdump` cannot eat the page's memory.
 */
export interface LineBuffer {
  readonly lines: readonly string[];
  /** Text after the last newline: a line still being written (a prompt, ping's next reply). */
  readonly partial: string;
  /** How many lines were dropped from the start to stay under the cap. */
  readonly dropped: number;
}

export const EMPTY_BUFFER: LineBuffer = { lines: [], partial: '', dropped: 0 };

/** The lines a host's output keeps; older ones are dropped with a note. */
export const MAX_LINES = 20_000;
/** A "line" without a newline is broken here, so one endless line cannot grow forever. */
export const MAX_LINE_LENGTH = 16_384;

const ESC = String.fromCharCode(27);
/** CSI (colours, cursor moves), OSC (window titles) and two-character escapes. */
const ANSI = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${ESC}\\u0007]*(?:\\u0007|${ESC}\\\\)|${ESC}[@-Z\\\\-_]`,
  'g',
);
/** C0 controls other than tab and carriage return, and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f]/g;

/**
 * One line as a terminal would show it: escape sequences removed, a trailing CR (CRLF) dropped,
 * and each bare CR overwriting the start of the line as it would on screen (progress counters).
 */
export function cleanLine(raw: string): string {
  let line = raw.replace(ANSI, '');
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line.includes('\r')) {
    line = line.split('\r').reduce((shown, segment) => segment + shown.slice(segment.length));
  }
  return line.replace(CONTROLS, '');
}

/** The buffer with `text` appended: completed lines join `lines`, the rest stays partial. */
export function appendText(buffer: LineBuffer, text: string, maxLines = MAX_LINES): LineBuffer {
  if (text.length === 0) return buffer;
  const parts = (buffer.partial + text).split('\n');
  let partial = parts.pop() ?? '';
  const completed = parts.map(cleanLine);
  while (partial.length > MAX_LINE_LENGTH) {
    completed.push(cleanLine(partial.slice(0, MAX_LINE_LENGTH)));
    partial = partial.slice(MAX_LINE_LENGTH);
  }
  if (completed.length === 0) return { ...buffer, partial };
  return capped(buffer.lines.concat(completed), partial, buffer.dropped, maxLines);
}

/** The buffer once its stream ended: a last line without a newline becomes a line. */
export function finishBuffer(buffer: LineBuffer, maxLines = MAX_LINES): LineBuffer {
  if (buffer.partial.length === 0) return buffer;
  return capped(buffer.lines.concat(cleanLine(buffer.partial)), '', buffer.dropped, maxLines);
}

function capped(
  lines: readonly string[],
  partial: string,
  dropped: number,
  maxLines: number,
): LineBuffer {
  const over = lines.length - maxLines;
  if (over <= 0) return { lines, partial, dropped };
  return { lines: lines.slice(over), partial, dropped: dropped + over };
}

/** How many lines the view shows, counting a partial last line. */
export function lineCount(buffer: LineBuffer): number {
  return buffer.lines.length + (buffer.partial.length > 0 ? 1 : 0);
}

/** The line the view shows at `index` (0 = oldest kept). */
export function lineAt(buffer: LineBuffer, index: number): string {
  return buffer.lines[index] ?? (index === buffer.lines.length ? cleanLine(buffer.partial) : '');
}

/** Everything kept, as text (for copying and for the plain, non-virtual view). */
export function bufferText(buffer: LineBuffer): string {
  const partial = buffer.partial.length > 0 ? cleanLine(buffer.partial) : null;
  return partial === null ? buffer.lines.join('\n') : [...buffer.lines, partial].join('\n');
}
