/**
 * The small vocabulary the SSH layer shares with the rest of the backend: where to connect
 * (`SshTarget`, produced by the ssh-config resolver and the workspace store), how a host key is
 * judged (`HostKeyVerifier`, produced from known_hosts files and a policy), and how a person is
 * asked for a decision or a secret (`Prompter`, implemented by the UI bridge and by the CLI).
 * Nothing here imports ssh2.
 */

/** One SSH endpoint, fully resolved: every field is what will actually be used. */
export interface SshTarget {
  /** The name the user knows the host by: an ssh config alias or a workspace host id. */
  name: string;
  /** What to connect to (ssh config `HostName`, else the alias itself). */
  host: string;
  port: number;
  user: string;
  /** Private key files to offer, absolute paths, in order (`IdentityFile`, `~` expanded). */
  identityFiles: string[];
  /** `IdentitiesOnly yes`: offer only `identityFiles`, not every key the agent holds. */
  identitiesOnly: boolean;
  /** Jump hosts, first hop first (`ProxyJump a,b` → [a, b]), each resolved the same way. */
  jumps: SshTarget[];
  /** ssh config `HostKeyAlias`: the name looked up in known_hosts instead of host/port. */
  hostKeyAlias?: string;
}

/** A host key as the server presented it. */
export interface HostKeyInfo {
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`, … */
  algorithm: string;
  /** The public key blob (the base64-decoded second field of a known_hosts line). */
  key: Uint8Array;
  /** `SHA256:` + unpadded base64 of the blob's SHA-256, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

/** Where a known key was recorded, for messages such as "changed since known_hosts:12". */
export interface KnownKeySource {
  file: string;
  line: number;
  algorithm: string;
  fingerprint: string;
}

/** What the known_hosts files say about a presented key. */
export type HostKeyVerdict =
  | { kind: 'trusted'; source: KnownKeySource }
  | { kind: 'unknown' }
  /** The host is known with a different key of the same type: refuse, never prompt. */
  | { kind: 'changed'; known: KnownKeySource[] }
  /** The key is listed under `@revoked`. */
  | { kind: 'revoked'; source: KnownKeySource };

/** The host a key is checked for: the jump target's own name and port, not the jump host's. */
export interface HostKeyTarget {
  name: string;
  host: string;
  port: number;
  hostKeyAlias?: string;
}

/**
 * Decides whether to go on with a server's key. Called during the key exchange, before any
 * credential is sent; resolving false ends the connection.
 */
export interface HostKeyVerifier {
  verify(target: HostKeyTarget, key: HostKeyInfo): Promise<HostKeyDecision>;
}

export type HostKeyDecision =
  { accept: true } | { accept: false; reason: string; verdict: HostKeyVerdict['kind'] };

/** A person's answer to an unknown host key. */
export type HostKeyAnswer = 'reject' | 'accept-once' | 'accept-and-save';

/** Asks a person, through the UI or the terminal. Every method may be declined (null/reject). */
export interface Prompter {
  /** An unknown host key: show the fingerprint and ask. Never called for a changed key. */
  hostKey(request: { target: HostKeyTarget; key: HostKeyInfo }): Promise<HostKeyAnswer>;
  /**
   * A secret: a password, a key's passphrase, or one keyboard-interactive prompt. Resolves null
   * when the person cancels. The answer is never logged or written to disk in clear.
   */
  secret(request: {
    target: { name: string; host: string; port: number; user: string };
    kind: 'password' | 'passphrase' | 'keyboard-interactive';
    /** What the server or key asks, e.g. "Password: " or "Enter passphrase for ~/.ssh/id_ed25519". */
    prompt: string;
    /** Whether the answer may be shown while typed (keyboard-interactive says per prompt). */
    echo: boolean;
  }): Promise<string | null>;
}
