/**
 * This machine as a host, behind the same `Host` interface as SSH and demo hosts: the user's own
 * `kubectl` (and `minikube`, `aws`) run here exactly as typed, through `/bin/sh -c`. Every command
 * line is a process group of its own; a cancel, a timeout or an output flood ends the whole group
 * and is reported once nothing of it is left running.
 *
 * A transport (`minikube ssh -n NODE -- …`, see minikube-host.ts) is a `wrap` of the command line:
 * the collectors above still just call `exec` and `stream`.
 */
import type { ChildProcess } from 'node:child_process';
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
  type StateListener,
  type StreamControl,
  type StreamOptions,
  type StreamSink,
} from './host';
import { abortError } from '../ssh/limiter';
import { EXEC_OUTPUT_LIMIT } from '../ssh/ssh-host';
import { withPidLine } from '../ssh/remote-process';
import { endGroup, signalName, spawnLine } from './local-host-process';
import { killRemoteGroup, PidPrefix } from './local-host-remote';

/** The id and name the local machine has as a host (in warnings, sources, the CLI). */
export const LOCAL_HOST_ID = 'local';

export interface LocalHostOptions {
  /** Turns a command line into the line run here: how a transport carries it (default: as is). */
  wrap?: (command: string) => string;
  /** The environment of every command (default: kubelab's own, so PATH and KUBECONFIG hold). */
  env?: NodeJS.ProcessEnv;
  /**
   * The wrapped command runs on another machine: each line reports its process group there
   * first, and a stop ends that group there too, through the same wrap (see local-host-remote).
   */
  isRemote?: boolean;
}

/** Why a terminal cannot be opened here; kept in one place so the UI and CLI show the same. */
export const LOCAL_SHELL_UNSUPPORTED =
  'terminals are not supported on hosts run from this machine (the local host, minikube ssh ' +
  'nodes): an interactive shell needs a pseudo-terminal (the native node-pty module), which ' +
  'this kubelab does not include. Lab commands, watches and captures work; for a shell, use ' +
  'your own terminal.';

type End = Parameters<StreamSink['end']>[0];

export class LocalHost implements Host {
  /** Aborted by `close`: every command's signal follows it. */
  private readonly closing = new AbortController();
  /** What is still running, settled once its process group is gone. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    readonly description: HostDescription,
    private readonly options: LocalHostOptions = {},
  ) {}

  /**
   * Ends every command still running here, as closing an SSH pool ends its channels, and
   * resolves once their process groups are gone. A closed host starts nothing new.
   */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.running]);
  }

  private follow(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => this.running.delete(work);
    work.then(done, done);
    return work;
  }

  /** This machine as the host that runs kubectl (role operator: it answers the cluster-wide sources). */
  static machine(options: LocalHostOptions = {}): LocalHost {
    return new LocalHost(
      { id: LOCAL_HOST_ID, name: 'this machine', role: 'operator', address: 'localhost', tags: [] },
      options,
    );
  }

  state(): ConnectionState {
    return { kind: 'connected' };
  }

  onState(_listener: StateListener): () => void {
    // Nothing to connect: the state never changes.
    return () => undefined;
  }

  private start(command: string): { child: ChildProcess; prefix?: PidPrefix } {
    const { wrap, isRemote, env } = this.options;
    const remote = isRemote && wrap ? wrap : undefined;
    const line = remote ? remote(withPidLine(command)) : wrap ? wrap(command) : command;
    return { child: spawnLine(line, env), ...(remote ? { prefix: new PidPrefix() } : {}) };
  }

  /** Ends a command: its group on the far side first (if any), then the local group. */
  private async end(child: ChildProcess, prefix: PidPrefix | undefined): Promise<void> {
    const { wrap, env } = this.options;
    const pgid = prefix ? await prefix.known() : undefined;
    if (wrap && pgid !== undefined) await killRemoteGroup(wrap, pgid, env);
    if (child.pid !== undefined) await endGroup(child.pid);
  }

  exec(command: string, options: ExecOptions = {}): Promise<HostExecResult> {
    return this.track(this.run(command, { ...options, signal: this.follow(options.signal) }));
  }

  private async run(command: string, options: ExecOptions): Promise<HostExecResult> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    const started = performance.now();
    const { child, prefix } = this.start(command);
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    let stdout = '';
    let stderr = '';
    let ending: 'abort' | 'timeout' | 'overflow' | undefined;
    let stopped: Promise<void> | undefined;
    let giveUp: () => void = () => undefined;
    const givenUp = new Promise<void>((resolve) => (giveUp = resolve));
    const stop = (why: 'abort' | 'timeout' | 'overflow') => {
      if (ending) return;
      ending = why;
      stopped = this.end(child, prefix).then(() => {
        // A process that left the group (a daemon) may still hold the pipes: stop reading them.
        child.stdout?.destroy();
        child.stderr?.destroy();
        giveUp();
      });
    };
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop('timeout'), options.timeoutMs);
    // Output is kept up to the limit exactly; past it the command is ended.
    const take = (text: string, into: 'stdout' | 'stderr') => {
      if (ending) return;
      const room = EXEC_OUTPUT_LIMIT - stdout.length - stderr.length;
      const kept = text.length > room ? text.slice(0, room) : text;
      if (into === 'stdout') stdout += kept;
      else stderr += kept;
      if (kept.length < text.length) stop('overflow');
    };
    child.stdout?.on('data', (chunk: Buffer) =>
      take(out.write(prefix ? prefix.push(chunk) : chunk), 'stdout'),
    );
    child.stderr?.on('data', (chunk: Buffer) => take(err.write(chunk), 'stderr'));
    let exit: { code: number | null; signal: NodeJS.Signals | null } | { error: Error };
    try {
      exit = await Promise.race([
        new Promise<typeof exit>((resolve) => {
          child.once('error', (error) => resolve({ error }));
          child.once('close', (code, sig) => resolve({ code, signal: sig }));
        }),
        // A stop is over once the group is gone, even if an escaped process keeps a pipe open.
        givenUp.then(() => ({ code: null, signal: 'SIGTERM' as const })),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (stopped) await stopped;
    take(out.write(prefix?.flush() ?? Buffer.alloc(0)) + out.end(), 'stdout');
    take(err.end(), 'stderr');
    const durationMs = performance.now() - started;
    if ('error' in exit)
      throw new HostUnavailableError(
        'internal',
        `cannot run a command on ${this.description.name}: ${exit.error.message}`,
      );
    if (ending === 'abort') throw abortError();
    if (ending === 'timeout') return { exitCode: null, signal: 'TERM', stdout, stderr, durationMs };
    if (ending === 'overflow') {
      stderr += `kubelab: output cut off after ${EXEC_OUTPUT_LIMIT} characters\n`;
      return { exitCode: null, signal: 'PIPE', stdout, stderr, durationMs };
    }
    const name = signalName(exit.signal);
    return { exitCode: exit.code, ...(name ? { signal: name } : {}), stdout, stderr, durationMs };
  }

  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl {
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    return this.openStream(
      command,
      {
        stdout: (chunk) => sink.data(out.write(chunk)),
        // Interleaved as it comes, as a terminal shows it.
        stderr: (chunk) => sink.data(err.write(chunk)),
        flush: () => {
          const rest = out.end() + err.end();
          if (rest) sink.data(rest);
        },
        end: (result) => sink.end(result),
      },
      options.signal,
    );
  }

  /** stdout as raw bytes (`tcpdump -w -`): a pipe carries them untouched; stderr is not data. */
  streamBytes(command: string, sink: ByteStreamSink, options: StreamOptions): StreamControl {
    return this.openStream(
      command,
      {
        stdout: (chunk) => sink.data(new Uint8Array(chunk)),
        flush: () => undefined,
        end: (result) => sink.end(result),
      },
      options.signal,
    );
  }

  private openStream(
    command: string,
    to: {
      stdout: (chunk: Buffer) => void;
      stderr?: (chunk: Buffer) => void;
      flush: () => void;
      end: (result: End) => void;
    },
    callerSignal: AbortSignal,
  ): StreamControl {
    const signal = this.follow(callerSignal);
    let isEnded = false;
    let ended: () => void = () => undefined;
    void this.track(new Promise<void>((resolve) => (ended = resolve)));
    const finish = (result: End) => {
      if (isEnded) return;
      isEnded = true;
      signal.removeEventListener('abort', onAbort);
      ended();
      to.end(result);
    };
    if (signal.aborted) {
      queueMicrotask(() => finish({ exitCode: null, signal: 'TERM' }));
      return { pause: () => undefined, resume: () => undefined };
    }
    const { child, prefix } = this.start(command);
    // A stopped stream ends for its sink once its processes are gone, so "stopped" is true on
    // this machine when the caller hears it.
    const onAbort = () => {
      void this.end(child, prefix).then(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish({ exitCode: null, signal: 'TERM' });
      });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => {
      const own = prefix ? prefix.push(chunk) : chunk;
      if (own.length > 0 && !isEnded && !signal.aborted) to.stdout(own);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (!isEnded && !signal.aborted) to.stderr?.(chunk);
    });
    child.once('error', (error) => {
      if (signal.aborted) return;
      finish({
        exitCode: null,
        error: {
          code: 'internal',
          message: `cannot run on ${this.description.name}: ${error.message}`,
        },
      });
    });
    child.once('close', (code, sig) => {
      if (signal.aborted) return;
      const rest = prefix?.flush();
      if (rest && rest.length > 0) to.stdout(rest);
      to.flush();
      const name = signalName(sig);
      finish({ exitCode: code, ...(name ? { signal: name } : {}) });
    });
    return {
      // A paused pipe is not read: once its buffers fill, the command blocks on write — real
      // backpressure, as over SSH.
      pause: () => {
        child.stdout?.pause();
        child.stderr?.pause();
      },
      resume: () => {
        child.stdout?.resume();
        child.stderr?.resume();
      },
    };
  }

  shell(): Promise<ShellChannel> {
    return Promise.reject(new HostUnavailableError('internal', LOCAL_SHELL_UNSUPPORTED));
  }
}
