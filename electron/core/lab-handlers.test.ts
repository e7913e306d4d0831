import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/model/runbook/journal';
import { createDemoLab } from '../demo';
import { labHandlers } from './lab-handlers';
import { WorkspaceRegistry } from './workspaces';

/** A 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Handlers over the demo lab, the shipped runbooks and a fresh journals folder. */
function setup(journalsDir = mkdtempSync(path.join(tmpdir(), 'kubelab-lab-api-'))) {
  dirs.push(journalsDir);
  const lab = createDemoLab({ seed: 7 });
  const registry = new WorkspaceRegistry();
  registry.add({ id: 'demo', name: 'Demo', kind: 'demo', description: '', hosts: lab.hosts });
  const events: { sessionId: string; entry: JournalEntry }[] = [];
  const handlers = labHandlers(
    registry,
    (name, payload) => {
      if (name === 'lab:entry') events.push(payload as (typeof events)[number]);
    },
    new AbortController().signal,
    { runbooksDir: path.resolve(import.meta.dirname, '../../runbooks'), journalsDir },
  );
  return { handlers, events, journalsDir };
}

async function runToEnd(s: ReturnType<typeof setup>, runbookId: string, steps?: number[]) {
  const { sessionId } = await s.handlers['lab:start']({
    workspaceId: 'demo',
    runbookId,
    ...(steps ? { steps } : {}),
  });
  await expect
    .poll(() => s.events.some((e) => e.sessionId === sessionId && e.entry.kind === 'session-end'), {
      timeout: 30_000,
    })
    .toBe(true);
  return sessionId;
}

describe('lab API for the UI: notes, graph images, export, bundle, replay', () => {
  it('journals a note and a PNG once per step, and the report and bundle embed the PNG', async () => {
    const s = setup();
    const sessionId = await runToEnd(s, 'vpc-cni-basics', [0]);
    await s.handlers['lab:note']({ sessionId, step: 0, text: 'primary ENI is ens5' });
    await s.handlers['lab:image']({ sessionId, step: 0, png: PNG, caption: 'After step 1' });
    // Sent again (a second export): the picture is replaced, not journaled twice.
    await expect(s.handlers['lab:image']({ sessionId, step: 0, png: PNG })).resolves.toEqual({
      file: 'images/step-1.png',
    });
    const journal = await s.handlers['lab:journal']({ sessionId });
    expect(journal.entries.filter((e) => e.kind === 'image')).toHaveLength(1);
    expect(s.events.map((e) => e.entry.kind)).toEqual(expect.arrayContaining(['note', 'image']));

    const exported = await s.handlers['lab:export']({ sessionId });
    expect(exported.markdown).toContain('![After step 1](images/step-1.png)');
    expect(exported.markdown).toContain('primary ENI is ens5');
    expect(exported.images).toEqual({ 'images/step-1.png': PNG });

    const bundle = await s.handlers['lab:bundle']({ sessionId });
    const files = unzipSync(Buffer.from(bundle.zip, 'base64'));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['report.md', 'journal.jsonl', 'images/step-1.png']),
    );
  }, 60_000);

  it('refuses bytes that are not a PNG', async () => {
    const s = setup();
    const sessionId = await runToEnd(s, 'vpc-cni-basics', [0]);
    // Handlers throw as they are called; the backend turns that into an error reply.
    expect(() =>
      s.handlers['lab:image']({ sessionId, png: Buffer.from('GIF89a...').toString('base64') }),
    ).toThrow(/not a PNG/);
  }, 60_000);

  it('lists past sessions and reads their journals from disk in a later backend (replay)', async () => {
    const first = setup();
    const sessionId = await runToEnd(first, 'vpc-cni-basics', [0]);
    const later = setup(first.journalsDir);
    await expect(later.handlers['lab:sessions']({})).resolves.toEqual([
      expect.objectContaining({
        sessionId,
        runbookId: 'vpc-cni-basics',
        target: 'demo',
        isRunning: false,
        ok: true,
      }),
    ]);
    const read = await later.handlers['lab:journal']({ sessionId });
    expect(read.entries.at(-1)?.kind).toBe('session-end');
    expect(() => later.handlers['lab:journal']({ sessionId: 'lab-nope' })).toThrow(
      /no lab session/,
    );
  }, 60_000);
});
