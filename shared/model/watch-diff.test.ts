import { describe, expect, it } from 'vitest';
import { diffWatch, mergeSpans, rowSegments, screenRows, watchTitle } from './watch-diff';

// Printed by the demo lab's node1 (seed 11) before and 3 s after
// `kubectl scale deployment nginx --replicas 30` on the operator.
const ADDR_BEFORE = `lo               UNKNOWN        127.0.0.1/8 ::1/128
ens5             UP             192.168.1.108/24 metric 512 fe80::d2:21ff:fedb:503/64
eni58cb7b674a9@if3 UP             fe80::904e:e5ff:feff:446b/64
ens6             UP             192.168.1.59/24 fe80::22:8eff:fe41:6a48/64
enid84b310f80e@if3 UP             fe80::143e:15ff:fea7:ef0c/64
`;
const ADDR_AFTER = `${ADDR_BEFORE}eni79408a2d025@if3 UP             fe80::6c6f:40ff:fe93:e171/64
eni1c341de049e@if3 UP             fe80::580d:19ff:fee7:fd4d/64
`;
const LINK_BEFORE = `2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000
3: eni58cb7b674a9@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc noqueue state UP mode DEFAULT group default
`;
const LINK_AFTER = `2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000
3: eni79408a2d025@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc noqueue state UP mode DEFAULT group default
`;

const lit = (frame: ReturnType<typeof diffWatch>) =>
  frame.lines.map((line) =>
    line.changed.map((s) => line.text.padEnd(s.end, ' ').slice(s.start, s.end)),
  );

describe('diffWatch', () => {
  it('lights nothing on the first run, as watch does', () => {
    const frame = diffWatch(null, ADDR_BEFORE);
    expect(frame.litCells).toBe(0);
    expect(frame.lines.map((l) => l.text)).toEqual(ADDR_BEFORE.trimEnd().split('\n'));
  });

  it('lights the new ENI rows of ip -br addr after a scale-out, and nothing else', () => {
    const frame = diffWatch(ADDR_BEFORE, ADDR_AFTER);
    expect(frame.lines.slice(0, 5).every((l) => l.changed.length === 0)).toBe(true);
    // A new row is compared with a blank row: every non-blank cell lights, the spaces do not.
    expect(lit(frame)[5]).toEqual(['eni79408a2d025@if3', 'UP', 'fe80::6c6f:40ff:fe93:e171/64']);
    expect(frame.changedCells).toBe(2 * (18 + 2 + 28));
  });

  it('lights only the cells that differ within a line (ip link | egrep)', () => {
    const frame = diffWatch(LINK_BEFORE, LINK_AFTER);
    expect(lit(frame)).toEqual([[], ['79408a2d025']]);
    // cell by cell, not a word diff: "58cb7b674a9" vs "79408a2d025" share the cells that match
    const spans = frame.lines[1]?.changed;
    expect(spans).toEqual([{ start: 6, end: 17 }]);
  });

  it('lights both cells when kubectl get pods | wc -l goes from 4 to 31', () => {
    expect(lit(diffWatch('4\n', '31\n'))).toEqual([['31']]);
    expect(lit(diffWatch('31\n', '11\n'))).toEqual([['1']]);
  });

  it('lights the cells a shorter line no longer covers (conntrack -C 10 → 9)', () => {
    const frame = diffWatch('10\n', '9\n');
    expect(frame.lines[0]?.changed).toEqual([{ start: 0, end: 2 }]);
    expect(rowSegments(frame.lines[0]!)).toEqual([{ text: '9 ', isLit: true }]);
  });

  it('keeps rows that disappeared as lit blanks', () => {
    const frame = diffWatch(ADDR_AFTER, ADDR_BEFORE);
    expect(frame.lines).toHaveLength(7);
    expect(frame.lines[6]?.text).toBe('');
    // Only cells that held a character light; the old row's spaces match the blank.
    expect(frame.lines[6]?.changed).toEqual([
      { start: 0, end: 18 },
      { start: 19, end: 21 },
      { start: 34, end: 62 },
    ]);
  });

  it('in cumulative mode keeps every cell that ever changed lit', () => {
    const first = diffWatch('10\nready 3\n', '11\nready 3\n', { isCumulative: true });
    expect(first.lines[0]?.changed).toEqual([{ start: 1, end: 2 }]);
    const second = diffWatch('11\nready 3\n', '21\nready 4\n', {
      isCumulative: true,
      marks: first.marks,
    });
    expect(second.lines[0]?.changed).toEqual([{ start: 0, end: 2 }]);
    expect(second.lines[1]?.changed).toEqual([{ start: 6, end: 7 }]);
    const third = diffWatch('21\nready 4\n', '21\nready 4\n', {
      isCumulative: true,
      marks: second.marks,
    });
    expect(third.changedCells).toBe(0);
    expect(third.litCells).toBe(3);
    // Without cumulative mode an unchanged run lights nothing.
    expect(diffWatch('21\n', '21\n').litCells).toBe(0);
  });

  it('expands tabs to 8 columns like the terminal, so a shifted tab stop is seen', () => {
    expect(screenRows('a\tb\n')).toEqual([['a', ' ', ' ', ' ', ' ', ' ', ' ', ' ', 'b']]);
    expect(lit(diffWatch('ab\tc\n', 'a\tc\n'))).toEqual([[' ']]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(diffWatch('● up\n', '● dn\n').lines[0]?.changed).toEqual([{ start: 2, end: 4 }]);
  });
});

describe('helpers', () => {
  it('merges overlapping and touching spans', () => {
    expect(
      mergeSpans(
        [{ start: 0, end: 2 }],
        [
          { start: 2, end: 4 },
          { start: 6, end: 7 },
        ],
      ),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 6, end: 7 },
    ]);
  });

  it('cuts a row into plain and lit segments', () => {
    expect(rowSegments({ text: 'eth0 UP', changed: [{ start: 5, end: 7 }] })).toEqual([
      { text: 'eth0 ', isLit: false },
      { text: 'UP', isLit: true },
    ]);
  });

  it('titles the watch like watch(1)', () => {
    expect(watchTitle(2000, 'kubectl get pods')).toBe('Every 2.0s: kubectl get pods');
    expect(watchTitle(500, 'date')).toBe('Every 0.5s: date');
  });
});
