/**
 * Captures over real OpenSSH on this machine's loopback: packets parsed and counted, the pcap
 * channel, and — listed with pgrep after each way a capture can end — no tcpdump left behind.
 * Each test filters on its own port, so the processes it looks for are its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureHub, type StartCapture } from '../../electron/capture/capture-hub';
import { Backend } from '../../electron/core/backend';
import { WorkspaceRegistry } from '../../electron/core/workspaces';
import { SshPool } from '../../electron/ssh/pool';
import { SshHost } from '../../electron/ssh/ssh-host';
import type { SshTarget } from '../../electron/ssh/types';
import { recorder, until, type RecordedEvent } from '../support/events';
import { canRunSshd, hostFor } from '../support/ssh-hosts';
import {
  ensureTestUser,
  freePort,
  processesMatching,
  startSshd,
  stopAllSshd,
  trustOnly,
  type Sshd,
} from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';

const canRun = canRunSshd();

const ofName = <N extends RecordedEvent['name']>(events: RecordedEvent[], name: N) =>
  events.filter((e): e is Extract<RecordedEvent, { name: N }> => e.name === name);

/** A TCP server on loopback and a client that connects `n` times (each a SYN on `lo`). */
async function listen(port: number): Promise<Server> {
  const server = createServer((socket) => socket.end('hi\n'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
async function connectTimes(port: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
  }
}

const tcpdumpsFor = (port: number) => processesMatching(`tcpdump.*port ${port}`);

describe.runIf(canRun)('capture over real sshd', () => {
  let sshd: Sshd;
  let pool: SshPool;
  let host: SshHost;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd({ maxSessions: 20 });
    pool = new SshPool({
      verifier: trustOnly(sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    host = asUser(sshd.target(), 'root');
    dir = mkdtempSync(path.join(tmpdir(), 'kl-capture-'));
  });
  afterAll(() => {
    pool.closeAll();
    stopAllSshd();
    rmSync(dir, { recursive: true, force: true });
  });

  function asUser(target: SshTarget, user: string): SshHost {
    const d = { id: target.name, name: target.name, role: 'node' as const, address: target.host };
    return new SshHost({ ...d, user, tags: [] }, target, pool);
  }

  function capture(request: Omit<StartCapture, 'hosts'>, hub?: CaptureHub) {
    const { events, emit } = recorder();
    const h = hub ?? new CaptureHub(emit);
    const started = h.start({ hosts: [host], ...request });
    const listening = () =>
      ofName(events, 'capture:status').some((e) => e.payload.status === 'listening');
    const ended = () => ofName(events, 'capture:end')[0]?.payload;
    return { hub: h, events, started, listening, ended };
  }

  it('parses every SYN, stops at the count, and keeps a pcap that tcpdump -r reads back alike', async () => {
    const port = await freePort();
    const server = await listen(port);
    const pcap = path.join(dir, 'count.pcap');
    const c = capture({
      iface: 'lo',
      filter: `tcp port ${port} and tcp[tcpflags] & tcp-syn != 0`,
      maxPackets: 6,
      maxSeconds: 30,
      pcapPath: () => pcap,
    });
    await until(c.listening, 10_000);
    // The pcap channel listens at about the same time; give it the same start.
    await new Promise((r) => setTimeout(r, 500));
    await connectTimes(port, 3);
    await until(() => c.ended() !== undefined, 15_000);
    server.close();
    const end = c.ended();
    expect(end).toMatchObject({ reason: 'count', packets: 6, dropped: 0 });
    const packets = ofName(c.events, 'capture:packets').flatMap((e) => e.payload.packets);
    expect(packets.map((p) => p.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(packets.filter((p) => p.tcp?.flags === 'S')).toHaveLength(3);
    expect(packets.every((p) => p.interface === 'lo' && p.src === '127.0.0.1')).toBe(true);
    expect(packets[0]?.ts).toBeGreaterThan(Date.now() - 60_000);
    expect(c.started.command).toMatch(/^TZ=UTC tcpdump -i lo -nn -U -l -tttt -c 6 -- 'tcp port/);
    const read = spawnSync('tcpdump', ['-r', pcap, '-nn'], { encoding: 'utf8' });
    expect(read.stdout.trim().split('\n')).toHaveLength(6);
    expect(end?.streams[0]?.pcap?.bytes).toBeGreaterThan(24);
    expect(tcpdumpsFor(port)).toEqual([]);
  });

  it.each([
    ['stop', 'stopped'],
    ['session close', 'closed'],
    ['duration', 'duration'],
  ] as const)(
    'ends a tcpdump whose filter never matches on %s (no output, so no SIGPIPE would)',
    async (how, reason) => {
      const port = await freePort();
      const c = capture({
        iface: 'lo',
        filter: `udp port ${port}`,
        maxPackets: 100,
        maxSeconds: how === 'duration' ? 2 : 60,
        pcapPath: () => path.join(dir, `never-${port}.pcap`),
      });
      await until(c.listening, 10_000);
      await until(() => tcpdumpsFor(port).length >= 2);
      if (how === 'stop') c.hub.stop(c.started.captureId);
      if (how === 'session close') c.hub.closeAll();
      await until(() => c.ended() !== undefined, 10_000);
      expect(c.ended()).toMatchObject({ reason, packets: 0 });
      // The end is reported once the remote processes are gone, not before.
      expect(tcpdumpsFor(port)).toEqual([]);
    },
  );

  it('ends the remote tcpdump when the backend session closes (window closed, app quit)', async () => {
    const port = await freePort();
    const registry = new WorkspaceRegistry();
    registry.add({ id: 'lab', name: 'lab', kind: 'ssh', description: '', hosts: [host] });
    const backend = new Backend(registry, {
      version: '0',
      transport: 'websocket',
      platform: 'linux',
    });
    const { events, emit } = recorder();
    const session = backend.openSession(emit);
    const reply = await session.handle('capture:start', {
      workspaceId: 'lab',
      hostIds: [host.description.id],
      iface: 'lo',
      filter: `udp port ${port}`,
      maxPackets: 10,
      maxSeconds: 60,
      keepPcap: true,
    });
    expect(reply.ok).toBe(true);
    await until(() => tcpdumpsFor(port).length >= 2, 10_000);
    session.close();
    await until(() => ofName(events, 'capture:end').length === 1, 10_000);
    expect(ofName(events, 'capture:end')[0]?.payload.reason).toBe('closed');
    await until(() => tcpdumpsFor(port).length === 0, 5000);
  });

  it('ends every tcpdump when sshd dies under it', async () => {
    const port = await freePort();
    const own = await startSshd();
    const ownPool = new SshPool({
      verifier: trustOnly(own),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    const ownHost = hostFor(own.target(), ownPool);
    const { events, emit } = recorder();
    new CaptureHub(emit).start({
      hosts: [ownHost],
      iface: 'lo',
      filter: `udp port ${port}`,
      maxPackets: 10,
      maxSeconds: 60,
      pcapPath: () => path.join(dir, `dies-${port}.pcap`),
    });
    await until(() => tcpdumpsFor(port).length >= 2, 10_000);
    await own.stop();
    await until(() => ofName(events, 'capture:end').length === 1, 10_000);
    expect(ofName(events, 'capture:stream-end')[0]?.payload.reason).toBe('disconnected');
    await until(() => tcpdumpsFor(port).length === 0, 5000);
    ownPool.closeAll();
  });

  it('lists interfaces from ip -j addr and hands back a kept pcap through the API', async () => {
    const port = await freePort();
    const server = await listen(port);
    const registry = new WorkspaceRegistry();
    registry.add({ id: 'lab', name: 'lab', kind: 'ssh', description: '', hosts: [host] });
    const backend = new Backend(registry, {
      version: '0',
      transport: 'websocket',
      platform: 'linux',
    });
    const { events, emit } = recorder();
    const session = backend.openSession(emit);
    const ifaces = await session.handle('capture:interfaces', {
      workspaceId: 'lab',
      hostId: host.description.id,
    });
    const names = ifaces.ok
      ? (ifaces.value as { interfaces: { name: string }[] }).interfaces.map((x) => x.name)
      : [];
    expect(names).toContain('lo');
    const start = await session.handle('capture:start', {
      workspaceId: 'lab',
      hostIds: [host.description.id],
      iface: 'lo',
      filter: `tcp dst port ${port} and tcp[tcpflags] & tcp-syn != 0`,
      maxPackets: 2,
      maxSeconds: 30,
      keepPcap: true,
    });
    expect(start.ok).toBe(true);
    const streamId = start.ok
      ? (start.value as { streams: { streamId: string }[] }).streams[0]?.streamId
      : '';
    await until(
      () => ofName(events, 'capture:status').some((e) => e.payload.status === 'listening'),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    await connectTimes(port, 2);
    await until(() => ofName(events, 'capture:end').length === 1, 15_000);
    server.close();
    const pcap = await session.handle('capture:pcap', { streamId });
    expect(pcap.ok).toBe(true);
    const value = pcap.ok
      ? (pcap.value as { bytes: number; data: string })
      : { bytes: 0, data: '' };
    const file = path.join(dir, 'api.pcap');
    writeFileSync(file, Buffer.from(value.data, 'base64'));
    const read = spawnSync('tcpdump', ['-r', file, '-nn'], { encoding: 'utf8' });
    expect(read.stdout.trim().split('\n')).toHaveLength(2);
    expect(ofName(events, 'capture:end')[0]?.payload.streams[0]?.pcap?.bytes).toBe(value.bytes);
    session.close();
  });

  it('says that sudo wants a password when the login is not root', async () => {
    const { user } = ensureTestUser();
    const userHost = asUser(sshd.target({ user, name: 'as-user' }), user);
    const { events, emit } = recorder();
    new CaptureHub(emit).start({ hosts: [userHost], iface: 'lo', maxPackets: 1, maxSeconds: 20 });
    await until(() => ofName(events, 'capture:end').length === 1, 10_000);
    const end = ofName(events, 'capture:stream-end')[0]?.payload;
    expect(end?.reason).toBe('error');
    expect(end?.error?.message).toMatch(/sudo on as-user needs a password for kubelab-test/);
  });

  it('refuses injection through the interface and the filter; quoted metacharacters stay text', async () => {
    const marker = path.join(dir, `marker-${Date.now()}`);
    const registry = new WorkspaceRegistry();
    registry.add({ id: 'lab', name: 'lab', kind: 'ssh', description: '', hosts: [host] });
    const backend = new Backend(registry, {
      version: '0',
      transport: 'websocket',
      platform: 'linux',
    });
    const { events, emit } = recorder();
    const session = backend.openSession(emit);
    const base = {
      workspaceId: 'lab',
      hostIds: [host.description.id],
      maxPackets: 1,
      maxSeconds: 5,
    };
    for (const attempt of [
      { iface: `lo;touch ${marker}` },
      { iface: '$(touch${IFS}/tmp/x)' },
      { iface: 'lo', filter: `port 1; touch ${marker}` },
      { iface: 'lo', filter: `port 1 $(touch ${marker})` },
      { iface: 'lo', filter: `port 1 \`touch ${marker}\`` },
      { iface: 'lo', filter: `port 1' ; touch ${marker} ; '` },
      { iface: 'lo', filter: `port 1\ntouch ${marker}` },
      { iface: 'lo', filter: `-w ${marker}` },
    ]) {
      const reply = await session.handle('capture:start', { ...base, ...attempt });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    }
    // Valid characters that a shell would act on: quoted, tcpdump sees them as its filter.
    const reply = await session.handle('capture:start', {
      ...base,
      iface: 'lo',
      filter: `port 1 >${marker} || port 2 && !port 3 | port 4 & port 5 <${marker}`,
    });
    expect(reply.ok).toBe(true);
    await until(() => ofName(events, 'capture:end').length === 1, 10_000);
    const end = ofName(events, 'capture:stream-end')[0]?.payload;
    expect(end?.reason).toBe('exited');
    expect(end?.message).toMatch(/tcpdump: .*(syntax error|parse error)/i);
    expect(existsSync(marker)).toBe(false);
    session.close();
  });
});
