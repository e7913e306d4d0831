import { describe, expect, it } from 'vitest';
import { createChunkBatcher } from './chunk-batcher';

function setup(known: string[]) {
  const frames: (() => void)[] = [];
  const delivered: [string, string][] = [];
  const acks: [string, number][] = [];
  const knownIds = new Set(known);
  const batcher = createChunkBatcher({
    schedule: (flush) => frames.push(flush),
    deliver: (batch) => {
      const placed = new Set<string>();
      for (const [id, text] of batch) {
        if (!knownIds.has(id)) continue;
        delivered.push([id, text]);
        placed.add(id);
      }
      return placed;
    },
    ack: (id, bytes) => acks.push([id, bytes]),
  });
  const runFrame = () => frames.shift()?.();
  return { batcher, frames, delivered, acks, knownIds, runFrame };
}

describe('createChunkBatcher', () => {
  it('delivers and acks once per frame per stream', () => {
    const { batcher, frames, delivered, acks, runFrame } = setup(['s1', 's2']);
    batcher.push('s1', 'abc');
    batcher.push('s1', 'de');
    batcher.push('s2', 'ü\n');
    expect(frames).toHaveLength(1);
    expect(delivered).toEqual([]);
    runFrame();
    expect(delivered).toEqual([
      ['s1', 'abcde'],
      ['s2', 'ü\n'],
    ]);
    expect(acks).toEqual([
      ['s1', 5],
      ['s2', 2],
    ]);
  });

  it('schedules again only after a flush', () => {
    const { batcher, frames, runFrame } = setup(['s1']);
    batcher.push('s1', 'a');
    runFrame();
    batcher.push('s1', 'b');
    expect(frames).toHaveLength(1);
  });

  it('holds streams it cannot place yet, without acking them', () => {
    const { batcher, delivered, acks, knownIds, runFrame } = setup([]);
    batcher.push('s7', 'early ');
    runFrame();
    expect(acks).toEqual([]);
    expect(batcher.heldStreams()).toEqual(['s7']);
    batcher.push('s7', 'late');
    knownIds.add('s7');
    batcher.flush();
    expect(delivered).toEqual([['s7', 'early late']]);
    expect(acks).toEqual([['s7', 10]]);
    expect(batcher.heldStreams()).toEqual([]);
  });

  it('ignores empty chunks and forgets discarded streams', () => {
    const { batcher, frames } = setup([]);
    batcher.push('s1', '');
    expect(frames).toHaveLength(0);
    batcher.push('s1', 'x');
    batcher.discard('s1');
    expect(batcher.heldStreams()).toEqual([]);
  });
});
