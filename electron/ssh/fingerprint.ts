/**
 * Reading a server's host key blob: its algorithm name and its SHA256 fingerprint, the same
 * text `ssh-keygen -lf` prints, so what a person compares matches what OpenSSH shows.
 */
import { createHash } from 'node:crypto';
import type { HostKeyInfo } from './types';

/** The algorithm named at the start of an SSH public key blob (a uint32 length, then the name). */
export function keyAlgorithm(blob: Uint8Array): string {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < 4) return 'unknown';
  const length = bytes.readUInt32BE(0);
  if (length === 0 || length > 64 || bytes.length < 4 + length) return 'unknown';
  return bytes.toString('latin1', 4, 4 + length);
}

/** `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Uint8Array): string {
  const digest = createHash('sha256').update(blob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

export function hostKeyInfo(blob: Uint8Array): HostKeyInfo {
  return {
    algorithm: keyAlgorithm(blob),
    key: new Uint8Array(blob),
    fingerprint: fingerprint(blob),
  };
}
