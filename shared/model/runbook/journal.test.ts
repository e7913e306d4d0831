import { describe, expect, it } from 'vitest';
import { boundOutput, parseJournal } from './journal';

const entry = (kind: string, extra: object = {}) =>
  JSON.stringify({ v: 1, at: '2026-11-23T00:00:00Z', kind, ...extra });
const start = entry('session-start', { target: 'demo', hosts: [], variables: {} });
const step = entry('step-start', { step: 0, title: 'one' });

describe('parseJournal', () => {
  it('reads whole lines', () => {
    const r = parseJournal(`${start}\n${step}\n`);
    expect(r.entries.map((e) => e.kind)).toEqual(['session-start', 'step-start']);
    expect(r).toMatchObject({ problems: [], isTornTail: false });
  });
  it('reports a torn last line and keeps everything before it', () => {
    const r = parseJournal(`${start}\n${step}\n${step.slice(0, 20)}`);
    expect(r.entries).toHaveLength(2);
    expect(r.isTornTail).toBe(true);
    expect(r.problems).toEqual([
      { line: 3, message: 'torn last line (20 bytes, the writer stopped mid-entry): left out' },
    ]);
  });
  it('names a bad line in the middle without losing the rest', () => {
    const r = parseJournal(`${start}\n{"v":1,"kind":"martian"}\nnot json\n${step}\n`);
    expect(r.entries).toHaveLength(2);
    expect(r.isTornTail).toBe(false);
    expect(r.problems.map((p) => p.line)).toEqual([2, 3]);
  });
  it('reads an empty journal as empty', () => {
    expect(parseJournal('')).toEqual({ entries: [], problems: [], isTornTail: false });
  });
});

describe('boundOutput', () => {
  it('keeps the head and counts what it dropped', () => {
    expect(boundOutput('abcdef', 4)).toEqual({ text: 'abcd', dropped: 2 });
    expect(boundOutput('abc', 4)).toEqual({ text: 'abc', dropped: 0 });
  });
});
