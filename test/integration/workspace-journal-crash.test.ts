/**
 * `kill -9` while the workspace journal is writing (its writer is the asynchronous one, not the
 * runner's): the journal still parses, holds every entry the process reported as written before
 * it died (each report follows that entry's flush), and exports. A torn last line is reported.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../shared/model/runbook/journal';
import { exportJournal } from '../../electron/lab-session/export';
import { JOURNAL_FILE } from '../../electron/lab-session/journal';

const root = path.resolve(import.meta.dirname, '../..');
let work: string;
let script: string;

/** Journals big terminal entries one after another, saying each once it is on disk. */
const WRITER = `
import { WorkspaceJournals } from ${JSON.stringify(path.join(root, 'electron/lab-session/workspace-journal.ts'))};
const journals = new WorkspaceJournals({ dir: process.argv[2], hostsOf: () => [] });
for (let i = 1; ; i++) {
  journals.record('demo', {
    kind: 'command', source: 'terminal', hostId: 'node1', command: 'echo ' + i, mode: 'once',
    end: new Date().toISOString(), durationMs: 1, exitCode: null,
    stdout: String(i).repeat(20000), stderr: '',
  });
  await journals.settled();
  process.stderr.write('written ' + i + '\\n');
}
`;

beforeAll(async () => {
  const cache = path.join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  work = mkdtempSync(path.join(cache, 'kubelab-journal-crash-'));
  writeFileSync(path.join(work, 'writer.ts'), WRITER);
  script = path.join(work, 'writer.mjs');
  await build({
    entryPoints: [path.join(work, 'writer.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeAndKill(dir: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let reported = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`only ${reported} entries were written`));
    }, 30_000);
    child.stderr.on('data', (c: Buffer) => {
      reported = Math.max(
        reported,
        ...[...c.toString().matchAll(/written (\d+)/g)].map((m) => Number(m[1])),
      );
      if (reported >= after) child.kill('SIGKILL');
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(reported);
    });
  });
}

describe('the workspace journal under kill -9', () => {
  it('keeps every entry reported before the kill, parses and exports', async () => {
    const dir = path.join(work, 'journals');
    const reported = await writeAndKill(dir, 25);
    expect(reported).toBeGreaterThanOrEqual(25);
    const [session] = readdirSync(dir);
    const journalDir = path.join(dir, session ?? '');
    const read = parseJournal(readFileSync(path.join(journalDir, JOURNAL_FILE), 'utf8'));
    // Only a torn last line may be a problem; every reported entry is whole.
    expect(read.problems.every((p) => /torn last line/.test(p.message))).toBe(true);
    const commands = read.entries.filter((e) => e.kind === 'command');
    expect(commands.length).toBeGreaterThanOrEqual(reported);
    expect(commands.slice(0, reported).map((e) => e.kind === 'command' && e.command)).toEqual(
      Array.from({ length: reported }, (_, i) => `echo ${i + 1}`),
    );
    expect(read.entries[0]).toMatchObject({ kind: 'session-start', scope: 'workspace' });
    const out = exportJournal(journalDir, path.join(work, 'report.md'));
    expect(out.markdown).toContain('# Workspace journal: demo');
    expect(out.markdown).toContain(`$ echo ${reported}`);
  }, 60_000);
});
