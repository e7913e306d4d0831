import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Params, Result } from '../../shared/api/contract';
import type { labRequests } from '../../shared/api/contract-lab';
import { ApiError } from '../../shared/api/reply';
import { formatRunbookError, loadRunbook, type Runbook } from '../../shared/model/runbook';
import { parseJournal, type NewJournalEntry } from '../../shared/model/runbook/journal';
import { kubelabConfigDir } from '../workspace-store';
import { exportJournal } from '../lab-session/export';
import { JOURNAL_FILE, openJournal, readJournal, type JournalWriter } from '../lab-session/journal';
import { buildReport } from '../lab-session/report';
import { runRunbook } from '../lab-session/runner';
import type { WorkspaceJournals } from '../lab-session/workspace-journal';
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
  given?: LabPlaces,
  /** The workspace journal: its ad-hoc sessions are listed here, and runs take its commands. */
  journals?: WorkspaceJournals,
): LabHandlers {
  const places = given ?? {
    ...defaultLabPlaces(),
    ...(journals ? { journalsDir: journals.dir } : {}),
  };
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
  // A session of this backend, or one an earlier run left in journalsDir (ids are [0-9a-z-]).
  const dirOf = (id: string): string => {
    const live = sessions.get(id);
    if (live) return live.dir;
    const dir = path.join(places.journalsDir, id);
    if (!existsSync(path.join(dir, JOURNAL_FILE)))
      throw new ApiError('not-found', `no lab session ${id}`);
    return dir;
  };
  // Notes and images go through their own append-mode handle: one write per line keeps lines
  // whole beside the runner's writer.
  const appendTo = (id: string, entry: NewJournalEntry) => {
    const file = openJournal(dirOf(id));
    try {
      emit('lab:entry', { sessionId: id, entry: file.append(entry) });
    } finally {
      file.close();
    }
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
          attached?.seen(written);
          return written;
        },
        close: () => file.close(),
      };
      // While it runs, the panel's, terminals' and captures' commands join this journal.
      const attached = journals?.attachRun(p.workspaceId, sessionId, dir, (entry) =>
        emit('lab:entry', { sessionId, entry }),
      );
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
          attached?.detach();
          journal.close();
        });
      sessions.set(sessionId, { dir, abort, done });
      return Promise.resolve({ sessionId, journalDir: dir });
    },
    'lab:cancel': (p) => {
      sessionOf(p.sessionId).abort.abort();
      return Promise.resolve(null);
    },
    'lab:journal': (p) => Promise.resolve(readJournal(dirOf(p.sessionId))),
    'lab:report': (p) => {
      const read = readJournal(dirOf(p.sessionId));
      return Promise.resolve({ markdown: buildReport(read.entries, { problems: read.problems }) });
    },
    'lab:sessions': () => {
      const ids = existsSync(places.journalsDir)
        ? readdirSync(places.journalsDir).filter(
            (d) =>
              /^lab-[0-9a-z-]{1,64}$/.test(d) &&
              existsSync(path.join(places.journalsDir, d, JOURNAL_FILE)),
          )
        : [];
      const list = ids.flatMap((sessionId) => {
        // Only the first and last lines matter here: validating every snapshot of every
        // journal would make the list slow as sessions pile up.
        const lines = readFileSync(path.join(places.journalsDir, sessionId, JOURNAL_FILE), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '');
        const { entries } = parseJournal(
          `${lines[0] ?? ''}\n${lines.length > 1 ? `${lines.at(-1) ?? ''}\n` : ''}`,
        );
        const start = entries.find((e) => e.kind === 'session-start');
        if (!start || start.kind !== 'session-start') return [];
        const end = entries.findLast((e) => e.kind === 'session-end');
        const runbook = start.runbook as { title?: unknown } | undefined;
        const isWorkspace = start.scope === 'workspace';
        return [
          {
            sessionId,
            title: isWorkspace
              ? 'Workspace journal'
              : typeof runbook?.title === 'string'
                ? runbook.title
                : (start.file ?? sessionId),
            ...(start.scope ? { scope: start.scope } : {}),
            ...(start.file !== undefined ? { runbookId: start.file.replace(/\.yaml$/, '') } : {}),
            target: start.target,
            startedAt: start.at,
            isRunning:
              (sessions.has(sessionId) || journals?.isOpen(sessionId) === true) &&
              end === undefined,
            ...(end?.kind === 'session-end' && !isWorkspace ? { ok: end.ok } : {}),
          },
        ];
      });
      return Promise.resolve(list.sort((a, b) => b.startedAt.localeCompare(a.startedAt)));
    },
    'lab:note': (p) => {
      appendTo(p.sessionId, {
        kind: 'note',
        text: p.text,
        ...(p.step !== undefined ? { step: p.step } : {}),
      });
      return Promise.resolve(null);
    },
    'lab:image': (p) => {
      const bytes = Buffer.from(p.png, 'base64');
      const PNG_MAGIC = '89504e470d0a1a0a';
      if (bytes.subarray(0, 8).toString('hex') !== PNG_MAGIC)
        throw new ApiError('invalid-params', 'png: not a PNG image');
      const dir = dirOf(p.sessionId);
      const file = `images/${p.step === undefined ? 'session' : `step-${p.step + 1}`}.png`;
      const full = path.join(dir, file);
      const isNew = !existsSync(full);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, bytes);
      if (isNew)
        appendTo(p.sessionId, {
          kind: 'image',
          file,
          ...(p.step !== undefined ? { step: p.step } : {}),
          ...(p.caption !== undefined ? { caption: p.caption } : {}),
        });
      return Promise.resolve({ file });
    },
    'lab:export': (p) => {
      const dir = dirOf(p.sessionId);
      const read = readJournal(dir);
      const images: Record<string, string> = {};
      for (const e of read.entries)
        if (e.kind === 'image' && existsSync(path.join(dir, e.file)))
          images[e.file] = readFileSync(path.join(dir, e.file)).toString('base64');
      return Promise.resolve({
        markdown: buildReport(read.entries, { problems: read.problems }),
        images,
      });
    },
    'lab:bundle': (p) => {
      const dir = dirOf(p.sessionId);
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelab-bundle-'));
      try {
        const zipPath = path.join(tmp, 'bundle.zip');
        exportJournal(dir, path.join(tmp, 'report.md'), zipPath);
        const zip = readFileSync(zipPath);
        // One API frame is 1 MiB; base64 grows by a third.
        if (zip.length > 700_000)
          throw new ApiError(
            'invalid-params',
            `the bundle is ${Math.round(zip.length / 1024)} KiB, too big for one reply: use kubelab lab export ${dir} --bundle OUT.zip`,
          );
        return Promise.resolve({ name: `${p.sessionId}.zip`, zip: zip.toString('base64') });
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
