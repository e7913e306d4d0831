/**
 * While a runbook runs in a workspace, what the user runs beside it (here the command panel)
 * goes into that run's journal, in the step then running; after the run, into the workspace's
 * ad-hoc session — through the Backend, on the demo lab.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandEntry, JournalEntry } from '../../shared/model/runbook/journal';
import { Backend, type Session } from '../core/backend';
import { createWorkspaces } from '../core/compose';
import { readJournal } from './journal';
import { WorkspaceJournals } from './workspace-journal';

let dir: string;
let session: Session;
let journals: WorkspaceJournals;
const entries: { sessionId: string; entry: JournalEntry }[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kl-wsj-run-'));
  process.env.KUBELAB_RUNBOOKS_DIR = path.resolve(import.meta.dirname, '../../runbooks');
  const registry = createWorkspaces({ demoSeed: 7 });
  journals = new WorkspaceJournals({
    dir,
    hostsOf: (id) =>
      registry
        .get(id)
        .hosts.map(({ description: d }) => ({ id: d.id, role: d.role, address: d.address })),
  });
  const backend = new Backend(
    registry,
    { version: '0', transport: 'websocket', platform: 'linux' },
    { journal: journals },
  );
  session = backend.openSession((name, payload) => {
    if (name === 'lab:entry') entries.push(payload as (typeof entries)[number]);
  });
});
afterAll(() => {
  session.close();
  delete process.env.KUBELAB_RUNBOOKS_DIR;
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(method: string, params: unknown): Promise<T> {
  const reply = await session.handle(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.value as T;
}

describe('the workspace journal beside a runbook run', () => {
  it('puts panel commands into the running session, in its current step', async () => {
    const { sessionId } = await call<{ sessionId: string }>('lab:start', {
      workspaceId: 'demo',
      runbookId: 'eni-growth',
    });
    const stepOf = () =>
      entries.filter((e) => e.sessionId === sessionId && e.entry.kind === 'step-start').length;
    await expect.poll(stepOf, { timeout: 30_000 }).toBeGreaterThan(0);
    const list = await call<{ id: string; hosts: { id: string }[] }[]>('workspace:list', {});
    const hostId = list.find((w) => w.id === 'demo')?.hosts[0]?.id ?? '';
    await call('command:exec', { workspaceId: 'demo', hostIds: [hostId], command: 'hostname' });
    await journals.settled();
    const inRun = () =>
      entries.filter(
        (e): e is { sessionId: string; entry: CommandEntry } =>
          e.sessionId === sessionId && e.entry.kind === 'command' && e.entry.source === 'panel',
      );
    expect(inRun()).toHaveLength(1);
    expect(inRun()[0]?.entry.step).toBeTypeOf('number');
    await call('lab:cancel', { sessionId });
    await expect
      .poll(
        () => entries.some((e) => e.sessionId === sessionId && e.entry.kind === 'session-end'),
        { timeout: 30_000 },
      )
      .toBe(true);
    // After the run, the next command opens the workspace's own journal.
    await call('command:exec', { workspaceId: 'demo', hostIds: [hostId], command: 'uptime' });
    await journals.settled();
    const adHoc = readdirSync(dir).find((d) => d.includes('-workspace-demo')) ?? '';
    const commands = readJournal(path.join(dir, adHoc)).entries.filter((e) => e.kind === 'command');
    expect(commands.map((e) => e.kind === 'command' && e.command)).toEqual(['uptime']);
    const listed = await call<{ sessionId: string; scope?: string }[]>('lab:sessions', {});
    expect(listed.map((s) => [s.sessionId, s.scope])).toEqual(
      expect.arrayContaining([
        [adHoc, 'workspace'],
        [sessionId, undefined],
      ]),
    );
  });
});
