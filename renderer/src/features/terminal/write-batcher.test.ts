import { describe, expect, it } from 'vitest';
import { createWriteBatcher } from './write-batcher';

describe('createWriteBatcher', () => {
  it('writes at once when idle, batches what arrives during a write, acks after each write', () => {
    const writes: { data: string; done: () => void }[] = [];
    const acked: number[] = [];
    const batcher = createWriteBatcher((data, done) => writes.push({ data, done }));
    batcher.push('a', () => acked.push(1));
    expect(writes.map((w) => w.data)).toEqual(['a']);
    batcher.push('bb', () => acked.push(2));
    batcher.push('ccc', () => acked.push(3));
    expect(writes).toHaveLength(1);
    expect(batcher.held()).toBe(2);
    expect(acked).toEqual([]);
    writes[0]?.done();
    expect(acked).toEqual([1]);
    expect(writes.map((w) => w.data)).toEqual(['a', 'bbccc']);
    writes[1]?.done();
    expect(acked).toEqual([1, 2, 3]);
    batcher.push('d', () => acked.push(4));
    expect(writes.map((w) => w.data)).toEqual(['a', 'bbccc', 'd']);
  });
});

describe('createWriteBatcher with a flood', () => {
  it('hands the writer at most maxWrite characters at a time, acking a piece after its end', () => {
    const writes: { data: string; done: () => void }[] = [];
    const acked: string[] = [];
    const deferred: (() => void)[] = [];
    const batcher = createWriteBatcher((data, done) => writes.push({ data, done }), {
      maxWrite: 4,
      defer: (next) => deferred.push(next),
    });
    batcher.push('ab', () => acked.push('ab'));
    batcher.push('cdefghij', () => acked.push('cdefghij'));
    batcher.push('k', () => acked.push('k'));
    writes[0]?.done();
    writes[1]?.done();
    // A full-size write (a flood) waits for the next turn before the next one.
    expect(writes).toHaveLength(2);
    expect(deferred).toHaveLength(1);
    deferred.shift()?.();
    writes[2]?.done();
    deferred.shift()?.();
    writes[3]?.done();
    expect(writes.map((w) => w.data)).toEqual(['ab', 'cdef', 'ghij', 'k']);
    expect(acked).toEqual(['ab', 'cdefghij', 'k']);
  });
});

describe('createWriteBatcher discard', () => {
  it('drops held output but still acknowledges it', () => {
    const writes: string[] = [];
    const acked: string[] = [];
    const batcher = createWriteBatcher((data) => writes.push(data));
    batcher.push('in flight', () => acked.push('in flight'));
    batcher.push('held', () => acked.push('held'));
    batcher.discard();
    expect(batcher.held()).toBe(0);
    expect(acked).toEqual(['held']);
    expect(writes).toEqual(['in flight']);
  });
});
