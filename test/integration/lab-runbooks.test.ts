/**
 * Every shipped runbook passes end to end against the demo lab through the real CLI
 * (`kubelab lab run FILE --target demo --journal DIR`), and its journal exports to a report and
 * a bundle that hold every step.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunbook } from '../../shared/model/runbook';
import { parseJournal } from '../../shared/model/runbook/journal';
import { buildCli, runCli, type BuiltCli } from './cli-exec-harness';

const root = path.resolve(import.meta.dirname, '../..');
const runbookDir = path.join(root, 'runbooks');
const files = readdirSync(runbookDir).filter((f) => f.endsWith('.yaml'));
/** Runbooks of the non-EKS seed labs run against their demo variant; the rest against `demo`. */
const TARGETS: Record<string, string> = {
  'calico-path.yaml': 'demo-calico',
  'flannel-bridge-path.yaml': 'demo-flannel',
};

let cli: BuiltCli;
let work: string;

beforeAll(async () => {
  cli = await buildCli();
  work = mkdtempSync(path.join(tmpdir(), 'kubelab-lab-'));
});
afterAll(() => {
  cli.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('shipped runbooks against the demo lab', () => {
  it('ships the seed labs', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s passes, and exports a report and bundle', async (file) => {
    const text = readFileSync(path.join(runbookDir, file), 'utf8');
    const loaded = loadRunbook(text, file);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
    const journal = path.join(work, file.replace(/\.yaml$/, ''));
    const run = await runCli(
      cli.file,
      work,
      [
        'lab',
        'run',
        path.join(runbookDir, file),
        '--target',
        TARGETS[file] ?? 'demo',
        '--journal',
        journal,
      ],
      60_000,
    );
    expect(run.stderr).toMatch(/passed: all \d+ steps/);
    expect(run.code).toBe(0);

    const read = parseJournal(readFileSync(path.join(journal, 'journal.jsonl'), 'utf8'));
    expect(read.problems).toEqual([]);
    const ends = read.entries.filter((e) => e.kind === 'step-end');
    expect(ends.map((e) => e.kind === 'step-end' && e.ok)).toEqual(
      loaded.runbook.steps.map(() => true),
    );
    expect(read.entries.at(-1)).toMatchObject({ kind: 'session-end', ok: true });

    const md = path.join(journal, 'report.md');
    const zip = path.join(journal, 'bundle.zip');
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
    expect(report).toContain(`# ${loaded.runbook.title}`);
    expect(report).toContain('**Result: passed**');
    loaded.runbook.steps.forEach((s, i) => expect(report).toContain(`## ${i + 1}. ${s.title} ✅`));
    const bundle = unzipSync(readFileSync(zip));
    expect(Object.keys(bundle)).toEqual(
      expect.arrayContaining(['report.md', 'journal.jsonl', 'topology/run-start.json']),
    );
    expect(strFromU8(bundle['report.md']!)).toBe(report);
    // The first step is always drawn; the picture sits beside the report and in the bundle.
    expect(report).toContain('![Topology after step 1](topology/step-1.svg)');
    expect(strFromU8(bundle['topology/step-1.svg']!)).toMatch(/^<svg /);
    expect(readFileSync(path.join(journal, 'topology/step-1.svg'), 'utf8')).toMatch(/^<svg /);
  });
});

describe('a failing expectation', () => {
  it('exits 1 naming the step and why', async () => {
    const file = path.join(work, 'fails.yaml');
    writeFileSync(
      file,
      `title: Fails
steps:
  - title: Looks for a rule that is not there
    run:
      - on: node1
        command: ip rule
    expect:
      - ipRule: { from: 10.9.9.9, table: 7 }
`,
    );
    const run = await runCli(cli.file, work, [
      'lab',
      'run',
      file,
      '--target',
      'demo',
      '--journal',
      path.join(work, 'fails'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /FAILED at step 1 “Looks for a rule that is not there”: expected ip rule has `from 10\.9\.9\.9 lookup 7`: node1 `ip rule`: no rule from 10\.9\.9\.9 among \d+/,
    );
  });

  it('exits 2 on an invalid runbook, pointing at file:line:col and field', async () => {
    const file = path.join(work, 'invalid.yaml');
    writeFileSync(
      file,
      'title: Bad\nsteps:\n  - title: x\n    run:\n      - on: node1\n        command: ip rule\n        mode: forever\n',
    );
    const run = await runCli(cli.file, work, [
      'lab',
      'run',
      file,
      '--journal',
      path.join(work, 'invalid'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:7:15 steps[0].run[0].mode: `);
  });
});
