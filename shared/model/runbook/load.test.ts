import { describe, expect, it } from 'vitest';
import { formatRunbookError, loadRunbook } from './load';

const minimal = `title: T
steps:
  - title: one
    run:
      - on: operator
        command: kubectl get pods
`;

describe('loadRunbook', () => {
  it('reads a minimal runbook with its defaults', () => {
    const r = loadRunbook(minimal);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.runbook.snapshots).toBe(true);
    expect(r.runbook.requires).toEqual({ operator: false, nodes: 0, pods: [] });
    expect(r.runbook.steps[0]?.run[0]).toMatchObject({ mode: 'once', allowFailure: false });
  });

  it('points a bad enum at its line, column and field path', () => {
    const text = minimal.replace(
      'command: kubectl get pods',
      'command: x\n        mode: sometimes',
    );
    const r = loadRunbook(text, 'lab.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      file: 'lab.yaml',
      line: 7,
      col: 15,
      field: 'steps[0].run[0].mode',
    });
    expect(formatRunbookError(r.errors[0]!)).toMatch(
      /^lab\.yaml:7:15 steps\[0\]\.run\[0\]\.mode: /,
    );
  });

  it('names an unknown field at the key itself', () => {
    const r = loadRunbook(minimal.replace('  - title: one', '  - title: one\n    explian: typo'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      line: 4,
      col: 5,
      field: 'steps[0].explian',
      message: 'unknown field explian',
    });
  });

  it('says a missing field is required, at the nearest enclosing node', () => {
    const r = loadRunbook('title: T\nsteps:\n  - run: []\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({
      line: 3,
      col: 5,
      field: 'steps[0].title',
      message: 'is required',
    });
  });

  it('reports YAML syntax errors with their position', () => {
    const r = loadRunbook('title: T\nsteps:\n  - title: [unclosed\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]?.line).toBeGreaterThanOrEqual(3);
    expect(r.errors[0]?.field).toBe('');
  });

  it('refuses an expectation naming no check or two', () => {
    const r = loadRunbook(
      minimal +
        '    expect:\n      - not: true\n      - match: a\n        ipRule: { from: 10.0.0.1 }\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.line])).toEqual([
      ['steps[0].expect[0]', 8],
      ['steps[0].expect[1]', 9],
    ]);
    expect(r.errors[1]?.message).toContain('found match, ipRule');
  });

  it('refuses an invalid regular expression', () => {
    const r = loadRunbook(minimal + '    expect:\n      - match: "a(b"\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ field: 'steps[0].expect[0].match', line: 8 });
  });

  it('refuses a variable used before anything binds it, and accepts bound ones', () => {
    const bad = loadRunbook(minimal.replace('kubectl get pods', 'ping ${podIp}'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ field: 'steps[0].run[0].command', line: 6 });
    const good = loadRunbook(`title: T
requires:
  pods: [{ name: web, selector: app=nginx }]
variables: { svc: default/nginx }
steps:
  - title: one
    run:
      - on: \${web.0.host}
        command: ip route get \${web.1.ip}
        bind: { gw: 'via (\\S+)' }
    expect:
      - match: \${gw}
      - dnat: { service: '\${svc}' }
`);
    expect(good.ok ? [] : good.errors).toEqual([]);
  });

  it('checks capture and watch fields against the mode', () => {
    const r = loadRunbook(`title: T
steps:
  - title: one
    run:
      - on: node1
        mode: capture
        command: tcpdump
      - on: node1
        command: ip link
        interval: 2
`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual([
      'steps[0].run[0].iface',
      'steps[0].run[0].command',
      'steps[0].run[1].interval',
    ]);
  });
});
