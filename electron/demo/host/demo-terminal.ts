/**
 * The demo lab's interactive shell: a bash-like prompt with readline editing and history in
 * front of the demo shell. Keystrokes arrive as the raw bytes a terminal sends; output leaves
 * as a PTY would deliver it (`\n` → `\r\n`), held while the consumer has paused the channel, so
 * a paused `yes` stops within one chunk. Ctrl-C interrupts the running command like SIGINT.
 */
import type { ShellChannel, ShellSink, TerminalSize } from '../../hosts/host';
import { Gate, type Output } from '../shell/io';
import { hasOpenHeredoc } from '../shell/parse';
import { ShellRun, type ShellEnvironment } from '../shell/run';
import { LineEditor } from './line-editor';

export interface DemoTerminalOptions {
  /** The host's short name, as `\h` shows it in the prompt. */
  hostname: string;
  user: string;
  size: TerminalSize;
  /** The environment each command line runs in, for the terminal's current size. */
  environment: (size: TerminalSize) => ShellEnvironment;
  /** Printed once before the first prompt (the login banner). */
  banner?: string;
}

/** One key or control sequence from the terminal's input. */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  // eslint-disable-next-line no-control-regex -- escape sequences are what a terminal sends
  const pattern = /\u001b\[[0-9;?]*[@-~]|\u001bO.|\u001b.?|[\s\S]/gu;
  for (const match of data.matchAll(pattern)) keys.push(match[0]);
  return keys;
}

const SIGINT_STATUS = 130;

export class DemoTerminal implements ShellChannel {
  private readonly editor: LineEditor;
  private readonly gate = new Gate();
  private size: TerminalSize;
  private running: AbortController | undefined;
  /** Keys typed while a command runs; the next prompt reads them, as a tty's input queue. */
  private typeAhead = '';
  private hasEnded = false;
  private status = 0;
  /** The lines so far of a command whose here-document is still open. */
  private pending: string | undefined;

  constructor(
    private readonly options: DemoTerminalOptions,
    private readonly sink: ShellSink,
  ) {
    this.size = options.size;
    this.editor = new LineEditor(`[${options.user}@${options.hostname} ~]$ `, options.size.cols);
  }

  /** Prints the banner and the first prompt; call once the sink is ready for data. */
  start(): void {
    this.emit((this.options.banner ?? '') + this.editor.begin());
  }

  write(data: string): void {
    if (this.hasEnded) return;
    if (this.running) {
      this.whileRunning(data);
      return;
    }
    const keys = splitKeys(data);
    for (let i = 0; i < keys.length; i++) {
      if (this.hasEnded) return;
      if (this.running) {
        this.typeAhead += keys.slice(i).join('');
        return;
      }
      this.key(keys[i] ?? '');
    }
  }

  resize(size: TerminalSize): void {
    this.size = size;
    this.editor.setColumns(size.cols);
  }

  pause(): void {
    this.gate.pause();
  }

  resume(): void {
    this.gate.resume();
  }

  close(): void {
    this.end({ exitCode: null, signal: 'HUP' });
  }

  private key(key: string): void {
    const e = this.editor;
    switch (key) {
      case '\r':
      case '\n':
        return this.enter();
      case '\u0003': // Ctrl-C: abandon the line
        this.typeAhead = '';
        this.pending = undefined;
        return this.emit(`^C\r\n${e.begin()}`);
      case '\u0004': // Ctrl-D: end of input on an empty line, else delete forward
        if (e.line === '') return this.logout(this.status);
        return this.emit(e.deleteForward());
      case '\u007f':
      case '\b':
        return this.emit(e.backspace());
      case '\u0001':
      case '\u001b[H':
      case '\u001bOH':
      case '\u001b[1~':
        return this.emit(e.home());
      case '\u0005':
      case '\u001b[F':
      case '\u001bOF':
      case '\u001b[4~':
        return this.emit(e.end());
      case '\u0002':
      case '\u001b[D':
      case '\u001bOD':
        return this.emit(e.left());
      case '\u0006':
      case '\u001b[C':
      case '\u001bOC':
        return this.emit(e.right());
      case '\u0010':
      case '\u001b[A':
      case '\u001bOA':
        return this.emit(e.historyPrevious());
      case '\u000e':
      case '\u001b[B':
      case '\u001bOB':
        return this.emit(e.historyNext());
      case '\u001b[3~':
        return this.emit(e.deleteForward());
      case '\u0015':
        return this.emit(e.killToStart());
      case '\u000b':
        return this.emit(e.killToEnd());
      case '\u0017':
        return this.emit(e.killWordBack());
      case '\u000c':
        return this.emit(e.clearScreen());
      default:
        // Other control keys and escape sequences (Tab, F-keys, Alt-…) do nothing here.
        if (key.startsWith('\u001b') || (key.codePointAt(0) ?? 0) < 0x20) return;
        return this.emit(e.insert(key));
    }
  }

  private enter(): void {
    const accepted = this.editor.accept();
    this.emit(accepted.output);
    const line = this.pending === undefined ? accepted.line : `${this.pending}\n${accepted.line}`;
    if (hasOpenHeredoc(line)) {
      this.pending = line;
      return this.emit(this.editor.begin('> '));
    }
    this.pending = undefined;
    const words = line.trim().split(/\s+/);
    if (words[0] === '') return this.emit(this.editor.begin());
    if (words[0] === 'exit' || words[0] === 'logout') {
      const code = words[1] === undefined ? this.status : Number.parseInt(words[1], 10);
      return this.logout(Number.isNaN(code) ? 2 : code & 255);
    }
    void this.run(line, words[0] === 'watch');
  }

  private async run(line: string, isFullScreen: boolean): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    const { signal } = controller;
    // Like a PTY: newlines leave as CR LF, and a paused reader holds the writer.
    const out: Output = {
      write: async (text) => {
        if (signal.aborted || this.hasEnded || text.length === 0) return;
        this.sink.data(text.replace(/\r?\n/g, '\r\n'));
        await this.gate.wait(signal);
      },
    };
    // watch is a curses program: it draws on the alternate screen and restores the shell's.
    if (isFullScreen) this.emit('\u001b[?1049h\u001b[H');
    try {
      this.status = await new ShellRun(this.options.environment(this.size), signal).run(
        line,
        out,
        out,
      );
    } catch (cause) {
      this.status = 1;
      this.emit(`-bash: ${cause instanceof Error ? cause.message : String(cause)}\r\n`);
    }
    if (this.hasEnded) return;
    if (isFullScreen) this.emit('\u001b[?1049l');
    if (signal.aborted) this.status = SIGINT_STATUS;
    this.running = undefined;
    this.emit(this.editor.begin());
    const queued = this.typeAhead;
    this.typeAhead = '';
    if (queued) this.write(queued);
  }

  private whileRunning(data: string): void {
    const interrupt = data.lastIndexOf('\u0003');
    if (interrupt === -1) {
      this.typeAhead += data;
      return;
    }
    // SIGINT flushes the tty's input queue: what was typed before Ctrl-C is dropped.
    this.typeAhead = data.slice(interrupt + 1);
    this.emit('^C\r\n');
    this.running?.abort();
    this.gate.release();
  }

  private logout(exitCode: number): void {
    this.emit('logout\r\n');
    this.end({ exitCode });
  }

  private end(result: { exitCode: number | null; signal?: string }): void {
    if (this.hasEnded) return;
    this.hasEnded = true;
    this.running?.abort();
    this.gate.release();
    this.sink.end(result);
  }

  private emit(text: string): void {
    if (!this.hasEnded && text.length > 0) this.sink.data(text);
  }
}
