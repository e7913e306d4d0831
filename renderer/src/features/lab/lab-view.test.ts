import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../../../shared/model/runbook/journal';
import type { Topology } from '../../../../shared/model/topology';
import { boundLines, prettyJson, sessionView, titlesFromJournal, withValues } from './lab-view';
import { inlineImages } from './markdown';

const at = '2026-11-23T17:00:00.000Z';
const topo = (n: number) => ({ collectedAt: at, durationMs: n }) as unknown as Topology;
const command = (step: number, iteration?: number, stdout = 'out'): JournalEntry => ({
  v: 1,
  at,
  kind: 'command',
  source: 'runbook',
  step,
  hostId: 'node1',
  command: 'ip -br link',
  mode: iteration ? 'watch' : 'once',
  ...(iteration ? { iteration } : {}),
  end: at,
  durationMs: 3,
  exitCode: 0,
  stdout,
  stderr: '',
});

const journal: JournalEntry[] = [
  {
    v: 1,
    at,
    kind: 'session-start',
    runbook: {
      title: 'ENI growth',
      intro: 'A *lab*',
      steps: [{ title: 'Before' }, { title: 'Scale' }],
    },
    file: 'eni-growth.yaml',
    target: 'demo',
    hosts: [{ id: 'node1', role: 'node', address: '192.168.1.37' }],
    variables: { svc: 'default/nginx' },
  },
  { v: 1, at, kind: 'snapshot', reason: 'run-start', topology: topo(0) },
  { v: 1, at, kind: 'step-start', step: 0, title: 'Before' },
  command(0),
  { v: 1, at, kind: 'bind', step: 0, name: 'web.count', value: '3' },
  {
    v: 1,
    at,
    kind: 'expect',
    step: 0,
    index: 0,
    name: 'ens5 up',
    ok: true,
    why: 'node1 printed ens5',
  },
  { v: 1, at, kind: 'snapshot', step: 0, reason: 'step-end', topology: topo(1) },
  { v: 1, at, kind: 'step-end', step: 0, ok: true, durationMs: 40 },
  { v: 1, at, kind: 'note', step: 0, text: 'warm ENI seen' },
  { v: 1, at, kind: 'step-start', step: 1, title: 'Scale' },
  command(1, 1, 'first'),
  command(1, 2, 'second'),
  command(1, 3, 'third'),
];

describe('sessionView', () => {
  it('folds entries into steps: status, commands, binds, checks, notes and snapshots', () => {
    const view = sessionView(['Before', 'Scale', 'After'], journal);
    expect(view.steps.map((s) => s.status)).toEqual(['passed', 'running', 'pending']);
    const [before, scale] = view.steps;
    expect(before?.commands).toHaveLength(1);
    expect(before?.expects).toEqual([
      { index: 0, name: 'ens5 up', ok: true, why: 'node1 printed ens5' },
    ]);
    expect(before?.notes.map((n) => n.text)).toEqual(['warm ENI seen']);
    expect(before?.snapshot?.topology).toEqual(topo(1));
    expect(view.startSnapshot).toEqual(topo(0));
    expect(view.latestSnapshot).toEqual({ topology: topo(1), step: 0 });
    expect(view.values).toEqual({ svc: 'default/nginx', 'web.count': '3' });
    // A watch keeps its latest run and counts them.
    expect(scale?.commands).toHaveLength(1);
    expect(scale?.commands[0]?.runs).toBe(3);
    expect(scale?.commands[0]?.entry.stdout).toBe('third');
  });

  it('a session that ended while a step ran leaves that step failed, not spinning', () => {
    const view = sessionView(
      ['Before', 'Scale'],
      [...journal, { v: 1, at, kind: 'session-end', ok: false, durationMs: 9, error: 'cancelled' }],
    );
    expect(view.steps[1]?.status).toBe('failed');
    expect(view).toMatchObject({ isEnded: true, ok: false, error: 'cancelled' });
  });

  it('adds steps the journal names beyond the runbook titles given', () => {
    expect(sessionView([], journal).steps.map((s) => s.title)).toEqual(['Before', 'Scale']);
  });
});

describe('replay and text helpers', () => {
  it('reads the runbook journaled at the session start', () => {
    expect(titlesFromJournal(journal)).toEqual({
      title: 'ENI growth',
      intro: 'A *lab*',
      steps: ['Before', 'Scale'],
    });
    expect(titlesFromJournal([])).toEqual({ title: 'Lab session', steps: [] });
  });

  it('fills bound values into prose and leaves unknown ones as written', () => {
    expect(withValues('With ${web.count} replicas, ${nope}', { 'web.count': '3' })).toBe(
      'With 3 replicas, ${nope}',
    );
  });

  it('bounds output by lines and pretty-prints JSON only when it is JSON', () => {
    expect(boundLines('a\nb\nc\n', 2)).toEqual({ text: 'a\nb', hidden: 1 });
    expect(boundLines('a\n', 2)).toEqual({ text: 'a', hidden: 0 });
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('{not json')).toBeNull();
    expect(prettyJson('ens5 UP')).toBeNull();
  });

  it('inlines only the report images it was given, as data: URLs', () => {
    const md = '![After step 2](images/step-2.png) ![x](images/step-3.png) ![y](http://evil/a.png)';
    expect(inlineImages(md, { 'images/step-2.png': 'iVBORw0K' })).toBe(
      '![After step 2](data:image/png;base64,iVBORw0K) ![x](images/step-3.png) ![y](http://evil/a.png)',
    );
  });
});

describe('sessionView of a workspace journal', () => {
  const typed = (text: string, extra: Partial<JournalEntry> = {}): JournalEntry =>
    ({
      v: 1,
      at,
      kind: 'command',
      source: 'terminal',
      hostId: 'node1',
      command: text,
      mode: 'once',
      end: at,
      durationMs: 3,
      exitCode: null,
      stdout: '',
      stderr: '',
      ...extra,
    }) as JournalEntry;

  it('lists commands and notes outside the steps, in journal order', () => {
    const view = sessionView(
      [],
      [
        {
          v: 1,
          at,
          kind: 'session-start',
          scope: 'workspace',
          target: 'demo',
          hosts: [],
          variables: {},
        },
        typed('sudo ls'),
        { v: 1, at, kind: 'note', text: 'Input typed at a password prompt was withheld' },
        typed('ip route', { source: 'panel', mode: 'watch', iteration: 3, exitCode: 0 }),
        typed('kubectl get pods -o json', { source: 'setup' }),
      ],
    );
    expect(view.isWorkspaceJournal).toBe(true);
    expect(view.steps).toEqual([]);
    expect(
      view.outside.map((i) =>
        i.kind === 'command' ? [i.view.entry.command, i.view.runs] : i.text,
      ),
    ).toEqual([['sudo ls', 1], 'Input typed at a password prompt was withheld', ['ip route', 3]]);
  });
});
