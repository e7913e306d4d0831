/**
 * A {@link Host} whose commands run inside a network namespace of this machine (`ip netns exec`),
 * so the trace collector and verify live work on the lab in-process exactly as over SSH: the
 * command line goes through `sh -c`, a timeout or an abort ends the whole process group.
 */
import { spawn } from 'node:child_process';
import {
  HostUnavailableError,
  type ExecOptions,
  type Host,
  type HostDescription,
  type HostExecResult,
  type ShellChannel,
  type StreamControl,
  type StreamOptions,
  type StreamSink,
} from '../../../electron/hosts/host';
import type { ConnectionState, HostRole } from '../../../shared/model/workspace';

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export class NetnsHost implements Host {
  readonly description: HostDescription;

  constructor(
    readonly netns: string,
    id: string,
    role: HostRole,
  ) {
    this.description = { id, name: id, role, address: netns, tags: [] };
  }

  private start(command: string) {
    // detached: the child leads its own process group, so ending it ends tcpdump under sudo too.
    return spawn('ip', ['netns', 'exec', this.netns, 'sh', '-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
  }

  exec(command: string, options: ExecOptions = {}): Promise<HostExecResult> {
    const started = performance.now();
    const child = this.start(command);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const stop = () => killGroup(child.pid, 'SIGTERM');
    options.signal?.addEventListener('abort', stop, { once: true });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(stop, options.timeoutMs);
    return new Promise((resolve, reject) => {
      child.once('error', (e) => reject(new HostUnavailableError('unreachable', e.message)));
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', stop);
        resolve({
          exitCode: code,
          ...(signal === null ? {} : { signal }),
          stdout,
          stderr,
          durationMs: performance.now() - started,
        });
      });
    });
  }

  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl {
    const child = this.start(command);
    child.stdout.setEncoding('utf8').on('data', (c: string) => sink.data(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => sink.data(c));
    const stop = () => killGroup(child.pid, 'SIGTERM');
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
    child.once('close', (code, signal) => {
      options.signal.removeEventListener('abort', stop);
      sink.end({ exitCode: code, ...(signal === null ? {} : { signal }) });
    });
    return {
      pause: () => child.stdout.pause(),
      resume: () => child.stdout.resume(),
    };
  }

  shell(): Promise<ShellChannel> {
    return Promise.reject(
      new HostUnavailableError('unreachable', 'the lab namespace host has no terminal'),
    );
  }

  state(): ConnectionState {
    return { kind: 'connected' };
  }

  onState(): () => void {
    return () => undefined;
  }
}
