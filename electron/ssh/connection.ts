/**
 * One SSH connection behind our own small interface (`SshConnection`), so ssh2 stays in this
 * folder. Opening one fixes ssh2's unsafe defaults: the host key is verified (async) before any
 * credential is sent, keepalives are on, and Nagle is off (~50 ms per exec otherwise).
 */
import type { Duplex, Readable } from 'node:stream';
import { Client, type ClientChannel, type ServerHostKeyAlgorithm } from './ssh2';
import { createAuthenticator } from './auth';
import { describeConnectError, type HopContext } from './errors';
import { hostKeyInfo } from './fingerprint';
import type { HostKeyDecision, HostKeyVerifier, Prompter, SshTarget } from './types';

export interface PtyRequest {
  cols: number;
  rows: number;
  term: string;
}

export interface ChannelExit {
  exitCode: number | null;
  signal?: string;
  isLost?: boolean;
}

/** A session channel: a command's or a shell's stdin/stdout, stderr and its end. */
export interface SshChannel {
  readonly stdout: Readable;
  readonly stderr: Readable;
  write(data: string | Buffer): void;
  /** Closes our side of stdin (EOF). */
  end(): void;
  resize(cols: number, rows: number): void;
  /** Closes the channel; with a PTY, sshd hangs the session up (SIGHUP). */
  close(): void;
  /**
   * Called once when the channel closes, with how the remote process ended; `isLost` when it
   * closed with no exit status and we did not close it (the connection went away).
   */
  onClose(listener: (exit: ChannelExit) => void): void;
}

export interface SshConnection {
  readonly target: SshTarget;
  readonly isOpen: boolean;
  /** Runs `command` on a new session channel; with `pty`, on a pseudo-terminal. */
  exec(command: string, pty?: PtyRequest): Promise<SshChannel>;
  /** A login shell on a PTY. */
  shell(pty: PtyRequest): Promise<SshChannel>;
  /** A TCP stream to host:port opened by the server (ProxyJump's `-W`). */
  forwardOut(host: string, port: number): Promise<Duplex>;
  /** Called once when the connection ends, with the error if it failed. */
  onClose(listener: (error?: Error) => void): () => void;
  close(): void;
}

export interface OpenOptions {
  target: SshTarget;
  verifier: HostKeyVerifier;
  prompter: Prompter;
  agent?: string;
  defaultIdentityFiles: string[];
  keepaliveMs: number;
  keepaliveCountMax: number;
  readyTimeoutMs: number;
  /** The stream to speak SSH over (a jump host's forwardOut); a TCP socket when absent. */
  sock?: Duplex;
  /** The hops this connection goes through, for messages. */
  via: string[];
  /** Called when a person is about to be asked something (the handshake clock should stop). */
  onPrompt?: () => void;
  /** Host key types already known for this host: offered first, as OpenSSH does. */
  knownKeyTypes?: readonly string[];
}

/** ssh2's host key algorithms, in its own order of preference. */
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * The host key algorithms to offer: the ones whose keys are already known first, so a host known
 * by its RSA key is not asked for its (unknown) ed25519 key and wrongly judged changed.
 */
export function hostKeyAlgorithms(knownKeyTypes: readonly string[]): ServerHostKeyAlgorithm[] {
  const preferred = knownKeyTypes.flatMap((type) =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type],
  );
  const first = HOST_KEY_ALGORITHMS.filter((a) => preferred.includes(a as string));
  return [...first, ...HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}

class Ssh2Channel implements SshChannel {
  private exit: ChannelExit | undefined;
  private isClosedByUs = false;

  constructor(private readonly channel: ClientChannel) {
    // A channel torn down with its connection may emit 'error'; unheard, it would crash the
    // process. Its end is reported through 'close' (isLost) instead.
    channel.on('error', () => undefined);
    channel.stderr.on('error', () => undefined);
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit =
        typeof code === 'number'
          ? { exitCode: code }
          : { exitCode: null, signal: signal ?? 'KILL' };
    });
  }

  get stdout(): Readable {
    return this.channel;
  }

  get stderr(): Readable {
    return this.channel.stderr;
  }

  write(data: string | Buffer): void {
    if (this.channel.writable) this.channel.write(data);
  }

  end(): void {
    if (this.channel.writable) this.channel.end();
  }

  resize(cols: number, rows: number): void {
    this.channel.setWindow(rows, cols, rows * 16, cols * 8);
  }

  close(): void {
    this.isClosedByUs = true;
    this.channel.close();
    this.drain();
  }

  /**
   * ssh2 emits a channel's 'close' only after its output has been read to the end: a paused
   * (flow-controlled) channel that is closed, or whose connection dies, would otherwise never
   * report its end nor give back its MaxSessions slot. Whatever is left flows to the listeners.
   */
  drain(): void {
    this.channel.resume();
    this.channel.stderr.resume();
  }

  onClose(listener: (exit: ChannelExit) => void): void {
    this.channel.once('close', () =>
      listener(this.exit ?? { exitCode: null, ...(this.isClosedByUs ? {} : { isLost: true }) }),
    );
  }
}

function channelError(error: Error, what: string): Error {
  // sshd answers "open failed" when MaxSessions is reached; the pool treats that as "wait".
  const wrapped = new Error(`${what}: ${error.message}`);
  wrapped.name = /open failed|Channel open failure/i.test(error.message)
    ? 'ChannelOpenFailure'
    : 'ChannelError';
  return wrapped;
}

class Ssh2Connection implements SshConnection {
  private open = true;
  private readonly listeners = new Set<(error?: Error) => void>();
  private closeError: Error | undefined;
  private readonly channels = new Set<Ssh2Channel>();

  constructor(
    readonly target: SshTarget,
    private readonly client: Client,
  ) {
    client.on('error', (error) => (this.closeError ??= error));
    client.on('close', () => {
      this.open = false;
      for (const channel of this.channels) channel.drain();
      this.channels.clear();
      for (const listener of [...this.listeners]) listener(this.closeError);
      this.listeners.clear();
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  exec(command: string, pty?: PtyRequest): Promise<SshChannel> {
    return new Promise((resolve, reject) => {
      if (!this.open) return reject(new Error('the connection is closed'));
      const options = pty ? { pty: { cols: pty.cols, rows: pty.rows, term: pty.term } } : {};
      this.client.exec(command, options, (error, channel) => {
        if (error) reject(channelError(error, 'exec'));
        else resolve(this.track(channel));
      });
    });
  }

  shell(pty: PtyRequest): Promise<SshChannel> {
    return new Promise((resolve, reject) => {
      if (!this.open) return reject(new Error('the connection is closed'));
      this.client.shell({ cols: pty.cols, rows: pty.rows, term: pty.term }, (error, channel) => {
        if (error) reject(channelError(error, 'shell'));
        else resolve(this.track(channel));
      });
    });
  }

  private track(raw: ClientChannel): Ssh2Channel {
    const channel = new Ssh2Channel(raw);
    this.channels.add(channel);
    raw.once('close', () => this.channels.delete(channel));
    return channel;
  }

  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      if (!this.open) return reject(new Error('the connection is closed'));
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) reject(error);
        else resolve(channel);
      });
    });
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (!this.open) {
      listener(this.closeError);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.client.end();
  }
}

/** Connects and authenticates one hop; rejects with `HostUnavailableError` saying why. */
export function openConnection(options: OpenOptions): Promise<SshConnection> {
  const { target } = options;
  const client = new Client();
  const authenticator = createAuthenticator({
    target,
    prompter: options.prompter,
    ...(options.agent ? { agent: options.agent } : {}),
    defaultIdentityFiles: options.defaultIdentityFiles,
    ...(options.onPrompt ? { onPrompt: options.onPrompt } : {}),
  });
  const hop: HopContext = { target, via: options.via, tried: authenticator.tried };
  let decision: HostKeyDecision | undefined;

  return new Promise((resolve, reject) => {
    let isSettled = false;
    const fail = (error: Error) => {
      if (isSettled) return;
      isSettled = true;
      client.end();
      reject(describeConnectError(error, hop, decision));
    };
    client.once('ready', () => {
      if (isSettled) return;
      isSettled = true;
      resolve(new Ssh2Connection(target, client));
    });
    let isHandshakeDone = false;
    client.once('handshake', () => (isHandshakeDone = true));
    client.on('error', fail);
    client.once('close', () => {
      // Closed after the key exchange but before `ready`: the server gave up on our credentials.
      const error = new Error(
        isHandshakeDone
          ? 'the server closed the connection during authentication'
          : 'Connection lost before handshake',
      );
      if (isHandshakeDone) Object.assign(error, { level: 'client-authentication' });
      fail(error);
    });
    client.connect({
      ...(options.sock ? { sock: options.sock } : { host: target.host, port: target.port }),
      username: target.user,
      keepaliveInterval: options.keepaliveMs,
      keepaliveCountMax: options.keepaliveCountMax,
      readyTimeout: options.readyTimeoutMs,
      authHandler: authenticator.handler,
      ...(options.knownKeyTypes?.length
        ? { algorithms: { serverHostKey: hostKeyAlgorithms(options.knownKeyTypes) } }
        : {}),
      // The async form: ssh2 holds the key exchange, and so every credential, until we answer.
      hostVerifier: (key: Buffer, verify: (isValid: boolean) => void) => {
        const info = hostKeyInfo(key);
        const keyTarget = {
          name: target.name,
          host: target.host,
          port: target.port,
          ...(target.hostKeyAlias ? { hostKeyAlias: target.hostKeyAlias } : {}),
        };
        options.verifier.verify(keyTarget, info).then(
          (answer) => {
            decision = answer;
            verify(answer.accept);
          },
          (error: unknown) => {
            decision = {
              accept: false,
              reason: error instanceof Error ? error.message : String(error),
              verdict: 'unknown',
            };
            verify(false);
          },
        );
      },
    });
    // Nagle holds each small request back for the previous one's ACK: ~50 ms per exec.
    client.setNoDelay(true);
  });
}
