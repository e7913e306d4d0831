/**
 * Secrets encrypted with Electron's `safeStorage` (the OS keychain, DPAPI, or libsecret/kwallet
 * on Linux) and kept in one 0600 file in the config dir. Electron stays out of this file: the
 * main process hands in its `safeStorage` as an adapter. When the platform would encrypt with a
 * fixed key — Linux's `basic_text` backend — or cannot say, nothing is written to disk.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../workspace-store/atomic-file';
import {
  checkSecretKey,
  MemorySecretStore,
  type SecretPersistence,
  type SecretStore,
} from './secret-store';

/** The part of Electron's `safeStorage` kubelab uses. */
export interface SafeStorageAdapter {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron: `basic_text`, `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6`, `unknown`. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Something wrong with a stored secret: reported, never turned into a silent empty value. */
export interface SecretProblem {
  key?: string;
  message: string;
}

export interface SecretStoreOptions {
  /** Electron's safeStorage; without it secrets stay in memory. */
  safeStorage?: SafeStorageAdapter;
  configDir: string;
  platform?: NodeJS.Platform;
  /** Hears problems with the file or single entries (a changed keyring, a damaged file). */
  onProblem?: (problem: SecretProblem) => void;
}

const SecretsFile = z.object({
  version: z.literal(1),
  /** key → base64 of safeStorage's ciphertext. */
  entries: z.record(z.string(), z.string()),
});
type SecretsFile = z.infer<typeof SecretsFile>;

/** Backends that encrypt with a key anyone can read (or that Electron could not identify). */
const UNSAFE_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Why secrets may not be persisted with this adapter, or undefined when they may. */
export function refusalReason(
  safeStorage: SafeStorageAdapter | undefined,
  platform: NodeJS.Platform,
): string | undefined {
  if (!safeStorage) return 'no OS keychain in this mode; secrets are kept for this session only';
  if (!safeStorage.isEncryptionAvailable())
    return 'the OS keychain is not available; secrets are kept for this session only';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (UNSAFE_LINUX_BACKENDS.has(backend))
      return `no keyring found (safeStorage backend "${backend}" would encrypt with a fixed key); secrets are kept for this session only`;
  }
  return undefined;
}

/** The store to use: encrypted on disk when the keychain is real, else memory with the reason. */
export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const platform = options.platform ?? process.platform;
  const reason = refusalReason(options.safeStorage, platform);
  if (reason || !options.safeStorage)
    return new MemorySecretStore({ kind: 'memory', reason: reason ?? '' });
  return new EncryptedFileSecretStore(options.safeStorage, options, platform);
}

class EncryptedFileSecretStore implements SecretStore {
  readonly persistence: SecretPersistence;
  private readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorageAdapter,
    private readonly options: SecretStoreOptions,
    platform: NodeJS.Platform,
  ) {
    this.file = path.join(options.configDir, 'secrets.json');
    const backend =
      platform === 'linux'
        ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown')
        : platform === 'darwin'
          ? 'keychain'
          : platform === 'win32'
            ? 'dpapi'
            : platform;
    this.persistence = { kind: 'encrypted-file', file: this.file, backend };
  }

  private report(problem: SecretProblem): void {
    this.options.onProblem?.(problem);
  }

  /** Reads the file; a damaged one is reported and left in place (a write would replace it). */
  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = SecretsFile.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new Error(`${this.file} cannot be read; secrets are not saved until it is removed`);
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  get(key: string): Promise<string | undefined> {
    return this.serialized(async () => {
      checkSecretKey(key);
      const { entries } = await this.read();
      // Own keys only: a key such as "constructor" must not find Object.prototype's.
      const blob = Object.hasOwn(entries, key) ? entries[key] : undefined;
      if (blob === undefined) return undefined;
      try {
        return this.safeStorage.decryptString(Buffer.from(blob, 'base64'));
      } catch (error) {
        // A keyring that was reset or moved: the secret is gone; say so instead of guessing.
        this.report({
          key,
          message: `cannot decrypt the stored secret (${(error as Error).message})`,
        });
        return undefined;
      }
    });
  }

  set(key: string, value: string): Promise<void> {
    return this.serialized(async () => {
      checkSecretKey(key);
      const data = await this.read();
      data.entries[key] = this.safeStorage.encryptString(value).toString('base64');
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    });
  }

  delete(key: string): Promise<boolean> {
    return this.serialized(async () => {
      checkSecretKey(key);
      const data = await this.read();
      if (!Object.hasOwn(data.entries, key)) return false;
      delete data.entries[key];
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
      return true;
    });
  }
}
