/**
 * One pooled SSH connection: connected on first use, shared by every channel on it, its session
 * channels kept within the server's MaxSessions, its handshake capped process-wide and retried
 * when sshd drops it (MaxStartups), re-established with exponential backoff when it drops, and
 * reporting its ConnectionState as it goes.
 */
import type { Duplex } from 'node:stream';
import type { ConnectionState } from '../../shared/model/workspace';
import { HostUnavailableError } from '../hosts/host';
import { openConnection, type SshChannel, type SshConnection } from './connection';
import { describeForwardError, describeHop, isDroppedConnect } from './errors';
import { Limiter, sleep } from './limiter';
import {
  DROPPED_CONNECT_RETRIES,
  HANDSHAKE_SLOT_MS,
  type ResolvedPoolOptions,
} from './pool-options';
import type { HostKeyTarget, HostKeyVerifier, SshTarget } from './types';

/** Whether a failure will not get better by retrying (a refused key, failed auth). */
function isFinal(error: unknown): boolean {
  return (
    error instanceof HostUnavailableError &&
    (error.code === 'host-key' || error.code === 'auth-failed')
  );
}

export class PooledConnection {
  private current: SshConnection | undefined;
  private pending: Promise<SshConnection> | undefined;
  private status: ConnectionState = { kind: 'idle' };
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private readonly sessions: Limiter;
  private isClosed = false;
  private reconnectAbort = new AbortController();
  private openChannels = 0;
  private peakOpen = 0;

  constructor(
    readonly key: string,
    readonly target: SshTarget,
    private readonly chain: SshTarget[],
    private readonly jump: PooledConnection | undefined,
    private readonly options: ResolvedPoolOptions,
  ) {
    this.sessions = new Limiter(options.maxSessions);
  }

  state(): ConnectionState {
    return this.status;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The session-channel limit in use (lowered when the server refuses channels). */
  get sessionLimit(): number {
    return this.sessions.limit;
  }

  private setState(state: ConnectionState): void {
    this.status = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  /** The live connection, connecting (or waiting for a reconnect) first when needed. */
  acquire(): Promise<SshConnection> {
    if (this.isClosed)
      return Promise.reject(new HostUnavailableError('cancelled', 'the connection was closed'));
    if (this.current?.isOpen) return Promise.resolve(this.current);
    this.pending ??= this.connectLoop(false).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /**
   * Opens a session channel within the MaxSessions budget. When the server refuses one
   * ("open failed": its MaxSessions is lower than ours), the budget becomes the most channels it
   * has ever held open at once (a proven lower bound of its limit) and the request waits for a
   * channel to close instead of failing.
   */
  async openSession(
    open: (connection: SshConnection) => Promise<SshChannel>,
    signal?: AbortSignal,
  ): Promise<SshChannel> {
    for (let refusals = 0; ;) {
      const release = await this.sessions.acquire(signal);
      let channel: SshChannel;
      try {
        channel = await open(await this.acquire());
      } catch (error) {
        release();
        if (!(error instanceof Error) || error.name !== 'ChannelOpenFailure')
          throw this.unavailable(error);
        if (this.peakOpen > 0) this.sessions.setLimit(Math.min(this.sessions.limit, this.peakOpen));
        if (this.openChannels === 0 && ++refusals > 20) {
          const name = describeHop({ target: this.target, via: this.via });
          throw new HostUnavailableError(
            'unreachable',
            `${name} refuses new sessions: ${error.message}`,
          );
        }
        if (this.openChannels === 0) await sleep(50 * refusals, signal);
        continue;
      }
      this.openChannels += 1;
      this.peakOpen = Math.max(this.peakOpen, this.openChannels);
      channel.onClose(() => {
        this.openChannels -= 1;
        release();
      });
      return channel;
    }
  }

  /** Errors that reach callers are `HostUnavailableError`s (or aborts), named after this host. */
  private unavailable(error: unknown): Error {
    if (error instanceof HostUnavailableError) return error;
    if (error instanceof Error && error.name === 'AbortError') return error;
    const name = describeHop({ target: this.target, via: this.via });
    const message = error instanceof Error ? error.message : String(error);
    return new HostUnavailableError('unreachable', `${name}: ${message}`);
  }

  /** A TCP stream from this host to host:port (the next hop of a ProxyJump chain). */
  async forwardOut(host: string, port: number): Promise<Duplex> {
    const connection = await this.acquire();
    return connection.forwardOut(host, port);
  }

  close(): void {
    this.isClosed = true;
    this.reconnectAbort.abort();
    this.current?.close();
    this.current = undefined;
  }

  private get via(): string[] {
    return this.chain.map((hop) => hop.name);
  }

  private async connectLoop(isReconnect: boolean): Promise<SshConnection> {
    const { reconnectAttempts, reconnectBaseMs, reconnectMaxMs } = this.options;
    const signal = this.reconnectAbort.signal;
    for (let attempt = 1; ; attempt++) {
      this.setState(isReconnect ? { kind: 'reconnecting', attempt } : { kind: 'connecting' });
      try {
        const connection = await this.connectOnce();
        if (this.isClosed) {
          connection.close();
          throw new HostUnavailableError('cancelled', 'the connection was closed');
        }
        this.current = connection;
        this.setState({ kind: 'connected' });
        connection.onClose(() => this.onDropped(connection));
        return connection;
      } catch (error) {
        const isLast =
          !isReconnect || isFinal(error) || attempt >= reconnectAttempts || this.isClosed;
        if (isLast) {
          const reason = error instanceof Error ? error.message : String(error);
          if (!this.isClosed) this.setState({ kind: 'failed', reason });
          throw error;
        }
        const delay = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** (attempt - 1));
        await sleep(delay * (0.75 + Math.random() * 0.5), signal).catch(() => undefined);
      }
    }
  }

  private onDropped(connection: SshConnection): void {
    if (this.current !== connection) return;
    this.current = undefined;
    if (this.isClosed) return;
    this.pending ??= this.connectLoop(true).finally(() => (this.pending = undefined));
    this.pending.catch(() => undefined); // The state says `failed`; callers see it on next use.
  }

  /** One connect + authenticate, retried while sshd drops it before the handshake. */
  private async connectOnce(): Promise<SshConnection> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.handshake();
      } catch (error) {
        if (!isDroppedConnect(error) || retry >= DROPPED_CONNECT_RETRIES || this.isClosed)
          throw error;
        await sleep(100 * 2 ** retry * (0.5 + Math.random()));
      }
    }
  }

  /** What a known_hosts verifier already knows about this host's key types (duck-typed). */
  private async knownKeyTypes(): Promise<string[]> {
    const verifier = this.options.verifier as HostKeyVerifier & {
      knownKeyTypes?: (target: HostKeyTarget) => Promise<string[]>;
    };
    if (typeof verifier.knownKeyTypes !== 'function') return [];
    const { name, host, port, hostKeyAlias } = this.target;
    return verifier
      .knownKeyTypes({ name, host, port, ...(hostKeyAlias ? { hostKeyAlias } : {}) })
      .catch(() => []);
  }

  private async handshake(): Promise<SshConnection> {
    const knownKeyTypes = await this.knownKeyTypes();
    const sock = this.jump ? await this.openJumpStream() : undefined;
    const release = await this.options.handshakes.acquire();
    const timer = setTimeout(release, HANDSHAKE_SLOT_MS);
    try {
      return await openConnection({
        target: this.target,
        verifier: this.options.verifier,
        prompter: this.options.prompter,
        ...(this.options.agent ? { agent: this.options.agent } : {}),
        defaultIdentityFiles: this.options.defaultIdentityFiles,
        keepaliveMs: this.options.keepaliveMs,
        keepaliveCountMax: this.options.keepaliveCountMax,
        readyTimeoutMs: this.options.readyTimeoutMs,
        ...(sock ? { sock } : {}),
        via: this.via,
        onPrompt: release,
        knownKeyTypes,
      });
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  private async openJumpStream(): Promise<Duplex> {
    const jump = this.jump;
    if (!jump) throw new Error('no jump host');
    try {
      return await jump.forwardOut(this.target.host, this.target.port);
    } catch (error) {
      if (error instanceof HostUnavailableError) throw error;
      throw describeForwardError(
        error instanceof Error ? error : new Error(String(error)),
        jump.target.name,
        { target: this.target, via: this.via, tried: [] },
      );
    }
  }
}
