/**
 * Where kubelab keeps secrets it was allowed to remember (a host's password, a key's
 * passphrase). Callers see one small interface; whether the secret survives a restart depends
 * on the implementation, and `persistence` says which one is in use and why.
 */
import { Id } from '../../shared/model/workspace';

/** How long secrets live, and why: shown to the user so "remember" never promises too much. */
export type SecretPersistence =
  { kind: 'memory'; reason: string } | { kind: 'encrypted-file'; file: string; backend: string };

export interface SecretStore {
  readonly persistence: SecretPersistence;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** False if there was nothing under `key`. */
  delete(key: string): Promise<boolean>;
}

/** A key names what the secret is for, e.g. `eks/node1:password`; never the secret itself. */
export function checkSecretKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/.test(key))
    throw new Error(`"${key}" is not a secret key (letters, digits and . _ : / @ -, at most 200)`);
}

/** The key a host's password or key passphrase is kept under: `<workspace>/<host>:<kind>`. */
export function hostSecretKey(
  workspaceId: string,
  hostId: string,
  kind: 'password' | 'passphrase',
): string {
  for (const id of [workspaceId, hostId])
    if (!Id.safeParse(id).success) throw new Error(`"${id}" is not a workspace or host id`);
  return `${workspaceId}/${hostId}:${kind}`;
}

/** Runs `task` and answers with a promise, so a bad key rejects instead of throwing. */
function settle<T>(task: () => T): Promise<T> {
  return new Promise((resolve) => resolve(task()));
}

/** Secrets kept in this process only: the default in serve mode, the CLI and when refused. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  constructor(
    readonly persistence: SecretPersistence = {
      kind: 'memory',
      reason: 'not persisted in this mode',
    },
  ) {}

  get(key: string): Promise<string | undefined> {
    return settle(() => {
      checkSecretKey(key);
      return this.values.get(key);
    });
  }

  set(key: string, value: string): Promise<void> {
    return settle(() => {
      checkSecretKey(key);
      this.values.set(key, value);
    });
  }

  delete(key: string): Promise<boolean> {
    return settle(() => {
      checkSecretKey(key);
      return this.values.delete(key);
    });
  }
}
