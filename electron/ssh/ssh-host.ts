/**
 * A host reached over SSH, behind the same `Host` interface as the demo lab's hosts. Every
 * exec, stream and shell is a channel on the target's pooled connection. Cancelling, a timeout
 * or a lost connection ends the remote process: streams run on a PTY (a closed channel hangs the
 * session up) and every command's process group is killed from a second channel.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ConnectionState } from '../../shared/model/workspace';
import {
  HostUnavailableError,
  type ByteStreamSink,
  type ExecOptions,
  type Host,
  type HostDescription,
  type HostExecResult,
  type ShellChannel,
  type ShellOptions,
  type ShellSink,
  type StateListener,
  type StreamControl,
  type StreamOptions,
  type StreamSink,
} from '../hosts/host';
import type { ChannelExit, SshChannel } from './connection';
import { abortError, withinMs } from './limiter';
import type { PooledConnection, SshPool } from './pool';
import { PidLineReader, killCommand, withPidLine } from './remote-process';
import type { SshTarget } from './types';

/** An exec that prints more than this is ended (a flood such as `yes` has no end). */
export const EXEC_OUTPUT_LIMIT = 8 * 1024 * 1024;

/** The PTY streams run on: wide enough that `watch` and `ip` output do not wrap. */
/** How long a stopped exec waits for its pid line before closing the channel without a kill. */
const PID_LINE_GRACE_MS = 1000;

/** How long a stop waits for the remote kill to report the processes gone. */
const KILL_WAIT_MS = 5000;

const STREAM_PTY = { cols: 200, rows: 50, term: 'xterm-256color' };

function lostConnection(host: string): HostUnavailableError {
  return new HostUnavailableError('unreachable', `the connection to ${host} was lost`);
}

export class SshHost implements Host {
  private readonly pooled: PooledConnection;
  /** Process groups whose channel died with the connection: ended once it is back. */
  private readonly orphans = new Set<number>();

  constructor(
    readonly description: HostDescription,
    readonly target: SshTarget,
    pool: SshPool,
  ) {
    this.pooled = pool.connection(target);
    this.pooled.onState((state) => {
      if (state.kind === 'connected' && this.orphans.size > 0) {
        const pgids = [...this.orphans];
        this.orphans.clear();
        void this.kill(pgids);
      }
    });
  }

  state(): ConnectionState {
    return this.pooled.state();
  }

  onState(listener: StateListener): () => void {
    return this.pooled.onState(listener);
  }

  /** Connects now (instead of on first use); rejects with `HostUnavailableError`. */
  async connect(): Promise<void> {
    await this.pooled.acquire();
  }

  /**
   * Ends the given remote process groups from a separate channel; resolves once they are gone
   * (see killCommand), or once the groups are kept as orphans for the next connection.
   */
  async kill(pgids: readonly number[]): Promise<void> {
    if (pgids.length === 0) return;
    try {
      const channel = await this.pooled.openSession((c) => c.exec(killCommand(pgids)));
      channel.stdout.resume();
      channel.stderr.resume();
      await new Promise<void>((resolve) => channel.onClose(() => resolve()));
    } catch {
      for (const pgid of pgids) this.orphans.add(pgid);
    }
  }

  /** Closes the channel and kills its process group; resolves when the processes are gone. */
  private end(channel: SshChannel, reader: PidLineReader): Promise<void> {
    channel.close();
    if (reader.pgid === undefined) return Promise.resolve();
    // A dead connection never answers: the group is then an orphan, killed on reconnect.
    return withinMs(this.kill([reader.pgid]), KILL_WAIT_MS);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<HostExecResult> {
    const started = performance.now();
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    const channel = await this.pooled.openSession((c) => c.exec(withPidLine(command)), signal);
    // Nothing is typed into an exec: a command that reads stdin gets EOF instead of hanging.
    channel.end();
    const reader = new PidLineReader();
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let stdout = '';
    let stderr = '';
    let ending: 'abort' | 'timeout' | 'overflow' | undefined;
    let pidWait: ReturnType<typeof setTimeout> | undefined;
    let giveUp: (exit: ChannelExit) => void = () => undefined;
    const givenUp = new Promise<ChannelExit>((resolve) => (giveUp = resolve));
    const stop = (why: 'abort' | 'timeout' | 'overflow') => {
      if (ending) return;
      ending = why;
      if (reader.pgid !== undefined) return void this.end(channel, reader);
      // No pid line yet: the login shell has not reached the command (a hung rc file, a slow
      // sudo). Give the line a moment so the group can be killed; then stop waiting: sshd
      // confirms the close only when that shell exits, which may be never.
      pidWait = setTimeout(() => {
        void this.end(channel, reader);
        giveUp({ exitCode: null });
      }, PID_LINE_GRACE_MS);
    };
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    // Aborted while the channel was opening: the listener above will never fire.
    if (signal?.aborted) stop('abort');
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop('timeout'), options.timeoutMs);
    const overflowed = () =>
      stdout.length + stderr.length > EXEC_OUTPUT_LIMIT && (stop('overflow'), true);
    channel.stdout.on('data', (chunk: Buffer) => {
      const hadPgid = reader.pgid !== undefined;
      const text = reader.push(out.write(chunk));
      // A stop requested before the pid line arrived is carried out now that it has.
      if (!hadPgid && reader.pgid !== undefined && ending) void this.end(channel, reader);
      if (!overflowed()) stdout += text;
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      if (!overflowed()) stderr += err.write(chunk);
    });
    const exit = await Promise.race([
      new Promise<ChannelExit>((resolve) => channel.onClose(resolve)),
      givenUp,
    ]);
    if (timer) clearTimeout(timer);
    if (pidWait) clearTimeout(pidWait);
    signal?.removeEventListener('abort', onAbort);
    stdout += reader.push(out.end()) + reader.flush();
    stderr += err.end();
    const durationMs = performance.now() - started;
    if (ending === 'abort') throw abortError();
    if (ending === 'timeout') return { exitCode: null, signal: 'TERM', stdout, stderr, durationMs };
    if (ending === 'overflow') {
      stderr += `kubelab: output cut off after ${EXEC_OUTPUT_LIMIT} characters\n`;
      return { exitCode: null, signal: 'PIPE', stdout, stderr, durationMs };
    }
    if (exit.isLost) {
      if (reader.pgid !== undefined) this.orphans.add(reader.pgid);
      throw lostConnection(this.description.name);
    }
    return {
      exitCode: exit.exitCode,
      ...(exit.signal ? { signal: exit.signal } : {}),
      stdout,
      stderr,
      durationMs,
    };
  }

  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl {
    return this.openStream(command, 'utf8', (text) => sink.data(text), sink, options.signal);
  }

  streamBytes(command: string, sink: ByteStreamSink, options: StreamOptions): StreamControl {
    // A raw PTY passes bytes as they are (no \n → \r\n) yet still hangs the command up on close.
    return this.openStream(
      `stty raw -echo 2>/dev/null\n${command}`,
      'latin1',
      (text) => sink.data(Buffer.from(text, 'latin1')),
      sink,
      options.signal,
    );
  }

  /** `latin1` maps bytes to characters one to one, so the pid line is read the same way. */
  private openStream(
    command: string,
    encoding: 'utf8' | 'latin1',
    data: (text: string) => void,
    sink: Pick<StreamSink, 'end'>,
    signal: AbortSignal,
  ): StreamControl {
    let channel: SshChannel | undefined;
    let isPaused = false;
    let isEnded = false;
    const reader = new PidLineReader();
    const finish = (result: Parameters<StreamSink['end']>[0]) => {
      if (isEnded) return;
      isEnded = true;
      signal.removeEventListener('abort', onAbort);
      sink.end(result);
    };
    // A stopped stream ends for its sink once its processes are gone, so "stopped" is true on
    // the host when the caller hears it (the channel's own close is not waited for then).
    const onAbort = () => {
      void (channel ? this.end(channel, reader) : Promise.resolve()).then(() =>
        finish({ exitCode: null, signal: 'TERM' }),
      );
    };
    if (signal.aborted) {
      queueMicrotask(onAbort);
      return { pause: () => undefined, resume: () => undefined };
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.pooled
      .openSession((c) => c.exec(withPidLine(command), STREAM_PTY), signal)
      .then((opened) => {
        channel = opened;
        if (signal.aborted) return void this.end(opened, reader);
        const decoder = new StringDecoder(encoding);
        opened.stdout.on('data', (chunk: Buffer) => {
          const hadPgid = reader.pgid !== undefined;
          const text = reader.push(decoder.write(chunk));
          // Cancelled before the pid line came: kill the group now that it is known (once).
          if (signal.aborted && !hadPgid && reader.pgid !== undefined)
            void this.end(opened, reader);
          if (text && !isEnded) data(text);
        });
        opened.stderr.resume();
        if (isPaused) opened.stdout.pause();
        opened.onClose((exit) => {
          if (signal.aborted) return;
          const rest = reader.push(decoder.end()) + reader.flush();
          if (rest && !isEnded) data(rest);
          if (exit.isLost) {
            if (reader.pgid !== undefined) this.orphans.add(reader.pgid);
            const error = lostConnection(this.description.name);
            finish({ exitCode: null, error: { code: error.code, message: error.message } });
          } else
            finish({ exitCode: exit.exitCode, ...(exit.signal ? { signal: exit.signal } : {}) });
        });
      })
      .catch((error: unknown) => {
        if (signal.aborted) return finish({ exitCode: null, signal: 'TERM' });
        const e =
          error instanceof HostUnavailableError
            ? error
            : new HostUnavailableError('internal', String(error));
        finish({ exitCode: null, error: { code: e.code, message: e.message } });
      });
    return {
      // Pausing the channel's stream stops reading it, so ssh2 stops widening the SSH window
      // and the remote process blocks on write: real backpressure, not a buffer.
      pause: () => {
        isPaused = true;
        channel?.stdout.pause();
      },
      resume: () => {
        isPaused = false;
        channel?.stdout.resume();
      },
    };
  }

  async shell(options: ShellOptions, sink: ShellSink): Promise<ShellChannel> {
    const term = options.term ?? 'xterm-256color';
    const { cols, rows } = options.size;
    let channel: SshChannel;
    try {
      channel = await this.pooled.openSession((c) => c.shell({ cols, rows, term }));
    } catch (error) {
      if (error instanceof HostUnavailableError) throw error;
      throw new HostUnavailableError(
        'internal',
        `cannot open a shell on ${this.description.name}: ${String(error)}`,
      );
    }
    const decoder = new StringDecoder('utf8');
    channel.stdout.on('data', (chunk: Buffer) => sink.data(decoder.write(chunk)));
    channel.stderr.on('data', (chunk: Buffer) => sink.data(decoder.write(chunk)));
    channel.onClose((exit) => {
      const rest = decoder.end();
      if (rest) sink.data(rest);
      if (exit.isLost) {
        const error = lostConnection(this.description.name);
        sink.end({ exitCode: null, error: { code: error.code, message: error.message } });
      } else sink.end({ exitCode: exit.exitCode, ...(exit.signal ? { signal: exit.signal } : {}) });
    });
    return {
      write: (data) => channel.write(data),
      resize: (size) => {
        // A resize racing the shell's exit must not throw into the terminal view.
        try {
          channel.resize(size.cols, size.rows);
        } catch {
          // the channel is already closed
        }
      },
      pause: () => channel.stdout.pause(),
      resume: () => channel.stdout.resume(),
      close: () => channel.close(),
    };
  }
}
