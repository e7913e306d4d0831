/**
 * The plumbing between simulated commands: pipes with back-pressure, and the gate that holds
 * every producer of a stream while its consumer has paused it.
 */

/** Where a command writes. `write` resolves once the output may continue (flow control). */
export interface Output {
  write(text: string): Promise<void>;
}

/** Where a command reads its standard input from. */
export interface Input {
  /** Chunks as they arrive, until the writer closes. */
  chunks(): AsyncIterable<string>;
  readAll(): Promise<string>;
  /** The reader needs no more input (`head` is done): the writer gets SIGPIPE. */
  close(): void;
}

/** Holds producers while the stream's consumer is paused. */
export class Gate {
  private isPaused = false;
  private waiters: (() => void)[] = [];

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    this.release();
  }

  /** Wakes everyone waiting, e.g. because the command was cancelled. */
  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  wait(signal: AbortSignal): Promise<void> {
    if (!this.isPaused || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** A pipe buffers this much before its writer has to wait for the reader. */
const PIPE_CAPACITY = 64 * 1024;

/**
 * An in-memory pipe between two stages of a pipeline. Writes beyond its capacity wait for the
 * reader, like a kernel pipe; once the reader closes, writes are dropped and `onBroken` tells
 * the writer's stage to end (SIGPIPE).
 */
export class Pipe implements Output, Input {
  private buffer: string[] = [];
  private buffered = 0;
  private isClosed = false;
  private isBroken = false;
  private readerWake: (() => void) | undefined;
  private writerWakes: (() => void)[] = [];

  constructor(private readonly onBroken: () => void) {}

  async write(text: string): Promise<void> {
    if (this.isBroken || this.isClosed || text.length === 0) return;
    this.buffer.push(text);
    this.buffered += text.length;
    this.wakeReader();
    if (this.buffered > PIPE_CAPACITY) {
      await new Promise<void>((resolve) => this.writerWakes.push(resolve));
    }
  }

  /** The writer is done: the reader sees end of input after the buffered text. */
  end(): void {
    this.isClosed = true;
    this.wakeReader();
  }

  close(): void {
    if (this.isBroken) return;
    this.isBroken = true;
    this.buffer = [];
    this.buffered = 0;
    this.wakeWriters();
    this.onBroken();
  }

  async *chunks(): AsyncIterable<string> {
    for (;;) {
      const chunk = this.buffer.shift();
      if (chunk !== undefined) {
        this.buffered -= chunk.length;
        if (this.buffered <= PIPE_CAPACITY) this.wakeWriters();
        yield chunk;
        continue;
      }
      if (this.isClosed || this.isBroken) return;
      await new Promise<void>((resolve) => (this.readerWake = resolve));
    }
  }

  async readAll(): Promise<string> {
    let all = '';
    for await (const chunk of this.chunks()) all += chunk;
    return all;
  }

  private wakeReader(): void {
    const wake = this.readerWake;
    this.readerWake = undefined;
    wake?.();
  }

  private wakeWriters(): void {
    const wakes = this.writerWakes;
    this.writerWakes = [];
    for (const wake of wakes) wake();
  }
}

/** Standard input of a command that has none: reads as empty. */
export const EMPTY_INPUT: Input = stringInput('');

/** Input from a string (a here-string, the output of a finished command). */
export function stringInput(text: string): Input {
  const items = text ? [text] : [];
  return {
    chunks: () => ({
      [Symbol.asyncIterator]: () => {
        let i = 0;
        return {
          next: () =>
            Promise.resolve(
              i < items.length
                ? { done: false as const, value: items[i++] ?? '' }
                : { done: true as const, value: undefined },
            ),
        };
      },
    }),
    readAll: () => Promise.resolve(text),
    close: () => undefined,
  };
}

/** Splits chunks into whole lines (without their newline); a last partial line comes at the end. */
export async function* lines(input: Input): AsyncIterable<string> {
  let rest = '';
  for await (const chunk of input.chunks()) {
    rest += chunk;
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest) yield rest;
}

/** Resolves after `ms`, or early when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
