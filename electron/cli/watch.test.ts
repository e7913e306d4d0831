import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectTopology } from '../collectors/topology';
import { createBackend } from '../core/compose';
import { createDemoLab } from '../demo';
import { createTtyPrompter } from './prompt-tty';
import type { TopologyDeps, TopologySource } from './topology-source';
import { runWatchTopology, watchTopology, type WatchFlags, type WatchLine } from './watch';

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recorder() {
  const lines: WatchLine[] = [];
  let stderr = '';
  return {
    lines,
    stderr: () => stderr,
    out: {
      stdout: (s: string) => {
        for (const line of s.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as WatchLine);
      },
      stderr: (s: string) => void (stderr += s),
    },
  };
}

const diffs = (lines: WatchLine[]) => lines.flatMap((l) => (l.type === 'diff' ? [l] : []));

describe('kubelab watch topology', () => {
  it('on the demo: the full model first, nothing while nothing changes, then pods and ENIs as diffs when nginx scales', async () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const lab = createDemoLab({ clock: () => now });
    let polls = 0;
    let closed = 0;
    const source: TopologySource = {
      collect: async () => {
        polls += 1;
        return { ok: true, value: await collectTopology('demo', lab.hosts) };
      },
      close: () => void (closed += 1),
    };
    const r = recorder();
    const stop = new AbortController();
    const done = watchTopology(source, { intervalMs: 10, json: true }, r.out, stop.signal);
    await until('the first line', () => r.lines.length === 1);
    const [first] = r.lines;
    if (first?.type !== 'full') throw new Error('the first line is not the full model');
    const nginx = (pods: { name: string }[]) => pods.filter((p) => p.name.startsWith('nginx-'));
    const before = nginx(first.topology.pods).length;
    const enisBefore = first.topology.nodes.reduce((n, node) => n + node.enis.length, 0);
    // Quiet while the cluster is.
    await until('five more polls', () => polls >= 6);
    expect(r.lines).toHaveLength(1);

    const scaled = await lab.hosts[0]?.exec('kubectl scale deployment nginx --replicas 30');
    expect(scaled?.stdout).toContain('scaled');
    await until('the new pods', () =>
      diffs(r.lines).some((d) => d.added.some((e) => e.kind === 'pod')),
    );
    // The ENI attach delay elapses: ENIs attach and the waiting pods get their slots.
    now += 120_000;
    await until('an ENI attaching', () =>
      diffs(r.lines).some((d) => d.added.some((e) => e.kind === 'eni')),
    );
    const settled = polls;
    await until('the cluster to settle', () => polls >= settled + 3);
    const count = r.lines.length;
    const quiet = polls;
    await until('five quiet polls', () => polls >= quiet + 5);
    expect(r.lines).toHaveLength(count);

    const added = diffs(r.lines).flatMap((d) => d.added);
    const addedPods = added.filter((e) => e.kind === 'pod').map((e) => e.key);
    expect(addedPods).toHaveLength(30 - before);
    expect(addedPods.every((k) => k.startsWith('default/nginx-'))).toBe(true);
    const addedEnis = added.filter((e) => e.kind === 'eni');
    expect(addedEnis.length).toBeGreaterThan(0);
    expect(addedEnis.every((e) => e.kind === 'eni' && e.value.id?.startsWith('eni-'))).toBe(true);
    // What the diffs add up to is what a fresh collection sees.
    const fresh = await collectTopology('demo', lab.hosts);
    expect(fresh.nodes.reduce((n, node) => n + node.enis.length, 0)).toBe(
      enisBefore +
        addedEnis.length -
        diffs(r.lines)
          .flatMap((d) => d.removed)
          .filter((e) => e.kind === 'eni').length,
    );
    expect(nginx(fresh.pods)).toHaveLength(30);

    stop.abort();
    await expect(done).resolves.toBe(0);
    expect(closed).toBeGreaterThan(0);
    const afterStop = polls;
    await new Promise((res) => setTimeout(res, 50));
    expect(polls).toBe(afterStop);
  }, 30_000);

  const prompter = createTtyPrompter({ input: Readable.from([]), output: { write: () => true } });
  let sessionsClosed = 0;
  const deps: TopologyDeps = {
    openSession: () => {
      const backend = createBackend({
        version: 't',
        transport: 'websocket',
        platform: 'linux',
        log: () => {},
      });
      const session = backend.openSession(() => undefined);
      return {
        session,
        close: () => {
          sessionsClosed += 1;
          session.close();
        },
      };
    },
    prompter,
  };
  const flags = (f: Partial<WatchFlags>): WatchFlags => ({
    acceptNew: false,
    json: true,
    interval: 0.1,
    ...f,
  });

  it('--target demo through the backend session: the full model, and an abort (SIGINT) closes the session and exits 0', async () => {
    const r = recorder();
    const stop = new AbortController();
    const closedBefore = sessionsClosed;
    const done = runWatchTopology(flags({ target: 'demo' }), r.out, deps, stop.signal);
    await until('the first line', () => r.lines.length === 1);
    expect(r.lines[0]).toMatchObject({ type: 'full', topology: { workspaceId: 'demo' } });
    stop.abort();
    await expect(done).resolves.toBe(0);
    expect(sessionsClosed).toBe(closedBefore + 1);
    expect(r.stderr()).toBe('');
  });

  it('bad usage and an unknown workspace end with 2 and say why', async () => {
    const stop = new AbortController();
    const a = recorder();
    await expect(
      runWatchTopology(flags({ operator: 'bastion' }), a.out, deps, stop.signal),
    ).resolves.toBe(2);
    expect(a.stderr()).toMatch(/--operator and --nodes need --ssh-config/);
    const b = recorder();
    await expect(
      runWatchTopology(flags({ target: 'no-such-workspace' }), b.out, deps, stop.signal),
    ).resolves.toBe(2);
    expect(b.stderr()).toMatch(/^kubelab watch topology: /);
    expect(b.lines).toEqual([]);
  });

  it('without --json: a summary line, then one line per added, removed or changed entity', async () => {
    const lab = createDemoLab({ clock: () => Date.parse('2026-11-23T12:00:00Z') });
    const first = await collectTopology('demo', lab.hosts);
    const pod = first.pods.find((p) => p.name.startsWith('nginx-'));
    if (!pod) throw new Error('no nginx pod in the demo');
    const second = {
      ...first,
      collectedAt: '2026-11-23T12:00:02.000Z',
      pods: first.pods
        .filter((p) => p !== pod)
        .concat({ ...pod, name: 'nginx-new', phase: 'Pending' }),
    };
    const answers = [first, first, second];
    let text = '';
    const stop = new AbortController();
    const source: TopologySource = {
      collect: () => {
        const next = answers.shift();
        if (!next) stop.abort();
        return Promise.resolve({ ok: true, value: next ?? second });
      },
      close: () => undefined,
    };
    const out = { stdout: (s: string) => void (text += s), stderr: () => undefined };
    await expect(
      watchTopology(source, { intervalMs: 1, json: false }, out, stop.signal),
    ).resolves.toBe(0);
    expect(text.split('\n').filter(Boolean)).toEqual([
      `${first.collectedAt} 3 nodes, ${first.nodes.reduce((n, x) => n + x.enis.length, 0)} ENIs, ${first.pods.length} pods, 0 warnings`,
      '2026-11-23T12:00:02.000Z + pod default/nginx-new',
      `2026-11-23T12:00:02.000Z - pod default/${pod.name}`,
    ]);
  });
});
