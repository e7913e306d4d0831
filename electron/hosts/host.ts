/**
 * A machine kubelab runs lab commands on. SSH hosts and the demo lab's simulated hosts both
 * implement this, so everything above it (fan-out, streams, collectors, the CLI) works the same
 * on either.
 */
import type { HostError } from '../../shared/model/command';
import type { ConnectionState, HostRole } from '../../shared/model/workspace';

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

/** Where a byte stream delivers its output: stdout as raw bytes (`tcpdump -w -`). */
export interface ByteStreamSink {
  data(chunk: Uint8Array): void;
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
  /** The SSH port, when it is not 22. */
  port?: number;
  user?: string;
  tags: string[];
}

/** The size of a terminal, in character cells. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Where an interactive shell delivers what it prints. */
export interface ShellSink {
  /** Raw terminal output (escape sequences included), decoded as UTF-8. */
  data(chunk: string): void;
  /** Called once, last: the shell exited, or the connection under it was lost. */
  end(result: { exitCode: number | null; signal?: string; error?: HostError }): void;
}

/** An interactive login shell on a pseudo-terminal, as a terminal tab drives it. */
export interface ShellChannel extends StreamControl {
  /** Keystrokes and pastes, exactly as the terminal produced them. */
  write(data: string): void;
  resize(size: TerminalSize): void;
  /** Hangs up: the shell and everything it started on the host end (SIGHUP). */
  close(): void;
}

export interface ShellOptions {
  size: TerminalSize;
  /** `TERM` for the remote side; `xterm-256color` unless told. */
  term?: string;
}

/** Reports a host's connection state as it changes; returns the unsubscribe function. */
export type StateListener = (state: ConnectionState) => void;

export interface Host {
  readonly description: HostDescription;
  /** Runs a command line through the host's shell and waits for it to end. */
  exec(command: string, options?: ExecOptions): Promise<HostExecResult>;
  /** Starts a command line whose output is delivered as it comes (watch, ping, tcpdump, yes). */
  stream(command: string, sink: StreamSink, options: StreamOptions): StreamControl;
  /**
   * Like `stream`, but stdout arrives as bytes, untouched (a PTY in raw mode, so ending it still
   * hangs the command up). Hosts that cannot carry binary output leave it out.
   */
  streamBytes?(command: string, sink: ByteStreamSink, options: StreamOptions): StreamControl;
  /** Opens an interactive shell on a PTY. Rejects with `HostUnavailableError` if it cannot. */
  shell(options: ShellOptions, sink: ShellSink): Promise<ShellChannel>;
  /** Where the link to the host stands now (simulated hosts are always connected). */
  state(): ConnectionState;
  /** Calls `listener` on every state change until the returned function is called. */
  onState(listener: StateListener): () => void;
}
