/**
 * Finds the commands typed into an interactive terminal, for the journal: the line the user
 * submitted with Enter, after the local editing kubelab can follow (printable keys, backspace,
 * Ctrl-U, Ctrl-W, pastes), with the output that followed until the next submitted line.
 *
 * What cannot be followed is never guessed: a line touched by history recall (↑/↓, Ctrl-R), Tab
 * completion or cursor movement is reported as such, and so are keys typed into a full-screen
 * program (the alternate screen). Input typed after a password prompt, or that the terminal did
 * not echo back, is withheld: the journal gets a note, never the text.
 */
import { MAX_OUTPUT_CHARS, boundOutput } from '../../shared/model/runbook/journal';
import { PASTE_END, PASTE_START, UNFOLLOWABLE, escapeAt, escapeMeaning } from './terminal-keys';
import { cookTerminalText, holdsInOrder, isSecretPrompt, splitAltScreen } from './terminal-text';

/** What the tracker hands to the journal. */
export type TerminalRecord =
  | {
      kind: 'command';
      command: string;
      at: Date;
      end: Date;
      output: string;
      /** Output characters past the bound, dropped. */
      dropped: number;
      /** More output of the command written before, after the terminal had been quiet. */
      isContinued: boolean;
    }
  | { kind: 'note'; at: Date; text: string };

export interface TrackerOptions {
  emit(record: TerminalRecord): void;
  now?: () => Date;
  /** Quiet time after which the command so far is written (later output follows as a continuation). */
  idleMs?: number;
  maxOutput?: number;
}

interface Typed {
  command: string;
  at: Date;
}

interface Running extends Typed {
  /** Lines typed ahead, before any output of this one arrived: their output is in `raw` too. */
  ahead: Typed[];
  end: Date;
  /** Raw output since the line's first key (its echo included), bounded. */
  raw: string;
  rawDropped: number;
  /** The prompt line shown before the first key: dropped again from the end of the output. */
  prompt: string;
  hasFullScreen: boolean;
  /** Part of the output was already written (idle); what follows is a continuation. */
  isWritten: boolean;
  /** Not echoed: nothing of it, not even later output, is journaled. */
  isWithheld: boolean;
  /** Output up to the next newline is dropped: the (possible) echo of a withheld secret. */
  isSkippingLine: boolean;
}

/** Echo kept for the line being typed; an echo longer than this is not needed to recognise it. */
const MAX_ECHO = 8192;

export class TerminalLineTracker {
  private line = '';
  private isLineStarted = false;
  /** Why the current line is not known exactly, when it is not. */
  private unknown: string | undefined;
  /** The last line shown when the current line's first key was typed. */
  private promptBefore = '';
  /** Output since the current line's first key: its echo. */
  private echo = '';
  /** Where the current line's echo starts in the running command's output. */
  private echoStart = 0;
  private tail = '';
  private isFullScreen = false;
  private running: Running | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  private readonly idleMs: number;
  private readonly max: number;

  constructor(private readonly options: TrackerOptions) {
    this.now = options.now ?? (() => new Date());
    this.idleMs = options.idleMs ?? 3000;
    this.max = options.maxOutput ?? MAX_OUTPUT_CHARS;
  }

  /** Keys the user typed (or pasted) into the terminal. */
  input(data: string): void {
    let s = data;
    while (s.length > 0) {
      if (s.startsWith(PASTE_START) || s.startsWith(PASTE_END)) {
        s = s.slice(PASTE_START.length);
        continue;
      }
      const ch = s[0] ?? '';
      if (ch === '\u001b') {
        const seq = escapeAt(s);
        s = s.slice(seq.length);
        if (!this.isFullScreen) {
          this.startLine();
          this.unknown ??= escapeMeaning(seq);
        }
        continue;
      }
      s = s.slice(1);
      if (!this.isFullScreen) this.key(ch);
    }
  }

  /** Output the terminal showed the user. */
  output(data: string): void {
    const { pieces, isOn } = splitAltScreen(data, this.isFullScreen);
    if (isOn !== this.isFullScreen || pieces.some((p) => !p.isNormal)) this.resetLine();
    this.isFullScreen = isOn;
    const r = this.running;
    for (const piece of pieces) {
      if (!piece.isNormal) {
        if (r) r.hasFullScreen = true;
        continue;
      }
      this.tail = (this.tail + piece.text).slice(-2048);
      if (this.isLineStarted && this.echo.length < MAX_ECHO) this.echo += piece.text;
      if (r) this.appendRaw(r, piece.text);
    }
    if (r === undefined) return;
    r.end = this.now();
    this.armIdle();
  }

  /** The terminal ended: what is pending is written. */
  end(): void {
    this.finish();
  }

  private startLine(): void {
    if (this.isLineStarted) return;
    this.isLineStarted = true;
    this.promptBefore = this.lastShownLine();
    this.echo = '';
    this.echoStart = this.running?.raw.length ?? 0;
  }

  private key(ch: string): void {
    if (ch === '\r' || ch === '\n') return this.submit();
    this.startLine();
    switch (ch) {
      case '\u007f':
      case '\b':
        this.line = Array.from(this.line).slice(0, -1).join('');
        return;
      case '\u0015': // Ctrl-U: readline kills back to the start of the line.
        this.line = '';
        return;
      case '\u0017': // Ctrl-W: the word before the cursor, and the spaces after it.
        this.line = this.line.replace(/\S*\s*$/, '');
        return;
      case '\u0003': // Ctrl-C and Ctrl-Z abandon the line.
      case '\u001a':
        this.resetLine();
        return;
      case '\u0004': // Ctrl-D ends input on an empty line; at the end of one it changes nothing.
        if (this.line === '') this.resetLine();
        return;
      case '\u000c': // Ctrl-L redraws; the line stays.
        return;
    }
    const meaning = UNFOLLOWABLE[ch];
    if (meaning !== undefined) this.unknown ??= meaning;
    else if (ch >= ' ') this.line += ch;
  }

  private resetLine(): void {
    this.line = '';
    this.unknown = undefined;
    this.isLineStarted = false;
    this.echo = '';
  }

  private submit(): void {
    this.startLine();
    const { line, unknown, promptBefore: prompt, echo } = this;
    const echoStart = this.echoStart;
    this.resetLine();
    const at = this.now();
    const r = this.running;
    if (unknown !== undefined) {
      this.finish(echoStart);
      this.options.emit({
        kind: 'note',
        at,
        text: `A terminal line edited with ${unknown} was run; kubelab cannot know its text, so neither it nor its output is journaled.`,
      });
      return;
    }
    if (line.trim() === '') return;
    if (isSecretPrompt(prompt)) {
      if (r !== undefined) {
        // Whatever the terminal echoed of the secret is cut, and so is the rest of its line.
        r.raw = r.raw.slice(0, echoStart);
        r.isSkippingLine = true;
      }
      this.options.emit({
        kind: 'note',
        at,
        text: `Input typed at a password prompt (“${prompt.trim().slice(-80)}”) was withheld from the journal.`,
      });
      return;
    }
    if (r !== undefined && r.raw === '' && !r.isWritten && !r.hasFullScreen) {
      // Typed ahead (a paste of several lines): the output will tell where each one's begins.
      r.ahead.push({ command: line, at });
      return;
    }
    this.finish(echoStart);
    this.running = {
      command: line,
      ahead: [],
      at,
      end: at,
      raw: '',
      rawDropped: 0,
      prompt,
      hasFullScreen: false,
      isWritten: false,
      isWithheld: false,
      isSkippingLine: false,
    };
    // The echo typed before Enter, if any arrived yet, starts the new command's output.
    this.appendRaw(this.running, echo);
    this.armIdle();
  }

  private appendRaw(r: Running, data: string): void {
    let text = data;
    if (r.isSkippingLine) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      r.isSkippingLine = false;
      text = text.slice(nl);
    }
    const room = Math.max(0, 2 * this.max - r.raw.length);
    r.raw += text.slice(0, room);
    r.rawDropped += Math.max(0, text.length - room);
  }

  private armIdle(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.writeSoFar(), this.idleMs);
    this.timer.unref();
  }

  /** The terminal has been quiet: what the command printed so far goes to the journal now. */
  private writeSoFar(): void {
    const r = this.running;
    if (r === undefined || this.isLineStarted) return;
    if (r.isWritten && r.raw === '' && !r.hasFullScreen) return;
    this.write(r);
    r.isWritten = true;
    r.raw = '';
    r.rawDropped = 0;
    r.hasFullScreen = false;
  }

  /** Writes the running command; its output from `cut` on is the next line's echo, not its own. */
  private finish(cut?: number): void {
    clearTimeout(this.timer);
    const r = this.running;
    this.running = undefined;
    if (r === undefined) return;
    if (cut !== undefined) r.raw = r.raw.slice(0, cut);
    if (!(r.isWritten && r.raw === '' && !r.hasFullScreen)) this.write(r);
  }

  private write(r: Running): void {
    if (r.isWithheld) return;
    const lines = cookTerminalText(r.raw).split('\n');
    // Where each typed line's echo is: the first on the first line, each one typed ahead on the
    // first later line ending with it. A line with no echo was hidden by the terminal.
    const parts: { typed: Typed; from: number }[] = [];
    if (r.isWritten) parts.push({ typed: r, from: 0 });
    else if (holdsInOrder(lines[0] ?? '', r.command)) parts.push({ typed: r, from: 1 });
    else this.withheld(r);
    let at = 1;
    for (const typed of r.ahead) {
      const j = lines.findIndex((l, i) => i >= at && l.trimEnd().endsWith(typed.command.trim()));
      if (j < 0) {
        this.withheld(typed);
        continue;
      }
      parts.push({ typed, from: j + 1 });
      at = j + 1;
    }
    if (parts.length === 0) {
      r.isWithheld = true;
      return;
    }
    parts.forEach((part, i) => {
      const next = parts[i + 1];
      // A later line's echo ends the output before it (its prompt included).
      const mine = lines.slice(part.from, next === undefined ? undefined : next.from - 1);
      if (next === undefined && mine.at(-1)?.trimEnd() === r.prompt.trimEnd()) mine.pop();
      this.emitCommand(r, part.typed, mine.join('\n'), i === 0 && r.isWritten);
    });
    const last = parts.at(-1)?.typed ?? r;
    // What follows belongs to the last line run.
    r.command = last.command;
    r.at = last.at;
    r.ahead = [];
  }

  private withheld(typed: Typed): void {
    this.options.emit({
      kind: 'note',
      at: typed.at,
      text: 'A terminal line was not echoed back (echo off, as at a password prompt): it and its output were withheld from the journal.',
    });
  }

  private emitCommand(r: Running, typed: Typed, output: string, isContinued: boolean): void {
    let text = output;
    if (r.hasFullScreen)
      text += `${text === '' ? '' : '\n'}[full-screen program: its screens and keys are not journaled]`;
    const bounded = boundOutput(text, this.max);
    this.options.emit({
      kind: 'command',
      command: typed.command,
      at: typed.at,
      end: r.end,
      output: bounded.text,
      dropped: bounded.dropped + r.rawDropped,
      isContinued,
    });
  }

  private lastShownLine(): string {
    return cookTerminalText(this.tail).split('\n').at(-1) ?? '';
  }
}
