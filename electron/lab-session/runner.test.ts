import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunbook, type Runbook } from '../../shared/model/runbook';
import type { Topology } from '../../shared/model/topology';
import { createDemoLab } from '../demo';
import { openJournal, readJournal } from './journal';
import { buildReport } from './report';
import { topologySvg } from './topology-svg';
import { collectTopology } from '../collectors/topology';
import { runRunbook, type RunOptions } from './runner';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runbook(yaml: string): Runbook {
  const r = loadRunbook(yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.runbook;
}

/** Runs against a fresh demo lab; snapshots are counted stand-ins unless `realSnapshots`. */
async function run(yaml: string, extra: Partial<RunOptions> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-runner-'));
  dirs.push(dir);
  const lab = createDemoLab();
  const journal = openJournal(dir);
  let snapshots = 0;
  const snapshot = (target: string): Promise<Topology> =>
    Promise.resolve({
      workspaceId: target,
      collectedAt: String(++snapshots),
      durationMs: 0,
      vpcs: [],
      subnets: [],
      peerings: [],
      nodes: [],
      pods: [],
      services: [],
      warnings: [],
    });
  const outcome = await runRunbook({
    runbook: runbook(yaml),
    target: 'demo',
    hosts: lab.hosts,
    journal,
    snapshot,
    ...extra,
  });
  journal.close();
  return { outcome, read: readJournal(dir), snapshots, dir };
}

describe('runRunbook on the demo lab', () => {
  it('binds pods, runs commands on the named hosts, journals everything and passes', async () => {
    const { outcome, read, snapshots } = await run(`title: T
requires:
  operator: true
  pods: [{ name: web, selector: app=nginx, min: 2, nodes: 2 }]
steps:
  - title: route to the other pod
    run:
      - on: \${web.0.host}
        command: ip route get \${web.1.ip}
        bind: { gw: 'via (\\S+)' }
    expect:
      - match: 'dev ens5'
  - title: every node
    run:
      - on: nodes
        command: hostname
    expect:
      - match: '^ip-192-168-'
        on: nodes
`);
    expect(outcome.ok).toBe(true);
    expect(outcome.variables).toMatchObject({ 'web.0.host': 'node1', gw: '192.168.1.1' });
    expect(read.problems).toEqual([]);
    const kinds = read.entries.map((e) => e.kind);
    expect(kinds[0]).toBe('session-start');
    expect(kinds.at(-1)).toBe('session-end');
    // run start + one per step end
    expect(snapshots).toBe(3);
    const commands = read.entries.flatMap((e) => (e.kind === 'command' ? [e] : []));
    // Hosts of one item run in parallel and are journaled as each ends: compare sorted.
    expect(commands.map((c) => `${c.source} ${c.hostId}`).sort()).toEqual([
      'runbook node1',
      'runbook node1',
      'runbook node2',
      'runbook node3',
      'setup operator',
    ]);
    expect(commands.find((c) => c.command.startsWith('ip route'))).toMatchObject({
      command: 'ip route get 192.168.3.193',
      exitCode: 0,
      step: 0,
    });
    for (const c of commands) expect(Date.parse(c.end)).toBeGreaterThanOrEqual(Date.parse(c.at));
  });

  it('stops at the first failing step with why, after running its cleanup', async () => {
    const { outcome, read } = await run(`title: T
steps:
  - title: fails
    run:
      - on: node1
        command: ip rule
    expect:
      - ipRule: { from: 10.9.9.9 }
    cleanup:
      - on: node1
        command: echo cleaned
  - title: never runs
    run:
      - on: node1
        command: hostname
`);
    expect(outcome).toMatchObject({ ok: false, failure: { step: 0, title: 'fails' } });
    expect(outcome.failure?.why).toMatch(
      /^expected ip rule has `from 10\.9\.9\.9 lookup N`: node1 `ip rule`: no rule from 10\.9\.9\.9/,
    );
    const commands = read.entries.flatMap((e) => (e.kind === 'command' ? [e.command] : []));
    expect(commands).toEqual(['ip rule', 'echo cleaned']);
    expect(read.entries.at(-1)).toMatchObject({ kind: 'session-end', ok: false, failedStep: 0 });
  });

  it('fails a step on a non-zero exit unless allowed, and on a bind that matches nothing', async () => {
    const exit = await run(`title: T
steps:
  - title: s
    run:
      - on: node1
        command: ip rule | grep nothing-like-this
`);
    expect(exit.outcome.failure?.why).toBe('node1 `ip rule | grep nothing-like-this`: exit 1');
    const allowed = await run(`title: T
steps:
  - title: s
    run:
      - on: node1
        command: ip rule | grep nothing-like-this
        allowFailure: true
        bind: { x: 'lookup (\\d+)' }
`);
    expect(allowed.outcome.failure?.why).toContain('bind x: /lookup (\\d+)/ matched nothing');
  });

  it('names missing hosts and pods before running anything', async () => {
    const hosts = await run(`title: T
requires: { nodes: 5 }
steps: [{ title: s }]
`);
    expect(hosts.outcome.failure).toEqual({
      step: 0,
      title: 'requirements',
      why: 'needs 5 worker nodes, found 3',
    });
    const pods = await run(`title: T
requires: { pods: [{ name: db, selector: app=postgres }] }
steps: [{ title: s }]
`);
    expect(pods.outcome.failure?.why).toBe(
      'pods db: needs 1 running pods (default -l app=postgres), found 0',
    );
  });

  it('repeats a watch until its check passes, journaling each run', async () => {
    const { outcome, read } = await run(`title: T
snapshots: false
steps:
  - title: s
    run:
      - on: operator
        command: kubectl scale deployment nginx --replicas 6
      - on: operator
        command: kubectl get deploy nginx
        mode: watch
        interval: 0.5
        count: 30
    expect:
      - match: 'nginx\\s+6/6'
    cleanup:
      - on: operator
        command: kubectl scale deployment nginx --replicas 3
`);
    expect(outcome.ok).toBe(true);
    const watched = read.entries.flatMap((e) =>
      e.kind === 'command' && e.mode === 'watch' ? [e.iteration] : [],
    );
    expect(watched.length).toBeGreaterThan(1);
    expect(watched.length).toBeLessThan(30);
    expect(watched).toEqual(watched.map((_, i) => i + 1));
  });

  it('writes a report with a section per step, its commands, outputs and results', async () => {
    const { read } = await run(`title: Report me
intro: Hello **lab**.
requires: { pods: [{ name: web, selector: app=nginx }] }
steps:
  - title: rules
    explain: The rules of \${web.0.host}.
    run:
      - on: \${web.0.host}
        command: ip rule
    expect:
      - ipRule: { to: '\${web.0.ip}', table: main }
`);
    const md = buildReport(read.entries);
    expect(md).toContain('# Report me');
    expect(md).toContain('**Result: passed**');
    expect(md).toContain('Hello **lab**.');
    expect(md).toContain('## 1. rules ✅\n\nThe rules of node1.');
    expect(md).toContain('```console\n$ ip rule\n```');
    expect(md).toContain('512:\tfrom all to 192.168.1.39 lookup main');
    expect(md).toContain('- ✅ ip rule has `to 192.168.1.39 lookup main` — node1 `ip rule`: `512:');
  });
});

describe('openJournal', () => {
  it('appends whole lines, and a reopened journal keeps what was there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-journal-'));
    dirs.push(dir);
    const a = openJournal(dir);
    const written = a.append({ kind: 'note', text: 'one' });
    expect(written).toMatchObject({ v: 1, kind: 'note', text: 'one' });
    a.close();
    expect(() => a.append({ kind: 'note', text: 'late' })).toThrow(/closed/);
    const b = openJournal(dir);
    b.append({ kind: 'note', text: 'two\nlines' });
    b.close();
    const text = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(readJournal(dir).entries.map((e) => (e.kind === 'note' ? e.text : ''))).toEqual([
      'one',
      'two\nlines',
    ]);
  });
});

describe('topologySvg', () => {
  it('draws each VPC, node and ENI of a demo snapshot with a dot per slot', async () => {
    const lab = createDemoLab();
    const t = await collectTopology('demo', lab.hosts);
    const svg = topologySvg(t, 'After step 1: <start>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('After step 1: &lt;start&gt;');
    for (const v of t.vpcs) expect(svg).toContain(v.cidrs[0] ?? '');
    for (const n of t.nodes) expect(svg).toContain(`${n.hostId ?? ''} ${n.primaryIp ?? ''}`);
    const slots = t.nodes.flatMap((n) =>
      n.enis.flatMap((e) => e.slots.filter((s) => s.state !== 'primary')),
    );
    expect(svg.match(/<circle /g)).toHaveLength(slots.length);
    expect(svg).toContain('peering');
  });
});
