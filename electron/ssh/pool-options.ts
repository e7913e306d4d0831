/** What a connection pool is told, and the defaults that fix ssh2's (keepalive on, MaxSessions). */
import { homedir } from 'node:os';
import path from 'node:path';
import { Limiter } from './limiter';
import type { HostKeyVerifier, Prompter } from './types';

export interface SshPoolOptions {
  verifier: HostKeyVerifier;
  prompter: Prompter;
  /** The ssh-agent socket (`SSH_AUTH_SOCK`); never forwarded. */
  agent?: string;
  /** Tried when a target names no identity file; ~/.ssh/id_{ed25519,ecdsa,rsa} unless told. */
  defaultIdentityFiles?: string[];
  /** Keepalive interval; a connection is dropped after `keepaliveCountMax` unanswered ones. */
  keepaliveMs?: number;
  keepaliveCountMax?: number;
  readyTimeoutMs?: number;
  /** Session channels opened at once per connection before queueing (OpenSSH's MaxSessions). */
  maxSessions?: number;
  /** Reconnect backoff: first delay, cap, and attempts before the state turns `failed`. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  reconnectAttempts?: number;
  /** Handshakes in flight at once; shared by every pool unless a test passes its own. */
  handshakes?: Limiter;
}

/** Handshakes in flight across the process: bursts past sshd's MaxStartups get dropped. */
export const HANDSHAKE_LIMIT = 8;
const processHandshakes = new Limiter(HANDSHAKE_LIMIT);
/** A handshake waiting longer than this (a slow host, a person deciding) frees its slot. */
export const HANDSHAKE_SLOT_MS = 3000;
export const DROPPED_CONNECT_RETRIES = 6;

export type ResolvedPoolOptions = Required<Omit<SshPoolOptions, 'agent'>> & { agent?: string };

export function withDefaults(options: SshPoolOptions): ResolvedPoolOptions {
  const home = homedir();
  return {
    defaultIdentityFiles: ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) =>
      path.join(home, '.ssh', f),
    ),
    keepaliveMs: 15_000,
    keepaliveCountMax: 3,
    readyTimeoutMs: 20_000,
    maxSessions: 10,
    reconnectBaseMs: 250,
    reconnectMaxMs: 10_000,
    reconnectAttempts: 8,
    handshakes: processHandshakes,
    ...options,
  };
}
