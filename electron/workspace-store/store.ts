/**
 * Saved workspaces: one JSON file per workspace under `<config dir>/workspaces/`. A file that
 * cannot be read is moved aside and reported, a file from a newer kubelab is left untouched and
 * reported; neither is ever silently replaced by an empty workspace.
 */
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  SAVED_WORKSPACE_MAX_VERSION,
  SavedWorkspace,
  savedVersionFor,
} from '../../shared/model/saved-workspace';
import { Id } from '../../shared/model/workspace';
import { writeFileAtomic } from './atomic-file';
import { kubelabConfigDir } from './config-dir';

/** Why a workspace file was not loaded. */
export type LoadProblem =
  | {
      kind: 'corrupt';
      workspaceId: string;
      file: string;
      /** Where the unreadable file now is, so nothing the user had is lost. */
      movedTo: string;
      reason: string;
    }
  | {
      kind: 'newer-version';
      workspaceId: string;
      file: string;
      version: number;
      reason: string;
    };

export type LoadResult =
  | { kind: 'ok'; workspace: SavedWorkspace }
  | { kind: 'missing' }
  | { kind: 'problem'; problem: LoadProblem };

/** Thrown when a save would destroy something: a newer-version or unreadable file in place. */
export class WorkspaceStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceStoreError';
  }
}

export interface WorkspaceStore {
  /** The folder the workspace files are in. */
  readonly dir: string;
  /** Every readable workspace, and a problem for each file that is not. */
  list(): Promise<{ workspaces: SavedWorkspace[]; problems: LoadProblem[] }>;
  load(id: string): Promise<LoadResult>;
  /**
   * Validates and writes a workspace (atomically, mode 0600). Refuses, without touching it, to
   * replace a file that is from a newer kubelab or cannot be read: `load` first moves a corrupt
   * file aside and reports it.
   */
  save(workspace: SavedWorkspace): Promise<void>;
  /**
   * Reads, changes and saves one workspace, one change at a time per workspace. A newer or
   * unreadable file is refused and left exactly as it is.
   */
  update(
    id: string,
    change: (current: SavedWorkspace | undefined) => SavedWorkspace,
  ): Promise<SavedWorkspace>;
  /** Removes a workspace's file; false if there was none. */
  remove(id: string): Promise<boolean>;
}

export interface WorkspaceStoreOptions {
  /** The config directory (default: `kubelabConfigDir()`); workspaces go in `workspaces/`. */
  configDir?: string;
  /** For the names of moved-aside files; tests pass a fixed clock. */
  now?: () => Date;
}

const VersionProbe = z.object({ version: z.number() });

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`)
    .join('; ');
}

/** Opens the store (nothing is read or created until it is used). */
export function createWorkspaceStore(options: WorkspaceStoreOptions = {}): WorkspaceStore {
  const dir = path.join(options.configDir ?? kubelabConfigDir(), 'workspaces');
  const now = options.now ?? (() => new Date());
  const fileOf = (id: string): string => {
    // The id doubles as the file name, so only ids the schema allows may name a file.
    const parsed = Id.safeParse(id);
    if (!parsed.success) throw new WorkspaceStoreError(`"${id}" is not a workspace id`);
    return path.join(dir, `${parsed.data}.json`);
  };

  /** What is in the file now, without side effects. */
  const inspect = async (
    id: string,
  ): Promise<
    | { kind: 'ok'; workspace: SavedWorkspace }
    | { kind: 'missing' }
    | { kind: 'newer'; version: number }
    | { kind: 'bad'; reason: string }
  > => {
    let text: string;
    try {
      text = await readFile(fileOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { kind: 'bad', reason: `not JSON: ${(error as Error).message}` };
    }
    const probe = VersionProbe.safeParse(json);
    if (probe.success && probe.data.version > SAVED_WORKSPACE_MAX_VERSION)
      return { kind: 'newer', version: probe.data.version };
    const parsed = SavedWorkspace.safeParse(json);
    if (!parsed.success) return { kind: 'bad', reason: describeIssues(parsed.error) };
    if (parsed.data.id !== id)
      return { kind: 'bad', reason: `the file names workspace "${parsed.data.id}", not "${id}"` };
    return { kind: 'ok', workspace: parsed.data };
  };

  const moveAside = async (id: string): Promise<string> => {
    const file = fileOf(id);
    const base = path.join(dir, `${id}.corrupt-${stamp(now())}`);
    for (let n = 0; ; n++) {
      const target = `${base}${n ? `-${n}` : ''}.json`;
      const isTaken = await stat(target).then(
        () => true,
        () => false,
      );
      // Two problems in the same millisecond: try the next name rather than overwrite one.
      if (isTaken) continue;
      await rename(file, target);
      return target;
    }
  };

  const load = async (id: string): Promise<LoadResult> => {
    const state = await inspect(id);
    switch (state.kind) {
      case 'ok':
      case 'missing':
        return state;
      case 'newer':
        return {
          kind: 'problem',
          problem: {
            kind: 'newer-version',
            workspaceId: id,
            file: fileOf(id),
            version: state.version,
            reason: `saved by a newer kubelab (file version ${state.version}, this one reads ${SAVED_WORKSPACE_MAX_VERSION}); left untouched`,
          },
        };
      case 'bad': {
        const movedTo = await moveAside(id);
        return {
          kind: 'problem',
          problem: {
            kind: 'corrupt',
            workspaceId: id,
            file: fileOf(id),
            movedTo,
            reason: state.reason,
          },
        };
      }
    }
  };

  const save = async (workspace: SavedWorkspace): Promise<void> => {
    const parsed = SavedWorkspace.safeParse(workspace);
    if (!parsed.success)
      throw new WorkspaceStoreError(
        `workspace ${workspace.id} is not valid: ${describeIssues(parsed.error)}`,
      );
    const state = await inspect(parsed.data.id);
    if (state.kind === 'newer')
      throw new WorkspaceStoreError(
        `${fileOf(parsed.data.id)} was saved by a newer kubelab (version ${state.version}); not overwriting it`,
      );
    if (state.kind === 'bad')
      throw new WorkspaceStoreError(
        `${fileOf(parsed.data.id)} cannot be read (${state.reason}); not overwriting it — load it to move it aside first`,
      );
    // Version 2 only when the file uses what version 1 lacks: older kubelabs keep reading the rest.
    const data = { ...parsed.data, version: savedVersionFor(parsed.data) };
    await writeFileAtomic(fileOf(data.id), `${JSON.stringify(data, null, 2)}\n`);
  };

  // One change at a time per workspace within this process; the rename keeps files whole.
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(id: string, task: () => Promise<T>): Promise<T> => {
    const previous = queues.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    queues.set(id, settled);
    void settled.then(() => {
      if (queues.get(id) === settled) queues.delete(id);
    });
    return next;
  };

  return {
    dir,
    load: (id) => serialized(id, () => load(id)),
    save: (workspace) => serialized(workspace.id, () => save(workspace)),
    update: (id, change) =>
      serialized(id, async () => {
        const state = await inspect(id);
        // Refuse without moving anything: the caller reports it, the file stays as it was.
        if (state.kind === 'newer')
          throw new WorkspaceStoreError(
            `${fileOf(id)} was saved by a newer kubelab (version ${state.version}); not changing it`,
          );
        if (state.kind === 'bad')
          throw new WorkspaceStoreError(
            `${fileOf(id)} cannot be read (${state.reason}); not overwriting it`,
          );
        const next = change(state.kind === 'ok' ? state.workspace : undefined);
        if (next.id !== id)
          throw new WorkspaceStoreError(`update of ${id} returned workspace ${next.id}`);
        await save(next);
        return next;
      }),
    remove: (id) =>
      serialized(id, async () => {
        try {
          await rm(fileOf(id));
          return true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
          throw error;
        }
      }),
    list: async () => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          return { workspaces: [], problems: [] };
        throw error;
      }
      const workspaces: SavedWorkspace[] = [];
      const problems: LoadProblem[] = [];
      const ids = names
        .filter((n) => n.endsWith('.json') && !n.includes('.corrupt-'))
        .map((n) => n.slice(0, -'.json'.length))
        .filter((id) => Id.safeParse(id).success)
        .sort();
      for (const id of ids) {
        const result = await serialized(id, () => load(id));
        if (result.kind === 'ok') workspaces.push(result.workspace);
        else if (result.kind === 'problem') problems.push(result.problem);
      }
      return { workspaces, problems };
    },
  };
}
