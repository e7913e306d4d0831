/**
 * `kill -9` during `kubelab lab run`: the journal still parses, holds every entry the CLI had
 * reported before it died (each progress line is printed after its entry was written and
 * fsynced), and exports. A torn last line is reported, not fatal.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournal } from '../../shared/model/runbook/journal';
import { buildCli, cliEnv, runCli, type BuiltCli } from './cli-exec-harness';

const root = path.resolve(import.meta.dirname, '../..');
let cli: BuiltCli;
let work: string;

beforeAll(async () => {
  cli = await buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'kubelab-lab-crash-'));
});
afterAll(() => {
  cli.remove();
  rmSync(work, { recursive: true, force: true });
});

/** Starts a run and SIGKILLs it once the ENI watch has printed `kills` iterations. */
function runAndKill(
  journal: string,
  kills: number,
): Promise<{ stderr: string; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        cli.file,
        'lab',
        'run',
        path.join(root, 'runbooks/eni-growth.yaml'),
        '--target',
        'demo',
        '--journal',
        journal,
      ],
      { env: cliEnv(work), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the watch never reached ${kills} runs:\n${stderr}`));
    }, 50_000);
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if ((stderr.match(/\(#\d+\)/g) ?? []).length >= kills) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ stderr, signal });
    });
  });
}

describe('kill -9 during a run', () => {
  it('leaves a journal that parses, holds every reported entry, and exports', async () => {
    const journal = path.join(work, 'killed');
    const { stderr, signal } = await runAndKill(journal, 3);
    expect(signal).toBe('SIGKILL');
    const text = readFileSync(path.join(journal, 'journal.jsonl'), 'utf8');
    const read = parseJournal(text);
    // Whole lines only: every line written before the kill is an entry.
    expect(read.problems).toEqual([]);
    expect(read.entries.length).toBe(text.split('\n').filter(Boolean).length);
    expect(read.entries.some((e) => e.kind === 'session-end')).toBe(false);

    // Every command the CLI reported is in the journal, in order.
    const reported = [...stderr.matchAll(/^ {4}(\S+) \$ (.+?)(?: \(#(\d+)\))? → (\S+)$/gm)].map(
      (m) => ({
        hostId: m[1],
        command: m[2],
        iteration: m[3] === undefined ? undefined : Number(m[3]),
      }),
    );
    expect(reported.length).toBeGreaterThan(3);
    const commands = read.entries.flatMap((e) =>
      e.kind === 'command' && e.source !== 'setup'
        ? [{ hostId: e.hostId, command: e.command, iteration: e.iteration }]
        : [],
    );
    for (const r of reported) expect(commands).toContainEqual(r);
    // The steps reported as passed are journaled as passed.
    const passed = (stderr.match(/step \d+ passed/g) ?? []).length;
    expect(read.entries.filter((e) => e.kind === 'step-end' && e.ok)).toHaveLength(passed);

    const md = path.join(work, 'killed.md');
    const zip = path.join(work, 'killed.zip');
    const exported = await runCli(cli.file, work, [
      'lab',
      'export',
      journal,
      '--md',
      md,
      '--bundle',
      zip,
    ]);
    expect(exported.code).toBe(0);
    const report = readFileSync(md, 'utf8');
    expect(report).toContain('**Result: unfinished**');
    expect(report).toContain('## 2. Scale nginx to 30 and watch ENIs attach (unfinished)');
    expect(existsSync(zip)).toBe(true);
  });

  it('reports a torn last line and exports everything before it', async () => {
    const journal = path.join(work, 'torn');
    await runAndKill(journal, 1);
    const before = parseJournal(readFileSync(path.join(journal, 'journal.jsonl'), 'utf8')).entries
      .length;
    // What a kill in the middle of a write leaves: part of a line, no newline.
    appendFileSync(
      path.join(journal, 'journal.jsonl'),
      '{"v":1,"at":"2026-11-23T00:00:00Z","kind":"comm',
    );
    const md = path.join(work, 'torn.md');
    const exported = await runCli(cli.file, work, ['lab', 'export', journal, '--md', md]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(
      /journal line \d+: torn last line \(\d+ bytes, the writer stopped mid-entry\): left out/,
    );
    expect(exported.stderr).toContain(`${before} entries`);
    expect(readFileSync(md, 'utf8')).toMatch(/> Journal line \d+: torn last line/);
  });
});
