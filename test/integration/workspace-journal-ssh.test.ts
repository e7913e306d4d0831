/**
 * The workspace journal over real OpenSSH, driven through the Backend as a window drives it: a
 * command panel run, lines typed into a terminal (with a backspace, and a real sudo password
 * prompt whose answer must never reach the disk), and a capture with its pcap. Each lands in the
 * workspace's ad-hoc journal, read from the file while the backend still runs, and the session
 * is listed, exported as Markdown and bundled (pcap included) through the `lab:*` requests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Params, RequestName, Result } from '../../shared/api/contract';
import type { CommandEntry, JournalEntry } from '../../shared/model/runbook/journal';
import { Backend, type Session } from '../../electron/core/backend';
import { WorkspaceRegistry } from '../../electron/core/workspaces';
import { JOURNAL_FILE, readJournal } from '../../electron/lab-session/journal';
import { WorkspaceJournals } from '../../electron/lab-session/workspace-journal';
import { SshPool } from '../../electron/ssh/pool';
import { recorder, until, type RecordedEvent } from '../support/events';
import { canRunSshd, hostFor } from '../support/ssh-hosts';
import {
  ensureTestUser,
  freePort,
  startSshd,
  stopAllSshd,
  trustOnly,
  type Sshd,
} from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';

const canRun = canRunSshd();

describe.runIf(canRun)('the workspace journal over real sshd', () => {
  let sshd: Sshd;
  let pool: SshPool;
  let dir: string;
  let journals: WorkspaceJournals;
  let session: Session;
  let events: RecordedEvent[];
  let hostId: string;

  beforeAll(async () => {
    sshd = await startSshd({ maxSessions: 20 });
    pool = new SshPool({
      verifier: trustOnly(sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    const host = hostFor(sshd.target(), pool);
    hostId = host.description.id;
    const registry = new WorkspaceRegistry();
    registry.add({ id: 'lab', name: 'lab', kind: 'ssh', description: '', hosts: [host] });
    dir = mkdtempSync(path.join(tmpdir(), 'kl-ws-journal-'));
    journals = new WorkspaceJournals({
      dir,
      hostsOf: () => [{ id: hostId, role: 'node', address: sshd.host }],
    });
    const backend = new Backend(
      registry,
      { version: '0', transport: 'websocket', platform: 'linux' },
      { journal: journals },
    );
    const rec = recorder();
    events = rec.events;
    session = backend.openSession(rec.emit);
  });
  afterAll(() => {
    session.close();
    pool.closeAll();
    stopAllSshd();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ok<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>> {
    const r = await session.handle(name, params);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as Result<N>;
  }

  /** The ad-hoc journal as it is on disk right now (the backend still running). */
  function onDisk(): { id: string; text: string; entries: JournalEntry[] } {
    const id = readdirSync(dir).find((d) => d.includes('-workspace-lab')) ?? '';
    // The folder is made just before its journal file is opened.
    if (!existsSync(path.join(dir, id, JOURNAL_FILE))) return { id, text: '', entries: [] };
    const text = readFileSync(path.join(dir, id, JOURNAL_FILE), 'utf8');
    return { id, text, entries: readJournal(path.join(dir, id)).entries };
  }
  const commands = (source: CommandEntry['source']) =>
    onDisk().entries.filter((e): e is CommandEntry => e.kind === 'command' && e.source === source);

  /** Terminal output so far, acknowledged as a view would. */
  function screen(terminalId: string): string {
    return events
      .flatMap((e) =>
        e.name === 'terminal:data' && e.payload.terminalId === terminalId ? [e.payload.data] : [],
      )
      .join('');
  }

  it('journals each host’s result of a panel run, flushed while the backend runs', async () => {
    const { streams } = await ok('command:start', {
      workspaceId: 'lab',
      hostIds: [hostId],
      command: 'echo panel-out; echo panel-err >&2; exit 3',
    });
    expect(streams).toHaveLength(1);
    await until(() => commands('panel').length === 1, 15_000);
    const [entry] = commands('panel');
    expect(entry).toMatchObject({
      hostId,
      command: 'echo panel-out; echo panel-err >&2; exit 3',
      exitCode: 3,
      mode: 'once',
    });
    expect(entry?.stdout).toContain('panel-out');
    expect(entry?.stdout).toContain('panel-err');
    expect(onDisk().entries[0]).toMatchObject({ kind: 'session-start', scope: 'workspace' });
    // The watch: three identical runs are one entry, a changed one another.
    for (const command of ['echo same', 'echo same', 'echo same'])
      await ok('command:exec', { workspaceId: 'lab', hostIds: [hostId], command });
    await journals.settled();
    expect(commands('panel').filter((e) => e.command === 'echo same')).toHaveLength(1);
    // Key material printed (or typed) is withheld, the rest kept.
    await ok('command:exec', {
      workspaceId: 'lab',
      hostIds: [hostId],
      command:
        'echo AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI; printf -- "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3Blbn\\n"',
    });
    await journals.settled();
    expect(onDisk().text).not.toMatch(/wJalrXUtnFEMI|b3Blbn/);
    expect(commands('panel').at(-1)?.stdout).toContain('PRIVATE KEY [withheld from the journal]');
  });

  it('journals typed terminal lines (after a backspace) and withholds a sudo password', async () => {
    const { user, password } = ensureTestUser();
    const { terminalId } = await ok('terminal:open', {
      workspaceId: 'lab',
      hostId,
      cols: 120,
      rows: 30,
    });
    const acked = setInterval(() => {
      const bytes = screen(terminalId).length;
      void session.handle('terminal:ack', { terminalId, bytes: Math.max(1, bytes) });
    }, 200);
    const type = async (keys: string) => {
      for (const k of keys) {
        await ok('terminal:input', { terminalId, data: k });
        await new Promise((r) => setTimeout(r, 15));
      }
    };
    try {
      await until(() => /[#$] $/.test(screen(terminalId)), 15_000);
      await type('echo journx\u007fal-typx\u007fed\r');
      await until(() => screen(terminalId).includes('journal-typed\r\n'), 10_000);
      await type(`su - ${user}\r`);
      await until(() => screen(terminalId).includes(`${user}@`), 10_000);
      await type('sudo -k ls /root\r');
      await until(() => screen(terminalId).includes(`password for ${user}:`), 10_000);
      await ok('terminal:input', { terminalId, data: `${password}\r` });
      await until(() => /not allowed|root:/.test(screen(terminalId)), 15_000);
      await type('exit\r');
      await type('echo after\r');
      await until(() => commands('terminal').some((e) => e.command === 'exit'), 10_000);
    } catch (e) {
      console.log('SCREEN', JSON.stringify(screen(terminalId)), 'DISK', onDisk().text);
      throw e;
    } finally {
      clearInterval(acked);
    }
    const typed = commands('terminal');
    expect(typed.map((e) => e.command)).toEqual([
      'echo journal-typed',
      `su - ${user}`,
      'sudo -k ls /root',
      'exit',
    ]);
    expect(typed[0]).toMatchObject({ stdout: 'journal-typed', exitCode: null });
    expect(typed[2]?.stdout).toContain(`[sudo] password for ${user}:`);
    const { text, entries } = onDisk();
    expect(text).not.toContain(password);
    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: 'note',
        text: expect.stringContaining('password prompt') as unknown,
      }),
    );
  });

  it('journals a capture per host with its packets and keeps its pcap', async () => {
    const port = await freePort();
    const server: Server = createServer((s) => s.end('hi\n'));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const started = await ok('capture:start', {
      workspaceId: 'lab',
      hostIds: [hostId],
      iface: 'lo',
      filter: `tcp port ${port} and tcp[tcpflags] & tcp-syn != 0`,
      maxPackets: 4,
      maxSeconds: 30,
      keepPcap: true,
    });
    await until(
      () => events.some((e) => e.name === 'capture:status' && e.payload.status === 'listening'),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 2; i++)
      await new Promise<void>((resolve) => {
        const c = connect(port, '127.0.0.1', () => c.end());
        c.on('data', () => undefined);
        c.on('close', () => resolve());
        c.on('error', () => resolve());
      });
    await until(() => commands('capture').length === 1, 20_000);
    server.close();
    const [entry] = commands('capture');
    expect(entry).toMatchObject({ hostId, command: started.command, mode: 'capture' });
    expect(entry?.stdout).toMatch(/^4 packets captured on lo/);
    expect(entry?.stdout.split('\n').filter((l) => l.includes(`.${port}`))).toHaveLength(4);
    expect(entry?.pcap).toMatch(/^pcaps\/.+\.pcap$/);
    const pcap = path.join(dir, onDisk().id, entry?.pcap ?? '');
    const read = spawnSync('tcpdump', ['-r', pcap, '-nn'], { encoding: 'utf8' });
    expect(read.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('lists the ad-hoc session in the Lab tab, exports its report and bundles its pcap', async () => {
    const { id } = onDisk();
    const list = await ok('lab:sessions', {});
    expect(list).toContainEqual(
      expect.objectContaining({
        sessionId: id,
        title: 'Workspace journal',
        scope: 'workspace',
        isRunning: true,
        target: 'lab',
      }),
    );
    const { markdown } = await ok('lab:export', { sessionId: id });
    expect(markdown).toContain('# Workspace journal: lab');
    expect(markdown).toContain('$ echo journal-typed');
    expect(markdown).toContain('exit code not known');
    expect(markdown).toContain('$ echo panel-out; echo panel-err >&2; exit 3');
    expect(markdown).toMatch(/Packets: \[pcaps\/.+\.pcap\]/);
    expect(markdown).toContain('withheld');
    const bundle = await ok('lab:bundle', { sessionId: id });
    const files = Object.keys(unzipSync(Buffer.from(bundle.zip, 'base64')));
    expect(files).toContain('report.md');
    expect(files.some((f) => /^pcaps\/.+\.pcap$/.test(f))).toBe(true);
  });
});
