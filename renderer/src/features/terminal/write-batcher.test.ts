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
