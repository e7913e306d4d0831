import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { formatHashedHost, parseHashedHost } from './host-key-pattern';
import {
  appendKnownHost,
  fingerprintOf,
  keyTypeOfBlob,
  knownHostsName,
  knownKeyTypes,
  lookupKnownHost,
  parseKnownHosts,
  type KnownHostsFile,
  type KnownHostsLookup,
} from './known-hosts';
import type {
  HostKeyDecision,
  HostKeyInfo,
  HostKeyTarget,
  HostKeyVerifier,
  KnownKeySource,
  Prompter,
} from './types';

/** `StrictHostKeyChecking` in kubelab's words: ask, accept-new (save unknown keys), strict. */
export type HostKeyPolicy = 'ask' | 'accept-new' | 'strict';

export interface HostKeyVerifierOptions {
  /** known_hosts files to read, in order; missing files count as empty. */
  files: string[];
  /** kubelab's own file, where accepted keys are appended (also read, even if not in `files`). */
  saveTo: string;
  policy: HostKeyPolicy;
  /** Asked about unknown keys under policy `ask`; without one, unknown keys are refused. */
  prompter?: Prompter;
  /** Hash saved host names like `HashKnownHosts yes` (default true). */
  hash?: boolean;
  /** Parse warnings (once per file version), unreadable files, failed saves. */
  log?: (line: string) => void;
}

export interface KnownHostsVerifier extends HostKeyVerifier {
  /** The files' (and this process's accepted keys') view of a key, without deciding. */
  lookup(target: HostKeyTarget, key: Uint8Array): Promise<KnownHostsLookup>;
  /**
   * Key types already known for a target, so the connection can offer them first in the key
   * exchange like OpenSSH does; otherwise a host known only by its RSA key that negotiates
   * ed25519 is (rightly) refused as changed.
   */
  knownKeyTypes(target: HostKeyTarget): Promise<string[]>;
}

interface CachedFile {
  stamp: string;
  parsed: KnownHostsFile;
}

const SESSION_FILE = '(accepted once in this process)';

/**
 * Builds the verifier every SSH connection uses. Changed and revoked keys are refused whatever
 * the policy, with no prompt; unknown keys follow the policy. Files are re-read when their
 * mtime, size or inode changes, so a key accepted by another process or by ssh is seen.
 */
export function createHostKeyVerifier(options: HostKeyVerifierOptions): KnownHostsVerifier {
  const paths = options.files.includes(options.saveTo)
    ? [...options.files]
    : [...options.files, options.saveTo];
  const cache = new Map<string, CachedFile>();
  const session: KnownHostsFile = { file: SESSION_FILE, entries: [], warnings: [] };
  const pending = new Map<string, Promise<HostKeyDecision>>();
  const log = options.log ?? (() => undefined);

  async function load(file: string): Promise<KnownHostsFile> {
    const empty: KnownHostsFile = { file, entries: [], warnings: [] };
    let stamp: string;
    try {
      const s = await stat(file);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (cause) {
      if (!isMissing(cause)) log(`known_hosts: cannot read ${file}: ${message(cause)}`);
      cache.delete(file);
      return empty;
    }
    const cached = cache.get(file);
    if (cached?.stamp === stamp) return cached.parsed;
    try {
      const parsed = parseKnownHosts(await readFile(file, 'utf8'), file);
      for (const w of parsed.warnings) log(`${w.file}:${w.line}: ${w.message}`);
      cache.set(file, { stamp, parsed });
      return parsed;
    } catch (cause) {
      log(`known_hosts: cannot read ${file}: ${message(cause)}`);
      return empty;
    }
  }

  async function loadAll(): Promise<KnownHostsFile[]> {
    return [...(await Promise.all(paths.map(load))), session];
  }

  function rememberForSession(name: string, key: Uint8Array): void {
    const hashed = parseHashedHost(formatHashedHost(name, randomBytes(20)));
    const keyType = keyTypeOfBlob(key);
    if (!hashed || keyType === null) return;
    const blob = Buffer.from(key);
    session.entries.push({
      file: SESSION_FILE,
      line: session.entries.length + 1,
      raw: '',
      marker: null,
      hosts: { kind: 'hashed', hashed },
      keyType,
      key: blob,
      fingerprint: fingerprintOf(blob),
      comment: '',
    });
  }

  async function save(name: string, key: Uint8Array): Promise<void> {
    try {
      await appendKnownHost(options.saveTo, name, key, { hash: options.hash ?? true });
    } catch (cause) {
      log(
        `known_hosts: could not save the key for ${name} to ${options.saveTo}: ${message(cause)}`,
      );
    }
    // Until the file is re-read (or if saving failed), this process still knows the key.
    rememberForSession(name, key);
  }

  async function decideUnknown(
    target: HostKeyTarget,
    key: HostKeyInfo,
    name: string,
  ): Promise<HostKeyDecision> {
    const what = describe(target, name);
    switch (options.policy) {
      case 'strict':
        return {
          accept: false,
          verdict: 'unknown',
          reason:
            `Host key for ${what} is not known (${key.algorithm} ${key.fingerprint}) and ` +
            `strict checking is on; it is in none of: ${paths.join(', ')}.`,
        };
      case 'accept-new':
        await save(name, key.key);
        log(`Permanently added ${what} (${key.algorithm} ${key.fingerprint}) to ${options.saveTo}`);
        return { accept: true };
      case 'ask': {
        if (!options.prompter)
          return {
            accept: false,
            verdict: 'unknown',
            reason: `Host key for ${what} is not known (${key.fingerprint}) and there is no one to ask.`,
          };
        const answer = await options.prompter.hostKey({ target, key });
        if (answer === 'reject')
          return {
            accept: false,
            verdict: 'unknown',
            reason: `Host key for ${what} (${key.fingerprint}) was rejected.`,
          };
        if (answer === 'accept-and-save') await save(name, key.key);
        else rememberForSession(name, key.key);
        return { accept: true };
      }
    }
  }

  async function verifyOnce(target: HostKeyTarget, key: HostKeyInfo): Promise<HostKeyDecision> {
    const name = knownHostsName(target.host, target.port, target.hostKeyAlias);
    const { verdict, certAuthorities } = lookupKnownHost(await loadAll(), name, key.key);
    const what = describe(target, name);
    switch (verdict.kind) {
      case 'trusted':
        return { accept: true };
      case 'revoked':
        return {
          accept: false,
          verdict: 'revoked',
          reason:
            `Host key for ${what} (${key.algorithm} ${key.fingerprint}) is REVOKED ` +
            `(@revoked at ${at(verdict.source)}). Refusing to connect.`,
        };
      case 'changed':
        return {
          accept: false,
          verdict: 'changed',
          reason: changedReason(what, name, key, verdict.known),
        };
      case 'unknown':
        if (certAuthorities.length > 0)
          log(
            `known_hosts: @cert-authority at ${certAuthorities.map(at).join(', ')} covers ` +
              `${name}, but host certificates are not used; the plain key is judged on its own.`,
          );
        return decideUnknown(target, key, name);
    }
  }

  return {
    // Simultaneous connections to one host share a single prompt and a single save.
    verify(target, key) {
      const name = knownHostsName(target.host, target.port, target.hostKeyAlias);
      const id = `${name}\0${Buffer.from(key.key).toString('base64')}`;
      const inFlight = pending.get(id);
      if (inFlight) return inFlight;
      // A failing prompter or file system refuses the key; it never lets it through.
      const decision = verifyOnce(target, key)
        .catch((cause: unknown): HostKeyDecision => ({
          accept: false,
          verdict: 'unknown',
          reason: `Host key for ${name} could not be checked: ${message(cause)}`,
        }))
        .finally(() => pending.delete(id));
      pending.set(id, decision);
      return decision;
    },
    async lookup(target, key) {
      const name = knownHostsName(target.host, target.port, target.hostKeyAlias);
      return lookupKnownHost(await loadAll(), name, key);
    },
    async knownKeyTypes(target) {
      const name = knownHostsName(target.host, target.port, target.hostKeyAlias);
      return knownKeyTypes(await loadAll(), name);
    },
  };
}

function changedReason(
  what: string,
  name: string,
  key: HostKeyInfo,
  known: readonly KnownKeySource[],
): string {
  const presentedType = keyTypeOfBlob(key.key) ?? key.algorithm;
  const isSameType = known.some((k) => k.algorithm === presentedType);
  const listed = known.map(describeKnown).join('; ');
  const head = isSameType
    ? `Host key for ${what} has CHANGED: the server presents ${presentedType} ${key.fingerprint}, but known_hosts has ${listed}.`
    : // OpenSSH refuses this too; it only arises when the other type was not offered first.
      `Host key for ${what} does not match: the server presents ${presentedType} ${key.fingerprint}, but known_hosts lists only ${listed}.`;
  return (
    `${head} Someone may be intercepting the connection. kubelab refuses; if the change is ` +
    `expected, remove the old line (ssh-keygen -R '${name}' -f <file>).`
  );
}

function describe(target: HostKeyTarget, name: string): string {
  return target.name === name ? name : `${target.name} (${name})`;
}

function at(source: KnownKeySource): string {
  return `${source.file}:${source.line}`;
}

function describeKnown(source: KnownKeySource): string {
  return `${source.algorithm} ${source.fingerprint} at ${at(source)}`;
}

function isMissing(cause: unknown): boolean {
  return (cause as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function message(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
