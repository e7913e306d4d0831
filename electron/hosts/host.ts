/**
 * A machine kubelab runs lab commands on. SSH hosts and the demo lab's simulated hosts both
 * implement this, so everything above it (fan-out, streams, collectors, the CLI) works the same
 * on either.
 */
import type { HostError } from '../../shared/model/command';
import type { HostRole } from '../../shared/model/workspace';

/** What one finished command gave back. A non-zero exit is a result, not an error. */
export interface HostExecResult {
  exitCode: number | null;
  /** Set when the command was ended by a signal (`exitCode` is then null). */
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ExecOptions {
  /** Ends the command (the remote process too) when aborted. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Where a streaming command delivers its output. */
export interface StreamSink {
  /** A chunk of output as UTF-8 text; stderr is interleaved as it comes, like a terminal. */
  data(chunk: string): void;
  /** Called once, last. */
  end(result: { exitCode: number | null; signal?: string; error?: HostError }): void;
}

/** The producer side of a running stream, for flow control. */
export interface StreamControl {
  /** Stop producing until `resume`; output already on its way may still arrive. */
  pause(): void;
  resume(): void;
}

export interface StreamOptions {
  /** Ends the command (and the remote process) when aborted; `end` then reports signal TERM. */
  signal: AbortSignal;
}

/** Thrown (as a rejected promise) when a host cannot run anything: unreachable, refused, … */
export class HostUnavailableError extends Error {
  constructor(
    readonly code: HostError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'HostUnavailableError';
  }
}

export interface HostDescription {
  id: string;
  name: string;
  role: HostRole;
  address: string;
  user?: string;
  tags: string[];
}

export interface Host {
  readonly description: HostDescription;
  /** Runs a command line through the host's shell and waits for it to end. */
  exec(command: string, options?: ExecOptions): Promise<HostExecResult>;
  /** Starts a command line whose output is delivered as it comes (watch, ping, tcpdump, yes). */
  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl;
}
