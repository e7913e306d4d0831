import { describe, expect, it } from 'vitest';
import { fingerprint, hostKeyInfo, keyAlgorithm } from './fingerprint';

// From `ssh-keygen -t ed25519`; `ssh-keygen -lf` prints the fingerprint below for it.
const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIIyeXSy/+NHcEi76RWf2ljimlIVYhjaSTtEZ/xSoWLE7';
const ED25519_FINGERPRINT = 'SHA256:jMxLfivPs2Wx10PSvpsfLEHBeGvtDBwGcGpGqG9l3I8';

describe('host key blobs', () => {
  it('names the algorithm from the blob and prints the unpadded SHA256 fingerprint', () => {
    const blob = Buffer.from(ED25519, 'base64');
    expect(keyAlgorithm(blob)).toBe('ssh-ed25519');
    expect(fingerprint(blob)).toBe(ED25519_FINGERPRINT);
    expect(fingerprint(blob)).not.toContain('=');
    expect(hostKeyInfo(blob)).toMatchObject({
      algorithm: 'ssh-ed25519',
      fingerprint: ED25519_FINGERPRINT,
    });
  });

  it('says unknown for a blob too short or with an absurd name length', () => {
    expect(keyAlgorithm(new Uint8Array([0, 0]))).toBe('unknown');
    expect(keyAlgorithm(new Uint8Array([0xff, 0, 0, 0, 1]))).toBe('unknown');
  });
});
