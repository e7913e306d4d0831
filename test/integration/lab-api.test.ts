/**
 * The `lab:*` requests a UI runner uses, through the Backend as a window would reach it: list
 * runbooks, start one on the demo, follow its journal entries as events, read the journal and
 * the report back, and cancel a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EventName,
  EventPayload,
  Params,
  RequestName,
  Result,
} from '../../shared/api/contract';
import type { JournalEntry } from '../../shared/model/runbook/journal';
import { createBackend } from '../../electron/core/compose';
import type { Session } from '../../electron/core/backend';

const root = path.resolve(import.meta.dirname, '../..');
let config: string;
let session: Session;
const entries = new Map<string, JournalEntry[]>();

beforeAll(() => {
  config = mkdtempSync(path.join(tmpdir(), 'kubelab-lab-api-'));
  process.env.KUBELAB_CONFIG_DIR = config;
  process.env.KUBELAB_RUNBOOKS_DIR = path.join(root, 'runbooks');
  const backend = createBackend({
    version: 'test',
    transport: 'websocket',
    platform: process.platform,
  });
  session = backend.openSession(<E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name !== 'lab:entry') return;
    const p = payload as EventPayload<'lab:entry'>;
    entries.set(p.sessionId, [...(entries.get(p.sessionId) ?? []), p.entry]);
  });
});
afterAll(() => {
  session.close();
  delete process.env.KUBELAB_CONFIG_DIR;
  delete process.env.KUBELAB_RUNBOOKS_DIR;
  rmSync(config, { recursive: true, force: true });
});

/** A request's value, typed by the contract; a failed reply throws its message. */
async function ok<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
  const r = await session.handle(name, params);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Result<N>;
}

async function ended(sessionId: string): Promise<JournalEntry[]> {
  for (let i = 0; i < 600; i++) {
    const list = entries.get(sessionId) ?? [];
    if (list.at(-1)?.kind === 'session-end') return list;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${sessionId} did not end`);
}

describe('lab:* over the backend', () => {
  it('lists the shipped runbooks with their steps', async () => {
    const list = await ok('lab:runbooks', {});
    const basics = list.find((r) => r.id === 'vpc-cni-basics');
    expect(basics?.errors).toBeUndefined();
    expect(basics?.steps.length).toBeGreaterThan(3);
    const full = await ok('lab:runbook', { id: 'vpc-cni-basics' });
    expect(full.steps.map((s) => s.title)).toEqual(basics?.steps);
  });

  it('runs a runbook on the demo, streaming each journal entry, and reports it', async () => {
    const { sessionId, journalDir } = await ok('lab:start', {
      workspaceId: 'demo',
      runbookId: 'pod-to-internet-snat',
    });
    expect(journalDir.startsWith(config)).toBe(true);
    const streamed = await ended(sessionId);
    expect(streamed.at(-1)).toMatchObject({ kind: 'session-end', ok: true });
    const journal = await ok('lab:journal', { sessionId });
    expect(journal.problems).toEqual([]);
    expect(journal.entries).toEqual(streamed);
    const { markdown } = await ok('lab:report', { sessionId });
    expect(markdown).toContain('# Pod → internet — SNAT to the node');
    expect(markdown).toContain('**Result: passed**');
  });

  it('runs only the steps asked for, and cancels a run', async () => {
    const one = await ok('lab:start', {
      workspaceId: 'demo',
      runbookId: 'vpc-cni-basics',
      steps: [2],
    });
    const list = await ended(one.sessionId);
    expect(
      list.filter((e) => e.kind === 'step-start').map((e) => e.kind === 'step-start' && e.step),
    ).toEqual([2]);

    const long = await ok('lab:start', { workspaceId: 'demo', runbookId: 'eni-growth' });
    await ok('lab:cancel', { sessionId: long.sessionId });
    const cancelled = await ended(long.sessionId);
    expect(cancelled.at(-1)).toMatchObject({ kind: 'session-end', ok: false });
  });

  it('refuses unknown runbooks, steps and sessions', async () => {
    const missing = await session.handle('lab:start', { workspaceId: 'demo', runbookId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const step = await session.handle('lab:start', {
      workspaceId: 'demo',
      runbookId: 'eni-growth',
      steps: [9],
    });
    expect(step).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    const bad = await session.handle('lab:journal', { sessionId: 'lab-nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
