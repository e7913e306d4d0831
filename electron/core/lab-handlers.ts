import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Params, Result } from '../../shared/api/contract';
import type { labRequests } from '../../shared/api/contract-lab';
import { ApiError } from '../../shared/api/reply';
import { formatRunbookError, loadRunbook, type Runbook } from '../../shared/model/runbook';
import { kubelabConfigDir } from '../workspace-store';
import { openJournal, readJournal, type JournalWriter } from '../lab-session/journal';
import { buildReport } from '../lab-session/report';
import { runRunbook } from '../lab-session/runner';
import type { EmitEvent } from './stream-hub';
import type { WorkspaceRegistry } from './workspaces';

export type LabHandlers = {
  [N in keyof typeof labRequests]: (params: Params<N>) => Promise<Result<N>>;
};

export interface LabPlaces {
  /** Where the shipped runbooks are. */
  runbooksDir: string;
  /** Where sessions started from the API keep their journals (one folder each). */
  journalsDir: string;
}

/**
 * The shipped runbooks folder: `KUBELAB_RUNBOOKS_DIR`, else `runbooks/` two levels above the
 * running bundle (dist/cli, dist/electron) or above bin/, else in the working directory.
 */
export function defaultLabPlaces(env = process.env): LabPlaces {
  const script = process.argv[1] ?? '';
  const candidates = [
    env.KUBELAB_RUNBOOKS_DIR,
    script && path.resolve(path.dirname(script), '../../runbooks'),
    script && path.resolve(path.dirname(script), '../runbooks'),
    path.resolve('runbooks'),
  ].filter((c): c is string => Boolean(c));
  return {
    runbooksDir: candidates.find((c) => existsSync(c)) ?? path.resolve('runbooks'),
    journalsDir: path.join(kubelabConfigDir({ env }), 'journals'),
  };
}

interface LabSession {
  dir: string;
  abort: AbortController;
  done: Promise<unknown>;
}

/**
 * `lab:*`: runbooks from the shipped folder, sessions run by the same runner as `kubelab lab
 * run`, every journal entry emitted as `lab:entry` as soon as it is on disk. Sessions end with the
 * client's session (`signal`).
 */
export function labHandlers(
  registry: WorkspaceRegistry,
  emit: EmitEvent,
  signal: AbortSignal,
  places: LabPlaces = defaultLabPlaces(),
): LabHandlers {
  const sessions = new Map<string, LabSession>();
  const load = (id: string): Runbook => {
    const file = path.join(places.runbooksDir, `${id}.yaml`);
    if (!existsSync(file))
      throw new ApiError('not-found', `no runbook ${id} in ${places.runbooksDir}`);
    const loaded = loadRunbook(readFileSync(file, 'utf8'), file);
    if (!loaded.ok)
      throw new ApiError('invalid-params', loaded.errors.map(formatRunbookError).join('\n'));
    return loaded.runbook;
  };
  const sessionOf = (id: string): LabSession => {
    const s = sessions.get(id);
    if (!s) throw new ApiError('not-found', `no lab session ${id}`);
    return s;
  };
  return {
    'lab:runbooks': () => {
      const files = existsSync(places.runbooksDir)
        ? readdirSync(places.runbooksDir)
            .filter((f) => /^[a-z0-9][a-z0-9-]*\.yaml$/.test(f))
            .sort()
        : [];
      return Promise.resolve(
        files.map((f) => {
          const id = f.replace(/\.yaml$/, '');
          const loaded = loadRunbook(readFileSync(path.join(places.runbooksDir, f), 'utf8'), f);
          return loaded.ok
            ? { id, title: loaded.runbook.title, steps: loaded.runbook.steps.map((s) => s.title) }
            : { id, title: id, steps: [], errors: loaded.errors.map(formatRunbookError) };
        }),
      );
    },
    'lab:runbook': (p) => Promise.resolve(load(p.id)),
    'lab:start': (p) => {
      const runbook = load(p.runbookId);
      const hosts = registry.get(p.workspaceId).hosts;
      for (const step of p.steps ?? [])
        if (step >= runbook.steps.length)
          throw new ApiError(
            'invalid-params',
            `${p.runbookId} has ${runbook.steps.length} steps, no step ${step + 1}`,
          );
      const sessionId =
        `lab-${new Date().toISOString().replace(/[:.]/g, '-').toLowerCase()}-${p.runbookId}`.slice(
          0,
          68,
        );
      const dir = path.join(places.journalsDir, sessionId);
      const file = openJournal(dir);
      // Every entry goes to disk first, then to the client.
      const journal: JournalWriter = {
        dir: file.dir,
        file: file.file,
        append: (entry) => {
          const written = file.append(entry);
          emit('lab:entry', { sessionId, entry: written });
          return written;
        },
        close: () => file.close(),
      };
      const abort = new AbortController();
      const stop = () => abort.abort();
      signal.addEventListener('abort', stop, { once: true });
      const done = runRunbook({
        runbook,
        file: `${p.runbookId}.yaml`,
        target: p.workspaceId,
        hosts,
        journal,
        signal: abort.signal,
        ...(p.variables ? { overrides: p.variables } : {}),
        ...(p.steps ? { only: p.steps } : {}),
      })
        .catch((cause: unknown) =>
          journal.append({
            kind: 'session-end',
            ok: false,
            durationMs: 0,
            error: `internal: ${cause instanceof Error ? cause.message : String(cause)}`,
          }),
        )
        .finally(() => {
          signal.removeEventListener('abort', stop);
          journal.close();
        });
      sessions.set(sessionId, { dir, abort, done });
      return Promise.resolve({ sessionId, journalDir: dir });
    },
    'lab:cancel': (p) => {
      sessionOf(p.sessionId).abort.abort();
      return Promise.resolve(null);
    },
    'lab:journal': (p) => Promise.resolve(readJournal(sessionOf(p.sessionId).dir)),
    'lab:report': (p) => {
      const read = readJournal(sessionOf(p.sessionId).dir);
      return Promise.resolve({ markdown: buildReport(read.entries, { problems: read.problems }) });
    },
  };
}
