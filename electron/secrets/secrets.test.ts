import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretStore,
  hostSecretKey,
  MemorySecretStore,
  type SafeStorageAdapter,
  type SecretProblem,
} from './index';

/**
 * A real cipher standing in for Electron's safeStorage (which needs Electron to run):
 * AES-256-GCM under a key only this object holds, iv ‖ tag ‖ ciphertext, authenticated.
 */
function aesGcmSafeStorage(
  backend: string | undefined,
  key = randomBytes(32),
  isAvailable = true,
): SafeStorageAdapter {
  return {
    isEncryptionAvailable: () => isAvailable,
    ...(backend !== undefined && { getSelectedStorageBackend: () => backend }),
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

let configDir = '';
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-secrets-'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

describe('secrets encrypted with a real keyring backend', () => {
  it('persists across store instances, never in clear, in a 0600 file', async () => {
    const key = randomBytes(32);
    const first = createSecretStore({
      safeStorage: aesGcmSafeStorage('gnome_libsecret', key),
      configDir,
      platform: 'linux',
    });
    expect(first.persistence).toEqual({
      kind: 'encrypted-file',
      file: path.join(configDir, 'secrets.json'),
      backend: 'gnome_libsecret',
    });
    await first.set('eks/node1:password', 'hunter2-ü');
    await first.set('eks/operator:passphrase', 'other secret');
    const file = path.join(configDir, 'secrets.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('eks/node1:password');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = createSecretStore({
      safeStorage: aesGcmSafeStorage('gnome_libsecret', key),
      configDir,
      platform: 'linux',
    });
    expect(await second.get('eks/node1:password')).toBe('hunter2-ü');
    expect(await second.delete('eks/node1:password')).toBe(true);
    expect(await second.delete('eks/node1:password')).toBe(false);
    expect(await first.get('eks/node1:password')).toBeUndefined();
    expect(await first.get('eks/operator:passphrase')).toBe('other secret');
    expect(await first.get('constructor')).toBeUndefined();
  });

  it('reports a secret it cannot decrypt (tampered, or another keyring) instead of guessing', async () => {
    const problems: SecretProblem[] = [];
    const store = createSecretStore({
      safeStorage: aesGcmSafeStorage(undefined),
      configDir,
      platform: 'darwin',
      onProblem: (p) => problems.push(p),
    });
    expect(store.persistence).toMatchObject({ kind: 'encrypted-file', backend: 'keychain' });
    await store.set('a', 'secret');
    const file = path.join(configDir, 'secrets.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, string> };
    const blob = Buffer.from(data.entries.a ?? '', 'base64');
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
    data.entries.a = blob.toString('base64');
    writeFileSync(file, JSON.stringify({ version: 1, entries: data.entries }));
    expect(await store.get('a')).toBeUndefined();
    const otherKeyring = createSecretStore({
      safeStorage: aesGcmSafeStorage(undefined),
      configDir,
      platform: 'darwin',
      onProblem: (p) => problems.push(p),
    });
    await otherKeyring.set('b', 'x');
    expect(await store.get('b')).toBeUndefined();
    expect(problems.map((p) => p.key)).toEqual(['a', 'b']);
    expect(problems[0]?.message).toMatch(/cannot decrypt/);
  });

  it('refuses to overwrite a damaged secrets file', async () => {
    const store = createSecretStore({
      safeStorage: aesGcmSafeStorage('kwallet5'),
      configDir,
      platform: 'linux',
    });
    writeFileSync(path.join(configDir, 'secrets.json'), 'not json');
    await expect(store.set('a', 'x')).rejects.toThrow(/cannot be read/);
    expect(readFileSync(path.join(configDir, 'secrets.json'), 'utf8')).toBe('not json');
  });
});

describe('refusing to persist', () => {
  it.each([
    ['basic_text on Linux', aesGcmSafeStorage('basic_text'), 'linux', /backend "basic_text"/],
    ['unknown on Linux', aesGcmSafeStorage('unknown'), 'linux', /backend "unknown"/],
    ['no backend query on Linux', aesGcmSafeStorage(undefined), 'linux', /backend "unknown"/],
    [
      'encryption unavailable',
      aesGcmSafeStorage('gnome_libsecret', randomBytes(32), false),
      'linux',
      /not available/,
    ],
    ['no safeStorage (serve mode, CLI)', undefined, 'win32', /no OS keychain/],
  ] as const)(
    '%s → memory only, with the reason',
    async (_title, safeStorage, platform, reason) => {
      const store = createSecretStore({ ...(safeStorage && { safeStorage }), configDir, platform });
      expect(store).toBeInstanceOf(MemorySecretStore);
      expect(store.persistence.kind).toBe('memory');
      expect(store.persistence.kind === 'memory' && store.persistence.reason).toMatch(reason);
      await store.set('k', 'v');
      expect(await store.get('k')).toBe('v');
      expect(() => statSync(path.join(configDir, 'secrets.json'))).toThrow();
    },
  );

  it('validates keys', async () => {
    expect(hostSecretKey('eks', 'node1', 'password')).toBe('eks/node1:password');
    expect(() => hostSecretKey('eks', '../x', 'password')).toThrow(/not a workspace or host id/);
    const store = new MemorySecretStore();
    await expect(store.set('../x', 'v')).rejects.toThrow(/not a secret key/);
  });
});
