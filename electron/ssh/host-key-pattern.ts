import { createHmac } from 'node:crypto';
import {
  hmacEquals,
  hmacKeySchedule,
  padAfterKeyBlock,
  type HmacKeySchedule,
} from './host-key-hmac';
import { matchPattern, matchPatternList } from '../ssh-config/patterns';

/**
 * Host-name matching as OpenSSH's match.c and hostfile.c do it for known_hosts, kept apart from
 * the parser so the rules can be read (and tested against `ssh-keygen -F`) on their own.
 */

/** The name OpenSSH looks up: `HostKeyAlias` verbatim, else `host` on 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number, hostKeyAlias?: string): string {
  if (hostKeyAlias !== undefined && hostKeyAlias !== '') return hostKeyAlias.toLowerCase();
  const name = host.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** `*` and `?` glob: OpenSSH's match_pattern, shared with the ssh config resolver. */
export const globMatch = matchPattern;

/**
 * A comma list of patterns against one (already lower-case) name: a matching `!pattern`
 * vetoes the line, otherwise any matching pattern accepts it (OpenSSH's match_hostname).
 */
export function matchHostPatterns(name: string, patterns: readonly string[]): boolean {
  return matchPatternList(name, patterns, true);
}

/** A hashed host field `|1|salt|hmac`: HMAC-SHA1 of the looked-up name, keyed by the salt. */
export interface HashedHost {
  salt: Buffer;
  hash: Buffer;
  /** The salt's HMAC key schedule, computed once when the line is read. */
  schedule: HmacKeySchedule;
}

export function hashHostName(name: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

/** A name ready to be compared with many hashed lines (padded once, not once per line). */
export function paddedName(name: string): Uint8Array {
  return padAfterKeyBlock(Buffer.from(name, 'utf8'));
}

export function matchHashedHost(
  name: string,
  hashed: HashedHost,
  padded: Uint8Array = paddedName(name),
): boolean {
  return hmacEquals(hashed.schedule, padded, hashed.hash);
}

/** `|1|base64salt|base64hmac` as `ssh-keygen -H` and `HashKnownHosts yes` write it. */
export function formatHashedHost(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${hashHostName(name, salt).toString('base64')}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Strict base64 (Node's decoder skips junk silently; a known_hosts key must not). */
export function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 0 ? null : bytes;
}

/** Parses `|1|salt|hmac`; null when the field is not a well-formed hashed host. */
export function parseHashedHost(field: string): HashedHost | null {
  const parts = field.split('|');
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== '1') return null;
  const salt = decodeBase64(parts[2] ?? '');
  const hash = decodeBase64(parts[3] ?? '');
  // OpenSSH insists on SHA-1 sizes for both.
  if (!salt || !hash || salt.length !== 20 || hash.length !== 20) return null;
  return { salt, hash, schedule: hmacKeySchedule(salt) };
}
