import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { CommandEntry } from '../../shared/model/runbook/journal';
import { ClientJournal } from './client-journal';
import { readJournal } from './journal';
import { WorkspaceJournals } from './workspace-journal';

let dir: string;
let journals: WorkspaceJournals;
let sent: EventName[];
let client: ClientJournal;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kl-client-journal-'));
  journals = new WorkspaceJournals({ dir, hostsOf: () => [] });
  sent = [];
  client = new ClientJournal(journals, (name) => sent.push(name));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => client.tap(name, payload);

async function journaled(): Promise<CommandEntry[]> {
  await journals.settled();
  const [id] = readdirSync(dir);
  if (id === undefined) return [];
  return readJournal(path.join(dir, id)).entries.filter(
    (e): e is CommandEntry => e.kind === 'command',
  );
}

describe('ClientJournal', () => {
  it('journals a panel stream as its client saw it, without the terminal codes', async () => {
    client.streamsStarted('demo', 'ls --color', [{ hostId: 'node1', streamId: 's1' }]);
    emit('stream:data', { streamId: 's1', data: '\u001b[01;34mbin\u001b[0m\r\n' });
    emit('stream:data', { streamId: 'other', data: 'not ours' });
    emit('stream:end', { streamId: 's1', hostId: 'node1', exitCode: 0, durationMs: 12 });
    expect(sent).toEqual(['stream:data', 'stream:data', 'stream:end']);
    expect(await journaled()).toMatchObject([
      { source: 'panel', hostId: 'node1', command: 'ls --color', exitCode: 0, stdout: 'bin\n' },
    ]);
  });

  it('journals the watch runs whose output changed, numbered by run', async () => {
    const run = (stdout: string) =>
      client.exec(
        'demo',
        'wc -l',
        [{ hostId: 'node1', ok: true, exitCode: 0, stdout, stderr: '', durationMs: 3 }],
        new Date(),
      );
    for (const out of ['3', '3', '3', '4', '4']) run(out);
    expect((await journaled()).map((e) => [e.stdout, e.iteration, e.mode])).toEqual([
      ['3', 1, 'watch'],
      ['4', 4, 'watch'],
    ]);
  });

  it('journals each capture stream with its counts and first packet lines', async () => {
    client.captureStarted(
      'demo',
      {
        captureId: 'c1',
        command: 'tcpdump -i eth0',
        streams: [{ streamId: 'c1-1', hostId: 'n1' }],
      },
      () => undefined,
    );
    const packet = (n: number) => ({ raw: `12:00:0${n} IP a > b`, n }) as never;
    emit('capture:packets', {
      captureId: 'c1',
      streamId: 'c1-1',
      hostId: 'n1',
      iface: 'eth0',
      packets: [packet(1), packet(2)],
      total: 2,
      dropped: 0,
    });
    emit('capture:stream-end', {
      captureId: 'c1',
      streamId: 'c1-1',
      hostId: 'n1',
      iface: 'eth0',
      reason: 'stopped',
      packets: 2,
      dropped: 0,
      exitCode: null,
      signal: 'TERM',
      durationMs: 900,
    });
    const [entry] = await journaled();
    expect(entry).toMatchObject({ source: 'capture', mode: 'capture', command: 'tcpdump -i eth0' });
    expect(entry?.stdout.split('\n')).toEqual([
      '2 packets captured on eth0, 0 not shown live (the view fell behind); ended: stopped',
      '12:00:01 IP a > b',
      '12:00:02 IP a > b',
    ]);
    expect(entry?.pcap).toBeUndefined();
  });

  it('passes every event on even when journaling it fails', () => {
    client.streamsStarted('demo', 'x', [{ hostId: 'n1', streamId: 's9' }]);
    // A malformed payload (as no hub sends) makes the journal's side throw; the client still hears it.
    emit('stream:data', { streamId: 's9', data: null as unknown as string });
    expect(sent).toEqual(['stream:data']);
  });
});
