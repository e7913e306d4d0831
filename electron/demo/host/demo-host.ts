/**
 * A simulated host of the demo lab behind the same `Host` interface as an SSH host: command lines
 * go through the demo shell to the simulated commands, with a few milliseconds of latency so
 * durations mean something, cancellation, timeouts and flow control on streams.
 */
import type { ConnectionState } from '../../../shared/model/workspace';
import {
  type ExecOptions,
  type Host,
  type HostDescription,
  type HostExecResult,
  type ShellChannel,
  type ShellOptions,
  type ShellSink,
  type StreamControl,
  type ByteStreamSink,
  type StreamOptions,
  type StreamSink,
} from '../../hosts/host';
import { hostnameOf, userOf, type HostContext } from '../commands/context';
import { commandsFor, notFoundMessage } from '../commands/registry';
import type { ClusterStore } from '../model/store';
import { Gate, sleep, type Output } from '../shell/io';
import { UserFiles } from '../shell/files';
import { ShellRun, type ShellEnvironment } from '../shell/run';
import { DemoTerminal } from './demo-terminal';

/** What Amazon Linux 2023 prints at login (its /etc/motd). */
const LOGIN_BANNER = [
  '   ,     #_',
  '   ~\\_  ####_        Amazon Linux 2023',
  '  ~~  \\_#####\\',
  '  ~~     \\###|',
  '  ~~       \\#/ ___   https://aws.amazon.com/linux/amazon-linux-2023',
  "   ~~       V~' '->",
  '    ~~~         /',
  '      ~~._.   _/',
  '         _/ _/',
  "       _/m/'",
  '',
].join('\r\n');

/** An exec that prints more than this is cut off (a flood such as `yes` has no end). */
export const EXEC_OUTPUT_LIMIT = 8 * 1024 * 1024;

export interface DemoHostOptions {
  /** Simulated round trip before a command starts, in ms: [min, max]. */
  latencyMs?: [number, number];
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

export class DemoHost implements Host {
  private readonly context: HostContext;
  private readonly commands;
  private readonly latency: [number, number];

  constructor(
    readonly description: HostDescription,
    store: ClusterStore,
    options: DemoHostOptions = {},
  ) {
    const base = { hostId: description.id, store, imdsTokens: new Set<string>() };
    this.context = { ...base, files: new UserFiles(`/home/${userOf(base)}`) };
    this.commands = commandsFor(this.context);
    this.latency = options.latencyMs ?? [2, 8];
  }

  private environment(isTty: boolean): ShellEnvironment {
    const isOperator = this.description.role === 'operator';
    const user = userOf(this.context);
    const variables = new Map<string, string>([
      ['HOME', `/home/${user}`],
      ['USER', user],
      ['LOGNAME', user],
      ['HOSTNAME', hostnameOf(this.context)],
      ['SHELL', '/bin/bash'],
      [
        'PATH',
        `/home/${user}/.local/bin:/home/${user}/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin`,
      ],
      ['PWD', `/home/${user}`],
      ['LANG', 'C.UTF-8'],
      ...(isTty ? [['TERM', 'xterm-256color'] as [string, string]] : []),
      ...(isOperator
        ? [
            ['CLUSTER_NAME', 'myeks'] as [string, string],
            ['AWS_DEFAULT_REGION', this.context.store.cluster.region] as [string, string],
          ]
        : []),
    ]);
    return {
      commands: this.commands,
      variables,
      isTty,
      notFound: notFoundMessage,
      ...(this.context.files ? { files: this.context.files } : {}),
    };
  }

  /** A simulated host is in the same process: always connected. */
  state(): ConnectionState {
    return { kind: 'connected' };
  }

  onState(): () => void {
    return () => undefined;
  }

  async shell(options: ShellOptions, sink: ShellSink): Promise<ShellChannel> {
    await this.pause(new AbortController().signal);
    const terminal = new DemoTerminal(
      {
        hostname: hostnameOf(this.context).split('.')[0] ?? 'localhost',
        user: userOf(this.context),
        size: options.size,
        banner: LOGIN_BANNER,
        environment: (size) => {
          const env = this.environment(true);
          const variables = new Map(env.variables);
          variables.set('COLUMNS', String(size.cols));
          variables.set('LINES', String(size.rows));
          if (options.term !== undefined) variables.set('TERM', options.term);
          return { ...env, variables };
        },
      },
      sink,
    );
    // The banner and prompt arrive just after the channel is handed over, as over SSH.
    setImmediate(() => terminal.start());
    return terminal;
  }

  private pause(signal: AbortSignal): Promise<void> {
    const [min, max] = this.latency;
    return sleep(min + Math.random() * (max - min), signal);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<HostExecResult> {
    const started = performance.now();
    if (options.signal?.aborted) throw abortError();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeoutMs);
    let stdout = '';
    let stderr = '';
    let overflowed = false;
    const collect = (append: (text: string) => void): Output => ({
      write: (text) => {
        if (stdout.length + stderr.length + text.length > EXEC_OUTPUT_LIMIT) {
          overflowed = true;
          controller.abort();
          return Promise.resolve();
        }
        append(text);
        return Promise.resolve();
      },
    });
    try {
      await this.pause(controller.signal);
      const run = new ShellRun(this.environment(false), controller.signal);
      const status = await run.run(
        command,
        collect((t) => (stdout += t)),
        collect((t) => (stderr += t)),
      );
      if (options.signal?.aborted) throw abortError();
      const durationMs = performance.now() - started;
      if (timedOut) return { exitCode: null, signal: 'TERM', stdout, stderr, durationMs };
      if (overflowed) {
        stderr += `kubelab demo lab: output cut off after ${EXEC_OUTPUT_LIMIT} characters\n`;
        return { exitCode: null, signal: 'PIPE', stdout, stderr, durationMs };
      }
      return { exitCode: status, stdout, stderr, durationMs };
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Like `stream`; commands write bytes as latin1 characters, one per byte (`tcpdump -w -`). */
  streamBytes(command: string, sink: ByteStreamSink, options: StreamOptions): StreamControl {
    const data = (text: string) => sink.data(Buffer.from(text, 'latin1'));
    return this.stream(command, { data, end: (result) => sink.end(result) }, options);
  }

  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl {
    const gate = new Gate();
    const controller = new AbortController();
    const onAbort = () => {
      controller.abort();
      gate.release();
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    // A paused consumer holds the writer right here, so a flood stops within one chunk.
    const terminal: Output = {
      write: async (text) => {
        if (controller.signal.aborted || text.length === 0) return;
        sink.data(text);
        await gate.wait(controller.signal);
      },
    };
    const finish = (result: Parameters<StreamSink['end']>[0]) => {
      options.signal.removeEventListener('abort', onAbort);
      sink.end(result);
    };
    void (async () => {
      await this.pause(controller.signal);
      const run = new ShellRun(this.environment(true), controller.signal);
      const status = controller.signal.aborted ? 0 : await run.run(command, terminal, terminal);
      finish(controller.signal.aborted ? { exitCode: null, signal: 'TERM' } : { exitCode: status });
    })().catch((cause: unknown) => {
      finish({
        exitCode: null,
        error: {
          code: 'internal',
          message: cause instanceof Error ? cause.message : String(cause),
        },
      });
    });
    return { pause: () => gate.pause(), resume: () => gate.resume() };
  }
}
