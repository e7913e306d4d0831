/**
 * Capture on a namespace lab shaped like EKS (test/lab/capture-lab.ts): real sshd and tcpdump
 * on each node, a pod on node1 calling a Service whose endpoint is node2's pod. The SYN is seen
 * going to the VIP on the client pod's veth, DNATed to the endpoint on node1's ens5, arriving on
 * node2's ens5 and leaving to the endpoint's veth. Then the CLI: --pcap read back by tcpdump -r,
 * and no tcpdump left on any node after SIGINT or a `kill -9`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturePacket } from '../../shared/api/contract-capture';
import { CaptureHub } from '../../electron/capture/capture-hub';
import { SshHost, SshPool } from '../../electron/ssh';
import { recorder, until, type RecordedEvent } from '../support/events';
import { requireCapability } from '../support/require-capability';
import { processesMatching, sshdCapability, stopAllSshd, trustOnly } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { buildCli, cliEnv, type BuiltCli } from '../integration/cli-exec-harness';
import { netnsCapability } from './netns';
import { buildCaptureLab, type CaptureLab } from './capture-lab';

const netns = netnsCapability();
const sshd = sshdCapability();
const canRun =
  requireCapability('network namespaces (root)', netns.available, netns.hint) &&
  requireCapability('sshd (OpenSSH server) as root', sshd.available, sshd.hint);

type Row = {
  host: string;
  iface: string;
  direction: string;
  src: string;
  dst: string;
  dport: number;
  flags: string | null;
};

const packetsOf = (events: RecordedEvent[], hostId: string): CapturePacket[] =>
  events.flatMap((e) =>
    e.name === 'capture:packets' && e.payload.hostId === hostId ? e.payload.packets : [],
  );

describe.runIf(canRun)('capture across nodes through a Service (netns lab, real sshd)', () => {
  let lab: CaptureLab;
  let pool: SshPool;
  let hosts: SshHost[];
  let dir: string;
  let cli: BuiltCli;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kl-capture-lab-'));
    lab = await buildCaptureLab(dir);
    pool = new SshPool({
      verifier: trustOnly(...lab.nodes.map((n) => n.sshd)),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    hosts = lab.nodes.map(
      (n) =>
        new SshHost(
          { id: n.alias, name: n.alias, role: 'node', address: n.address, user: 'root', tags: [] },
          n.sshd.target({ name: n.alias }),
          pool,
        ),
    );
    cli = await buildCli();
    // The first request resolves the pod across nodes (proxy ARP); the tests watch later ones.
    lab.requestFromPod(1);
  }, 60_000);
  afterAll(async () => {
    pool.closeAll();
    await lab.destroy();
    stopAllSshd();
    cli.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees the SYN to the VIP on the client veth and the DNATed SYN on both nodes, in order', async () => {
    const { events, emit } = recorder();
    const hub = new CaptureHub(emit);
    const { captureId } = hub.start({
      hosts,
      iface: 'any',
      filter: 'tcp and not port 22',
      maxPackets: 1000,
      maxSeconds: 60,
    });
    const listening = () =>
      events.filter((e) => e.name === 'capture:status' && e.payload.status === 'listening').length;
    await until(() => listening() === 2, 15_000);
    const [node1, node2] = lab.nodes;
    expect(lab.requestFromPod(3)).toEqual(Array(3).fill(`${node2?.pod.ip}:${lab.podPort}`));
    const syns = (hostId: string) => packetsOf(events, hostId).filter((p) => p.tcp?.flags === 'S');
    await until(() => syns('node1').length >= 6 && syns('node2').length >= 6, 10_000);
    hub.stop(captureId);
    await until(() => events.some((e) => e.name === 'capture:end'), 10_000);

    const where = (p: CapturePacket) => `${p.interface} ${p.direction} ${p.dst}.${p.dport}`;
    const first = syns('node1')[0];
    const seq = first?.tcp?.seq;
    const sport = first?.sport;
    const journey = [...syns('node1'), ...syns('node2')].filter(
      (p) => p.tcp?.seq === seq && p.sport === sport,
    );
    expect(journey.slice(0, 4).map(where)).toEqual([
      `${node1?.pod.veth} In ${lab.vip}.${lab.vipPort}`,
      `ens5 Out ${node2?.pod.ip}.${lab.podPort}`,
      `ens5 In ${node2?.pod.ip}.${lab.podPort}`,
      `${node2?.pod.veth} Out ${node2?.pod.ip}.${lab.podPort}`,
    ]);
    expect(journey.every((p) => p.src === node1?.pod.ip && p.ts !== undefined)).toBe(true);
    const end = events.find((e) => e.name === 'capture:end');
    expect(end?.payload).toMatchObject({ reason: 'stopped', dropped: 0 });
    expect(processesMatching('tcpdump -i any')).toEqual([]);
  });

  it('kubelab capture --json --pcap on every node: JSON rows and pcaps that tcpdump -r counts alike', async () => {
    const pcap = path.join(dir, 'svc.pcap');
    const child = spawn(
      process.execPath,
      [
        cli.file,
        'capture',
        '--ssh-config',
        lab.sshConfig,
        '--known-hosts',
        lab.knownHosts,
        '--hosts',
        'node1,node2',
        '--iface',
        'any',
        '--filter',
        `tcp port ${lab.podPort}`,
        '--count',
        '4',
        '--duration',
        '30',
        '--pcap',
        pcap,
        '--json',
      ],
      { env: cliEnv(dir), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const result = { stdout: '', stderr: '', code: null as number | null };
    child.stdout.on('data', (c: Buffer) => (result.stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (result.stderr += c.toString()));
    const exited = new Promise<void>((resolve) =>
      child.on('close', (code) => ((result.code = code), resolve())),
    );
    await until(() => (result.stderr.match(/: listening on any/g) ?? []).length === 2, 15_000);
    // The pcap channels start alongside; give them the same head start.
    await new Promise((r) => setTimeout(r, 500));
    lab.requestFromPod(2);
    await exited;
    expect(result.stderr).toMatch(/node1: 4 packets \(0 dropped\), count, pcap \d+ bytes/);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    for (const host of ['node1', 'node2']) {
      const mine = rows.filter((r) => r.host === host);
      expect(mine).toHaveLength(4);
      const read = spawnSync('tcpdump', ['-r', path.join(dir, `svc-${host}.pcap`), '-nn'], {
        encoding: 'utf8',
      });
      expect(read.stdout.trim().split('\n')).toHaveLength(mine.length);
    }
    expect(rows[0]).toMatchObject({
      proto: 'tcp',
      flags: 'S',
      dport: lab.podPort,
    });
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'host',
      'iface',
      'direction',
      'time',
      'proto',
      'src',
      'dst',
      'sport',
      'dport',
      'flags',
      'length',
      'raw',
    ]);
    expect(processesMatching(`tcp port ${lab.podPort}`)).toEqual([]);
  });

  it('a connection dropped on the way: the capture ends as disconnected, the orphaned tcpdump is killed on reconnect', async () => {
    const node = lab.nodes[1];
    if (!node) throw new Error('no node2');
    const quickPool = new SshPool({
      verifier: trustOnly(node.sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
      keepaliveMs: 300,
      keepaliveCountMax: 2,
      reconnectBaseMs: 100,
    });
    const host = new SshHost(
      { id: 'node2', name: 'node2', role: 'node', address: node.address, user: 'root', tags: [] },
      node.sshd.target({ name: 'node2' }),
      quickPool,
    );
    const port = 40000 + Math.floor(Math.random() * 20000);
    const { events, emit } = recorder();
    new CaptureHub(emit).start({
      hosts: [host],
      iface: 'any',
      filter: `udp port ${port}`,
      maxPackets: 10,
      maxSeconds: 120,
    });
    await until(() => processesMatching(`tcpdump.*udp port ${port}`).length >= 1, 15_000);
    const block = ['INPUT', '-p', 'tcp', '--dport', '22', '-j', 'DROP'];
    node.ns.run('iptables', ['-I', ...block]);
    try {
      await until(() => events.some((e) => e.name === 'capture:end'), 15_000);
      const end = events.find((e) => e.name === 'capture:stream-end');
      expect(end?.payload).toMatchObject({
        reason: 'disconnected',
        error: { code: 'unreachable' },
      });
      // sshd has not noticed: the remote tcpdump lives on until kubelab is back.
      expect(processesMatching(`tcpdump.*udp port ${port}`).length).toBeGreaterThan(0);
    } finally {
      node.ns.run('iptables', ['-D', ...block]);
    }
    await host.exec('true');
    await until(() => processesMatching(`udp port ${port}`).length === 0, 10_000);
    quickPool.closeAll();
  });

  it.each(['SIGINT', 'SIGKILL'] as const)(
    'leaves no tcpdump on any node when the CLI gets %s',
    async (signal) => {
      const port = 40000 + Math.floor(Math.random() * 20000);
      const child = spawn(
        process.execPath,
        [
          cli.file,
          'capture',
          '--ssh-config',
          lab.sshConfig,
          '--known-hosts',
          lab.knownHosts,
          '--hosts',
          'node1,node2',
          '--iface',
          'any',
          '--filter',
          `udp port ${port}`,
          '--pcap',
          path.join(dir, `k-${port}.pcap`),
        ],
        { env: cliEnv(dir), stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child.on('close', (code) => resolve(code)),
      );
      // Two nodes × (text + pcap) × (shell + tcpdump).
      await until(() => processesMatching(`tcpdump.*udp port ${port}`).length >= 4, 15_000);
      child.kill(signal);
      const code = await exited;
      if (signal === 'SIGINT') {
        expect(code).toBe(0);
        expect(stderr).toMatch(/node2: 0 packets \(0 dropped\), stopped/);
      }
      await until(() => processesMatching(`udp port ${port}`).length === 0, 10_000);
    },
  );
});
