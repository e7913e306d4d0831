import { describe, expect, it } from 'vitest';
import type { Host, StreamControl } from '../../hosts/host';
import { createDemoLab } from '../index';

const NOW = 1_750_000_000_000;

function lab(latencyMs: [number, number] = [0, 0]) {
  return createDemoLab({ clock: () => NOW, latencyMs });
}

interface Recorded {
  chunks: string[];
  ended: Promise<{ exitCode: number | null; signal?: string }>;
  control: StreamControl;
  abort: AbortController;
}

function record(
  host: Host,
  command: string,
  onData?: (chunks: string[], c: () => StreamControl) => void,
): Recorded {
  const chunks: string[] = [];
  const abort = new AbortController();
  let resolve!: (r: { exitCode: number | null; signal?: string }) => void;
  const ended = new Promise<{ exitCode: number | null; signal?: string }>((r) => (resolve = r));
  const control: StreamControl = host.stream(
    command,
    {
      data: (chunk) => {
        chunks.push(chunk);
        onData?.(chunks, () => control);
      },
      end: (result) => resolve(result),
    },
    { signal: abort.signal },
  );
  return { chunks, ended, control, abort };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createDemoLab', () => {
  it('describes the demo workspace and its four hosts in order', () => {
    const { workspace, hosts } = lab();
    expect(workspace).toMatchObject({ id: 'demo', name: 'Demo lab (myeks)', kind: 'demo' });
    expect(hosts.map((h) => [h.description.id, h.description.role, h.description.user])).toEqual([
      ['operator', 'operator', 'ec2-user'],
      ['node1', 'node', 'ec2-user'],
      ['node2', 'node', 'ec2-user'],
      ['node3', 'node', 'ec2-user'],
    ]);
    expect(hosts[0]?.description.address).toBe('172.20.1.100');
    expect(hosts[1]?.description.address).toMatch(/^192\.168\.1\.\d+$/);
    expect(hosts[2]?.description.tags).toEqual(['myeks', 'ap-northeast-2b']);
  });
});

describe('DemoHost.exec', () => {
  it('answers with realistic latency and a measured duration', async () => {
    const node = lab([3, 6]).hosts[1] as Host;
    const r = await node.exec('hostname');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ip-192-168-1-\d+\.ap-northeast-2\.compute\.internal\n$/);
    expect(r.durationMs).toBeGreaterThanOrEqual(2.5);
  });

  it('fails an unknown command like bash, naming the demo lab', async () => {
    const r = await (lab().hosts[1] as Host).exec('frobnicate --now');
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toBe(
      "bash: frobnicate: command not found (kubelab demo lab: this simulated host answers the lab commands listed by 'help')\n",
    );
  });

  it('has no kubectl on the nodes but on the operator host', async () => {
    const { hosts } = lab();
    expect((await (hosts[1] as Host).exec('kubectl get pods')).exitCode).toBe(127);
    expect((await (hosts[0] as Host).exec('kubectl get pods')).exitCode).toBe(0);
  });

  it('rejects with an AbortError when cancelled, and ends with TERM on timeout', async () => {
    const node = lab().hosts[1] as Host;
    const abort = new AbortController();
    const pending = node.exec('sleep 5', { signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const timed = await node.exec('echo before; sleep 5', { timeoutMs: 30 });
    expect(timed).toMatchObject({ exitCode: null, signal: 'TERM', stdout: 'before\n' });
    expect(timed.durationMs).toBeLessThan(1000);
  });

  it('cannot open a terminal for watch without one, as procps watch cannot', async () => {
    const r = await (lab().hosts[1] as Host).exec('watch ip route');
    expect(r).toMatchObject({ exitCode: 1, stderr: 'Error opening terminal: unknown.\n' });
  });

  it('cuts off an exec that floods without end', async () => {
    const r = await (lab().hosts[1] as Host).exec('yes');
    expect(r).toMatchObject({ exitCode: null, signal: 'PIPE' });
    expect(r.stdout.length).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(r.stderr).toContain('output cut off');
  });

  it('ends a flood in a pipeline through SIGPIPE', async () => {
    const r = await (lab().hosts[1] as Host).exec('yes | head -n 3');
    expect(r).toMatchObject({ exitCode: 0, stdout: 'y\ny\ny\n' });
  });
});

describe('DemoHost.stream', () => {
  it('emits a non-streaming command once and ends with its status', async () => {
    const rec = record(lab().hosts[1] as Host, 'ip rule | head -1; false');
    expect(await rec.ended).toEqual({ exitCode: 1 });
    expect(rec.chunks.join('')).toBe('0:\tfrom all lookup local\n');
  });

  it('stops yes within one chunk of pause and goes on after resume', async () => {
    const rec = record(lab().hosts[1] as Host, 'yes', (chunks, control) => {
      if (chunks.length === 3) control().pause();
    });
    await tick(60);
    expect(rec.chunks).toHaveLength(3);
    expect(rec.chunks[0]?.startsWith('y\ny\n')).toBe(true);
    rec.control.resume();
    await tick(30);
    expect(rec.chunks.length).toBeGreaterThan(3);
    rec.abort.abort();
    expect(await rec.ended).toEqual({ exitCode: null, signal: 'TERM' });
  });

  it('ends with TERM and no exit code when aborted, even while paused', async () => {
    const rec = record(lab().hosts[1] as Host, 'yes n', (_, control) => control().pause());
    await tick(20);
    rec.abort.abort();
    expect(await rec.ended).toEqual({ exitCode: null, signal: 'TERM' });
    expect(rec.chunks).toHaveLength(1);
  });

  it('streams ping one line per echo and summarises', async () => {
    const { hosts, model } = lab();
    const pod = model.cluster.pods.find((p) => p.labels.app === 'nginx' && p.hostId === 'node2');
    const rec = record(hosts[1] as Host, `ping -c 3 -i 0.05 ${pod?.network?.ip ?? ''}`);
    expect(await rec.ended).toEqual({ exitCode: 0 });
    const text = rec.chunks.join('');
    expect(rec.chunks.length).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(
      new RegExp(
        `^PING ${pod?.network?.ip ?? ''} \\(${pod?.network?.ip ?? ''}\\) 56\\(84\\) bytes of data\\.\n`,
      ),
    );
    expect(
      text.match(/^64 bytes from [\d.]+: icmp_seq=\d ttl=63 time=\d+\.\d+ ms$/gm),
    ).toHaveLength(3);
    expect(text).toMatch(
      /\n--- [\d.]+ ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time \d+ms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms\n$/,
    );
  });

  it('re-renders watch every interval with its header until cancelled', async () => {
    const rec = record(lab().hosts[1] as Host, 'watch -n 0.1 -d "ip link | egrep \'ens|eni\'"');
    await tick(280);
    rec.abort.abort();
    expect(await rec.ended).toEqual({ exitCode: null, signal: 'TERM' });
    expect(rec.chunks.length).toBeGreaterThanOrEqual(2);
    const first = rec.chunks[0] ?? '';
    expect(first.startsWith('\u001b[H\u001b[2J')).toBe(true);
    expect(first.slice(7)).toMatch(
      /^Every 0\.1s: ip link \| egrep 'ens\|eni' +ip-192-168-1-\d+\.ap-northeast-2\.compute\.internal: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n\n/,
    );
    expect(first).toContain(
      '2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000\n',
    );
  });
});
