import { structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOLATILE,
  diffAgainst,
  groupFanOut,
  groupTitle,
  hunkHeader,
  normalizeOutput,
  type FanOutInput,
} from './fan-out';

// Outputs below were printed by the demo lab's nodes (seed 11), as `kubelab serve --demo` shows them.
const OS_RELEASE = `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
PRETTY_NAME="Amazon Linux 2023.7.20250512"
SUPPORT_END="2029-06-30"
`;

const ROUTES_NODE1 = `default via 192.168.1.1 dev ens5 proto dhcp src 192.168.1.108 metric 512
192.168.0.2 via 192.168.1.1 dev ens5 proto dhcp src 192.168.1.108 metric 512
192.168.1.0/24 dev ens5 proto kernel scope link src 192.168.1.108 metric 512
192.168.1.1 dev ens5 proto dhcp scope link src 192.168.1.108 metric 512
192.168.1.24 dev eni31d57e57470 scope link
`;
const ROUTES_NODE2 = `default via 192.168.2.1 dev ens5 proto dhcp src 192.168.2.184 metric 512
192.168.0.2 via 192.168.2.1 dev ens5 proto dhcp src 192.168.2.184 metric 512
192.168.2.0/24 dev ens5 proto kernel scope link src 192.168.2.184 metric 512
192.168.2.1 dev ens5 proto dhcp scope link src 192.168.2.184 metric 512
192.168.2.39 dev eni922889cefb9 scope link
`;

const ok = (hostId: string, stdout: string): FanOutInput => ({
  hostId,
  stdout,
  stderr: '',
  exitCode: 0,
});
const names = (id: string) => id;

describe('groupFanOut', () => {
  it('puts three nodes with the same /etc/os-release in one identical group', () => {
    const result = groupFanOut(['node1', 'node2', 'node3'].map((h) => ok(h, OS_RELEASE)));
    expect(result.isUnanimous).toBe(true);
    expect(result.groups).toHaveLength(1);
    const [group] = result.groups;
    expect(group?.hostIds).toEqual(['node1', 'node2', 'node3']);
    expect(group?.diff).toEqual({ kind: 'majority' });
    expect(groupTitle(group!, names)).toBe('node1, node2, node3 — identical');
  });

  it('diffs the odd node out against the majority, with line numbers', () => {
    const odd = OS_RELEASE.replace('2023.7.20250512', '2023.6.20250303');
    const result = groupFanOut([
      ok('node1', OS_RELEASE),
      ok('node2', odd),
      ok('node3', OS_RELEASE),
    ]);
    expect(result.groups.map((g) => g.hostIds)).toEqual([['node1', 'node3'], ['node2']]);
    const other = result.groups[1]!;
    expect(groupTitle(other, names)).toBe('node2 — differs');
    if (other.diff.kind !== 'hunks') throw new Error(`expected hunks, got ${other.diff.kind}`);
    expect(other.diff.added).toBe(1);
    expect(other.diff.removed).toBe(1);
    const changed = other.diff.hunks.flatMap((h) => h.lines).filter((l) => l.kind !== 'context');
    expect(changed).toEqual([
      {
        kind: 'removed',
        text: 'PRETTY_NAME="Amazon Linux 2023.7.20250512"',
        oldLine: 4,
        newLine: null,
      },
      {
        kind: 'added',
        text: 'PRETTY_NAME="Amazon Linux 2023.6.20250303"',
        oldLine: null,
        newLine: 4,
      },
    ]);
  });

  it('breaks a tie toward the group holding the first host in the user’s order', () => {
    const result = groupFanOut([ok('node2', ROUTES_NODE2), ok('node1', ROUTES_NODE1)]);
    expect(result.groups[0]?.hostIds).toEqual(['node2']);
    expect(result.groups[0]?.isMajority).toBe(true);
    expect(groupTitle(result.groups[0]!, names)).toBe('node2 — reference');
    expect(result.groups[1]?.diff.kind).toBe('hunks');
  });

  it('picks the largest group even when it is not first', () => {
    const result = groupFanOut([
      ok('node1', ROUTES_NODE1),
      ok('node2', ROUTES_NODE2),
      ok('node3', ROUTES_NODE2),
    ]);
    expect(result.groups.map((g) => g.hostIds)).toEqual([['node2', 'node3'], ['node1']]);
  });

  it('keeps hosts that failed in their own groups, never as the majority', () => {
    const denied =
      'conntrack v1.4.6 (conntrack-tools): Operation failed: Operation not permitted\n';
    const unreachable = {
      hostId: 'node3',
      stdout: '',
      stderr: '',
      exitCode: null,
      error: { code: 'unreachable', message: 'connect ECONNREFUSED 192.168.3.10:22' },
    };
    const result = groupFanOut([
      { hostId: 'node1', stdout: '', stderr: denied, exitCode: 1 },
      { hostId: 'node2', stdout: '', stderr: denied, exitCode: 1 },
      unreachable,
      { ...unreachable, hostId: 'node4' },
      { ...unreachable, hostId: 'node5' },
    ]);
    const [first, second] = result.groups;
    expect(first?.hostIds).toEqual(['node1', 'node2']);
    expect(first?.status).toBe('failed');
    expect(first?.isMajority).toBe(true);
    expect(second?.hostIds).toEqual(['node3', 'node4', 'node5']);
    expect(second?.status).toBe('error');
    expect(second?.diff).toEqual({ kind: 'no-output' });
    expect(groupTitle(second!, names)).toBe('node3, node4, node5 — unreachable');
  });

  it('separates the same text with a different exit status, and says the text is the same', () => {
    const result = groupFanOut([
      ok('node1', ''),
      ok('node2', ''),
      { hostId: 'node3', stdout: '', stderr: '', exitCode: 1 },
    ]);
    expect(result.groups[1]?.status).toBe('failed');
    expect(result.groups[1]?.diff).toEqual({ kind: 'same-text' });
  });

  it('does not ignore addresses or ages unless asked to', () => {
    const pods = (age: string) =>
      `NAME                     READY   STATUS    RESTARTS   AGE\nnginx-7c5ddbdf54-2xk8p   1/1     Running   0          ${age}\n`;
    const inputs = [ok('operator', pods('12s')), ok('operator2', pods('14s'))];
    expect(groupFanOut(inputs).groups).toHaveLength(2);
    const normalized = groupFanOut(inputs, { normalize: DEFAULT_VOLATILE });
    expect(normalized.mode).toBe('normalized');
    expect(normalized.groups).toHaveLength(1);
    expect(normalized.groups[0]?.isExact).toBe(false);
    expect(groupTitle(normalized.groups[0]!, names)).toBe(
      'operator, operator2 — identical ignoring volatile tokens',
    );
    // Node routes differ in their addresses: the default normalization keeps them apart.
    const routes = [ok('node1', ROUTES_NODE1), ok('node2', ROUTES_NODE2)];
    expect(groupFanOut(routes, { normalize: DEFAULT_VOLATILE }).groups).toHaveLength(2);
  });

  it('gives up on a diff that would take too long and says why', () => {
    const a = Array.from({ length: 4000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 4000 }, (_, i) => `b${i}`).join('\n');
    expect(diffAgainst(a, b, { diffTimeoutMs: 1 }).kind).toBe('too-different');
  });

  it('does not report a missing final newline as a change', () => {
    expect(diffAgainst('ens5 UP\n', 'ens5 UP')).toEqual({ kind: 'same-text' });
  });

  it('returns plain data that survives JSON', () => {
    const result = groupFanOut([ok('node1', ROUTES_NODE1), ok('node2', ROUTES_NODE2)]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('diffAgainst hunks', () => {
  /** jsdiff's own unified hunks, as the reference our faster hunking must match. */
  function reference(a: string, b: string, context: number) {
    return structuredPatch('a', 'b', a, b, '', '', { context }).hunks.map((hunk) => ({
      oldStart: hunk.oldStart,
      oldLines: hunk.oldLines,
      newStart: hunk.newStart,
      newLines: hunk.newLines,
      lines: hunk.lines.filter((line) => !line.startsWith('\\')),
    }));
  }
  function ours(a: string, b: string, context: number) {
    const diff = diffAgainst(a, b, { context });
    if (diff.kind !== 'hunks') return [];
    const marks = { context: ' ', added: '+', removed: '-' } as const;
    return diff.hunks.map(({ lines, ...header }) => ({
      ...header,
      lines: lines.map((line) => marks[line.kind] + line.text),
    }));
  }

  // A seeded generator, so a failure names a reproducible case.
  function edits(seed: number): [string, string] {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const base = Array.from({ length: 60 }, (_, i) => `line ${i}`);
    const changed = [...base];
    for (let n = Math.floor(next() * 6); n >= 0; n--) {
      const at = Math.floor(next() * changed.length);
      const pick = next();
      if (pick < 0.33) changed.splice(at, 1);
      else if (pick < 0.66) changed.splice(at, 0, `new ${n}`);
      else changed[at] = `changed ${n}`;
    }
    return [`${base.join('\n')}\n`, `${changed.join('\n')}\n`];
  }

  it.each([
    ['node routes', ROUTES_NODE1, ROUTES_NODE2],
    ['added at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
    ['removed at the start', 'a\nb\nc\n', 'c\n'],
    ['from nothing', '', 'ens5 UP\n'],
    ['to nothing', 'ens5 UP\n', ''],
  ])('matches jsdiff’s structuredPatch: %s', (_name, a, b) => {
    for (const context of [0, 1, 3]) expect(ours(a, b, context)).toEqual(reference(a, b, context));
  });

  it('matches jsdiff’s structuredPatch on 200 seeded random edits', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const [a, b] = edits(seed);
      for (const context of [0, 3]) {
        expect({ seed, context, hunks: ours(a, b, context) }).toEqual({
          seed,
          context,
          hunks: reference(a, b, context),
        });
      }
    }
  });
});

describe('hunkHeader', () => {
  it('prints the line before an empty side, like diff -u', () => {
    const diff = diffAgainst('a\nb\n', 'a\nb\nc\n', { context: 0 });
    if (diff.kind !== 'hunks') throw new Error('expected hunks');
    expect(diff.hunks.map(hunkHeader)).toEqual(['@@ -2,0 +3,1 @@']);
  });
});

describe('normalizeOutput', () => {
  it.each([
    ['2026-11-23T12:49:21Z started', ['timestamp'], '⟨time⟩ started'],
    ['Nov 23 12:49:21 ip-192-168-1-108 kernel', ['timestamp'], '⟨time⟩ ip-192-168-1-108 kernel'],
    ['Running   0          5m3s', ['age'], 'Running   0          ⟨age⟩'],
    ['src 192.168.1.108 metric 512', ['ip'], 'src ⟨ip⟩ metric 512'],
    ['fe80::d2:21ff:fedb:503/64', ['ip'], '⟨ip⟩/64'],
    ['src 192.168.1.108 metric 512', ['ip', 'number'], 'src ⟨ip⟩ metric #'],
    ['2001:db8:0:0:1:0:0:1 and ::1/128', ['ip'], '⟨ip⟩ and ⟨ip⟩/128'],
    ['up 12:49:21', ['ip'], 'up 12:49:21'],
    ['ens5 mtu 9001 12ms', ['age'], 'ens5 mtu 9001 12ms'],
  ] as const)('%s with %j', (text, kinds, expected) => {
    expect(normalizeOutput(text, kinds)).toBe(expected);
  });
});
