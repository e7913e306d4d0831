import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { NewJournalEntry } from '../../shared/model/runbook/journal';
import { openJournal, readJournal } from './journal';
import { buildReport } from './report';
import { WorkspaceJournals } from './workspace-journal';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kl-wsj-'));
});
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

const hostsOf = (id: string) => [{ id: `${id}-node-1`, role: 'node', address: '10.0.0.1' }];

function command(text: string, extra: Partial<NewJournalEntry> = {}): NewJournalEntry {
  return {
    kind: 'command',
    source: 'panel',
    hostId: 'demo-node-1',
    command: text,
    mode: 'once',
    end: new Date().toISOString(),
    durationMs: 5,
    exitCode: 0,
    stdout: `${text} ran\n`,
    stderr: '',
    ...extra,
  } as NewJournalEntry;
}

const sessions = () => readdirSync(dir).filter((d) => d.startsWith('lab-'));

describe('WorkspaceJournals', () => {
  it('starts the ad-hoc session on the first command, and journals later ones into it', async () => {
    const journals = new WorkspaceJournals({ dir, hostsOf });
    expect(sessions()).toEqual([]);
    journals.record('demo', command('ip route'));
    journals.record('demo', command('ip rule'));
    await journals.settled();
    const [id] = sessions();
    expect(id).toMatch(/^lab-\d{4}-.*-workspace-demo$/);
    expect(journals.isOpen(id ?? '')).toBe(true);
    const read = readJournal(path.join(dir, id ?? ''));
    expect(read.entries.map((e) => e.kind)).toEqual(['session-start', 'command', 'command']);
    expect(read.entries[0]).toMatchObject({
      kind: 'session-start',
      scope: 'workspace',
      target: 'demo',
      hosts: hostsOf('demo'),
    });
    await journals.closeAll();
    expect(readJournal(path.join(dir, id ?? '')).entries.at(-1)?.kind).toBe('session-end');
    const report = buildReport(readJournal(path.join(dir, id ?? '')).entries);
    expect(report).toContain('# Workspace journal: demo');
    expect(report).toContain('$ ip rule');
    expect(report).toContain('command panel at');
  });

  it('starts a new ad-hoc session on a new UTC day', async () => {
    let now = new Date('2026-11-23T23:59:00Z');
    const journals = new WorkspaceJournals({ dir, hostsOf, now: () => now });
    journals.record('demo', command('date'));
    await journals.settled();
    now = new Date('2026-11-24T00:01:00Z');
    journals.record('demo', command('date'));
    await journals.settled();
    const ids = sessions().sort();
    expect(ids).toHaveLength(2);
    expect(readJournal(path.join(dir, ids[0] ?? '')).entries.at(-1)?.kind).toBe('session-end');
    expect(journals.isOpen(ids[0] ?? '')).toBe(false);
    expect(journals.isOpen(ids[1] ?? '')).toBe(true);
  });

  it('puts commands into a running runbook session, in the step then running', async () => {
    const journals = new WorkspaceJournals({ dir, hostsOf });
    const run = openJournal(path.join(dir, 'lab-run'));
    const heard: string[] = [];
    const attached = journals.attachRun('demo', 'lab-run', run.dir, (e) => heard.push(e.kind));
    attached.seen(run.append({ kind: 'step-start', step: 2, title: 'Look' }));
    journals.record('demo', command('ip addr'));
    journals.record('other', command('hostname'));
    await journals.settled();
    attached.seen(run.append({ kind: 'step-end', step: 2, ok: true, durationMs: 1 }));
    journals.record('demo', command('ip link'));
    await journals.settled();
    attached.detach();
    journals.record('demo', command('uptime'));
    await journals.settled();
    const inRun = readJournal(path.join(dir, 'lab-run')).entries.filter(
      (e) => e.kind === 'command',
    );
    expect(inRun.map((e) => [e.command, e.step])).toEqual([
      ['ip addr', 2],
      ['ip link', undefined],
    ]);
    expect(heard).toEqual(['command', 'command']);
    // Another workspace, and the same one after the run, have their own ad-hoc sessions.
    expect(sessions().filter((d) => d.includes('workspace'))).toHaveLength(2);
  });

  it('reports a journal it cannot write once, and notes the lost entries when it can again', async () => {
    const warnings: EventPayload<'lab:journal-warning'>[] = [];
    const journals = new WorkspaceJournals({ dir: path.join(dir, 'journals'), hostsOf });
    journals.listen(<E extends EventName>(name: E, payload: EventPayload<E>) => {
      if (name === 'lab:journal-warning')
        warnings.push(payload as EventPayload<'lab:journal-warning'>);
    });
    // A file where the journals folder should be: every write fails (as on a read-only disk).
    writeFileSync(path.join(dir, 'journals'), 'not a folder');
    journals.record('demo', command('one'));
    journals.record('demo', command('two'));
    await journals.settled();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/cannot be written/);
    rmSync(path.join(dir, 'journals'));
    journals.record('demo', command('three'));
    await journals.settled();
    const [id] = readdirSync(path.join(dir, 'journals'));
    const entries = readJournal(path.join(dir, 'journals', id ?? '')).entries;
    expect(entries.map((e) => (e.kind === 'command' ? e.command : e.kind))).toEqual([
      'session-start',
      'three',
      'note',
    ]);
    const last = entries.at(-1);
    expect(last?.kind === 'note' && last.text).toMatch(/^2 journal entries/);
  });

  it('keeps a capture’s pcap beside the journal', async () => {
    const journals = new WorkspaceJournals({ dir, hostsOf });
    const pcap = path.join(dir, 'temp.pcap');
    writeFileSync(pcap, Buffer.from('d4c3b2a1', 'hex'));
    journals.record('demo', command('tcpdump -i lo', { source: 'capture' }), {
      from: pcap,
      name: 'node-1/c1.pcap',
    });
    await journals.settled();
    const [id] = sessions();
    const entry = readJournal(path.join(dir, id ?? '')).entries.find((e) => e.kind === 'command');
    expect(entry).toMatchObject({ pcap: 'pcaps/node-1_c1.pcap' });
    const kept = path.join(dir, id ?? '', 'pcaps', 'node-1_c1.pcap');
    expect(existsSync(kept)).toBe(true);
    expect(readFileSync(kept).toString('hex')).toBe('d4c3b2a1');
  });
});
