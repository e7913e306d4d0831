import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import {
  decodeBase64,
  formatHashedHost,
  matchHashedHost,
  matchHostPatterns,
  paddedName,
  parseHashedHost,
  type HashedHost,
} from './host-key-pattern';
import type { HostKeyVerdict, KnownKeySource } from './types';

export { knownHostsName } from './host-key-pattern';

/**
 * OpenSSH known_hosts files (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT): a parser that never throws,
 * a lookup that gives the verdict OpenSSH's hostfile.c would, and an appender for kubelab's own
 * file. The user's ~/.ssh/known_hosts is only ever read.
 */

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export type KnownHostsHosts =
  { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; hashed: HashedHost };

/** One usable line. `keyType` is the type named inside the key blob (it must equal field 2). */
export interface KnownHostsEntry {
  file: string;
  line: number;
  raw: string;
  marker: KnownHostsMarker | null;
  hosts: KnownHostsHosts;
  keyType: string;
  key: Buffer;
  fingerprint: string;
  comment: string;
}

export interface KnownHostsWarning {
  file: string;
  line: number;
  raw: string;
  message: string;
}

export interface KnownHostsFile {
  file: string;
  entries: KnownHostsEntry[];
  warnings: KnownHostsWarning[];
}

/** `SHA256:` + unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -lf` prints it. */
export function fingerprintOf(key: Uint8Array): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

/** The key type an SSH public key blob names in its first string (RFC 4253 §6.6), or null. */
export function keyTypeOfBlob(key: Uint8Array): string | null {
  if (key.length < 4) return null;
  const view = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const length = view.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > view.length) return null;
  const name = view.toString('latin1', 4, 4 + length);
  return /^[a-z0-9@.-]+$/.test(name) ? name : null;
}

/**
 * Parses known_hosts text. Comments and blank lines are skipped; CRLF is tolerated; every line
 * that cannot be used becomes a warning with its line number, never an exception.
 * Sample: `|1|F1E1…=|vS0…= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… root@node1`.
 */
export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostsFile {
  const entries: KnownHostsEntry[] = [];
  const warnings: KnownHostsWarning[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, index) => {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const result = parseLine(raw);
    if (result === null) return;
    const line = index + 1;
    // A warning quotes the start of the line: enough to find it, not a whole RSA key.
    if (typeof result === 'string')
      warnings.push({ file, line, raw: raw.slice(0, 120), message: result });
    else entries.push({ file, line, raw, ...result });
  });
  return { file, entries, warnings };
}

type ParsedLine = Omit<KnownHostsEntry, 'file' | 'line' | 'raw'>;

/** null for a comment or blank line, a message for a bad line. */
function parseLine(raw: string): ParsedLine | string | null {
  const trimmed = raw.replace(/^[ \t]+/, '');
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const fields = trimmed.split(/[ \t]+/);
  let marker: KnownHostsMarker | null = null;
  if (fields[0]?.startsWith('@')) {
    const word = fields.shift();
    if (word === '@revoked') marker = 'revoked';
    else if (word === '@cert-authority') marker = 'cert-authority';
    else return `unknown marker ${word ?? ''} (only @revoked and @cert-authority exist)`;
  }
  const [hostField, keyType, keyText, ...rest] = fields;
  if (hostField === undefined || hostField === '') return 'no host pattern';
  if (keyType === undefined || keyType === '' || keyType.startsWith('#'))
    return 'truncated before the key type';
  if (/^\d+$/.test(keyType)) return 'SSH protocol 1 RSA key (bits exponent modulus): not supported';
  if (keyText === undefined || keyText === '' || keyText.startsWith('#'))
    return `truncated after the key type "${keyType}"`;
  const key = decodeBase64(keyText);
  if (!key) return `the ${keyType} key is not valid base64`;
  const blobType = keyTypeOfBlob(key);
  if (blobType === null) return `the ${keyType} key is not an SSH public key blob`;
  if (blobType !== keyType) return `the line says ${keyType} but the key is ${blobType}`;
  let hosts: KnownHostsHosts;
  if (hostField.startsWith('|')) {
    const hashed = parseHashedHost(hostField);
    if (!hashed) return `bad hashed host ${hostField.slice(0, 40)} (expected |1|salt|hmac)`;
    hosts = { kind: 'hashed', hashed };
  } else {
    const patterns = hostField.split(',').filter((p) => p !== '');
    if (patterns.length === 0) return 'no host pattern';
    hosts = { kind: 'patterns', patterns };
  }
  return { marker, hosts, keyType, key, fingerprint: fingerprintOf(key), comment: rest.join(' ') };
}

/** Whether an entry's host field covers a looked-up name (`host`, `[host]:port` or an alias). */
export function entryMatches(entry: KnownHostsEntry, name: string): boolean {
  const lower = name.toLowerCase();
  return matchesLower(entry, lower, paddedName(lower));
}

function matchesLower(entry: KnownHostsEntry, lower: string, padded: Uint8Array): boolean {
  return entry.hosts.kind === 'hashed'
    ? matchHashedHost(lower, entry.hosts.hashed, padded)
    : matchHostPatterns(lower, entry.hosts.patterns);
}

/**
 * Each hashed line costs an HMAC per name looked up, so a large hashed file makes every lookup
 * slow; the lines covering a name are remembered per parsed file (a re-read file is a new
 * object). Files only grow by appending, so a changed entry count means "look again".
 */
type NameHits = Map<string, { count: number; hits: KnownHostsEntry[] }>;
const matchCache = new WeakMap<KnownHostsFile, NameHits>();
const MATCH_CACHE_NAMES = 4096;

/** The entries of `file` whose host field covers `name`, in file order. */
export function entriesFor(file: KnownHostsFile, name: string): KnownHostsEntry[] {
  const lower = name.toLowerCase();
  let byName = matchCache.get(file);
  if (!byName) {
    byName = new Map() as NameHits;
    matchCache.set(file, byName);
  }
  const cached = byName.get(lower);
  if (cached?.count === file.entries.length) return cached.hits;
  const padded = paddedName(lower);
  const hits = file.entries.filter((e) => matchesLower(e, lower, padded));
  if (byName.size >= MATCH_CACHE_NAMES) byName.clear();
  byName.set(lower, { count: file.entries.length, hits });
  return hits;
}

export function sourceOf(entry: KnownHostsEntry): KnownKeySource {
  return {
    file: entry.file,
    line: entry.line,
    algorithm: entry.keyType,
    fingerprint: entry.fingerprint,
  };
}

export interface KnownHostsLookup {
  verdict: HostKeyVerdict;
  /** `@cert-authority` lines covering the name: noted for messages, never used for a plain key. */
  certAuthorities: KnownKeySource[];
}

/**
 * What the files say about `key` presented for `name` (see `knownHostsName`), with OpenSSH's
 * rules (hostfile.c check_hostkeys_by_key_or_type): a listed equal key is trusted; otherwise any
 * known key for the name — of the same type or not, as OpenSSH 9 refuses both — makes it changed;
 * an equal key under `@revoked` overrides everything.
 */
export function lookupKnownHost(
  files: readonly KnownHostsFile[],
  name: string,
  key: Uint8Array,
): KnownHostsLookup {
  const presented = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  const certAuthorities: KnownKeySource[] = [];
  const known: KnownKeySource[] = [];
  let trusted: KnownKeySource | null = null;
  let revoked: KnownKeySource | null = null;
  for (const file of files) {
    for (const entry of entriesFor(file, name)) {
      const same = entry.key.equals(presented);
      if (entry.marker === 'revoked') {
        if (same) revoked ??= sourceOf(entry);
      } else if (entry.marker === 'cert-authority') {
        certAuthorities.push(sourceOf(entry));
      } else if (same) {
        trusted ??= sourceOf(entry);
      } else {
        known.push(sourceOf(entry));
      }
    }
  }
  const verdict: HostKeyVerdict = revoked
    ? { kind: 'revoked', source: revoked }
    : trusted
      ? { kind: 'trusted', source: trusted }
      : known.length > 0
        ? { kind: 'changed', known }
        : { kind: 'unknown' };
  return { verdict, certAuthorities };
}

/** Key types known for a name, so a client can prefer them in negotiation as OpenSSH does. */
export function knownKeyTypes(files: readonly KnownHostsFile[], name: string): string[] {
  const types = new Set<string>();
  for (const file of files)
    for (const entry of entriesFor(file, name)) if (entry.marker === null) types.add(entry.keyType);
  return [...types];
}

/** One known_hosts line (with its newline) for a key, hashed like `HashKnownHosts yes`. */
export function formatKnownHostsLine(
  name: string,
  key: Uint8Array,
  options: { hash?: boolean; salt?: Buffer } = {},
): string {
  const keyType = keyTypeOfBlob(key);
  if (keyType === null) throw new Error('not an SSH public key blob');
  const lower = name.toLowerCase();
  const host =
    options.hash === false ? lower : formatHashedHost(lower, options.salt ?? randomBytes(20));
  return `${host} ${keyType} ${Buffer.from(key).toString('base64')}\n`;
}

/**
 * Appends a key to kubelab's own known-hosts file: the directory is created (0700), the file
 * is created 0600, and the line goes out in one O_APPEND write so concurrent writers never
 * interleave inside a line. A file that does not end in a newline gets one first.
 */
export async function appendKnownHost(
  file: string,
  name: string,
  key: Uint8Array,
  options: { hash?: boolean } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(prefix + formatKnownHostsLine(name, key, options));
  } finally {
    await handle.close();
  }
}
