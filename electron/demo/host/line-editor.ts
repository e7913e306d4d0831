/**
 * The demo terminal's readline: a line buffer with a cursor and history that answers each edit
 * with the escape sequences a real readline would send, wrapped lines included. It only computes
 * text; the terminal decides where it goes.
 */

const ESC = '\u001b';

/** Cells a character takes on screen: 2 for CJK and Hangul, 1 otherwise (as wcwidth, roughly). */
export function cellWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  const isWide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return isWide ? 2 : 1;
}

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private readonly history: string[] = [];
  private historyIndex = 0;
  private draft: string[] = [];

  private prompt: string;

  constructor(
    private readonly primary: string,
    private cols: number,
  ) {
    this.prompt = primary;
  }

  get line(): string {
    return this.chars.join('');
  }

  setColumns(cols: number): void {
    this.cols = Math.max(2, cols);
  }

  /** A fresh, empty line: the prompt (or another, as bash's `> ` for a here-document's lines). */
  begin(prompt = this.primary): string {
    this.prompt = prompt;
    this.chars = [];
    this.cursor = 0;
    this.historyIndex = this.history.length;
    return this.prompt;
  }

  insert(text: string): string {
    const added = [...text];
    if (added.length === 0) return '';
    const atEnd = this.cursor === this.chars.length;
    const from = this.cellsTo(this.cursor);
    this.chars.splice(this.cursor, 0, ...added);
    this.cursor += added.length;
    const to = this.cellsTo(this.cursor);
    // Typing at the end of a line that does not reach the margin is a plain echo.
    if (atEnd && Math.floor(from / this.cols) === Math.floor(to / this.cols) && to % this.cols) {
      return text;
    }
    return this.redraw(from);
  }

  backspace(): string {
    if (this.cursor === 0) return '\u0007';
    const from = this.cellsTo(this.cursor);
    const removed = this.chars[this.cursor - 1] ?? '';
    this.chars.splice(this.cursor - 1, 1);
    this.cursor -= 1;
    if (this.cursor === this.chars.length && cellWidth(removed) === 1 && from % this.cols !== 0) {
      return `\b${ESC}[K`;
    }
    return this.redraw(from);
  }

  deleteForward(): string {
    if (this.cursor === this.chars.length) return '';
    const from = this.cellsTo(this.cursor);
    this.chars.splice(this.cursor, 1);
    return this.redraw(from);
  }

  left(): string {
    return this.moveCursor(Math.max(0, this.cursor - 1));
  }

  right(): string {
    return this.moveCursor(Math.min(this.chars.length, this.cursor + 1));
  }

  home(): string {
    return this.moveCursor(0);
  }

  end(): string {
    return this.moveCursor(this.chars.length);
  }

  /** Ctrl-U: kill from the start of the line to the cursor. */
  killToStart(): string {
    const from = this.cellsTo(this.cursor);
    this.chars.splice(0, this.cursor);
    this.cursor = 0;
    return this.redraw(from);
  }

  /** Ctrl-K: kill from the cursor to the end of the line. */
  killToEnd(): string {
    const from = this.cellsTo(this.cursor);
    this.chars.splice(this.cursor);
    return this.redraw(from);
  }

  /** Ctrl-W: kill the whitespace-delimited word before the cursor. */
  killWordBack(): string {
    const from = this.cellsTo(this.cursor);
    let start = this.cursor;
    while (start > 0 && this.chars[start - 1] === ' ') start--;
    while (start > 0 && this.chars[start - 1] !== ' ') start--;
    this.chars.splice(start, this.cursor - start);
    this.cursor = start;
    return this.redraw(from);
  }

  historyPrevious(): string {
    if (this.historyIndex === 0) return '\u0007';
    if (this.historyIndex === this.history.length) this.draft = [...this.chars];
    this.historyIndex -= 1;
    return this.replaceLine([...(this.history[this.historyIndex] ?? '')]);
  }

  historyNext(): string {
    if (this.historyIndex >= this.history.length) return '\u0007';
    this.historyIndex += 1;
    const next =
      this.historyIndex === this.history.length
        ? this.draft
        : [...(this.history[this.historyIndex] ?? '')];
    return this.replaceLine(next);
  }

  /** Ctrl-L: clear the screen and draw the line again at the top. */
  clearScreen(): string {
    return `${ESC}[H${ESC}[2J` + this.drawFromPromptStart();
  }

  /** Enter: the cursor goes below the line; returns what to print and the line to run. */
  accept(): { output: string; line: string } {
    const line = this.line;
    const output = this.moveTo(this.cellsTo(this.cursor), this.cellsTo(this.chars.length));
    // Like HISTCONTROL=ignoredups (Amazon Linux's default): no blank lines, no repeats.
    if (line.trim() !== '' && this.history.at(-1) !== line) this.history.push(line);
    this.historyIndex = this.history.length;
    return { output: `${output}\r\n`, line };
  }

  private replaceLine(next: string[]): string {
    const from = this.cellsTo(this.cursor);
    this.chars = next;
    this.cursor = next.length;
    return this.redraw(from);
  }

  private moveCursor(to: number): string {
    const from = this.cellsTo(this.cursor);
    this.cursor = to;
    return this.moveTo(from, this.cellsTo(to));
  }

  /** Cells from the start of the prompt to the character at `index`. */
  private cellsTo(index: number): number {
    let cells = this.prompt.length;
    for (let i = 0; i < index; i++) cells += cellWidth(this.chars[i] ?? '');
    return cells;
  }

  /** Moves the terminal's cursor between two cell offsets of the line being edited. */
  private moveTo(from: number, to: number): string {
    const up = Math.floor(from / this.cols) - Math.floor(to / this.cols);
    let out = '';
    if (up > 0) out += `${ESC}[${up}A`;
    else if (up < 0) out += `${ESC}[${-up}B`;
    const col = to % this.cols;
    if (col !== from % this.cols || up !== 0) out += col === 0 ? '\r' : `\r${ESC}[${col}C`;
    return out;
  }

  /** Redraws prompt and line from scratch; `from` is where the cursor is now. */
  private redraw(from: number): string {
    const up = Math.floor(from / this.cols);
    return (up > 0 ? `${ESC}[${up}A` : '') + '\r' + this.drawFromPromptStart();
  }

  private drawFromPromptStart(): string {
    const end = this.cellsTo(this.chars.length);
    // A line ending exactly at the margin leaves xterm waiting to wrap: make the wrap happen.
    const wrap = end % this.cols === 0 ? '\r\n' : '';
    const out = `${ESC}[J${this.prompt}${this.line}${wrap}`;
    return out + this.moveTo(end, this.cellsTo(this.cursor));
  }
}
