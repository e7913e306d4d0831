import { describe, expect, it } from 'vitest';
import type { CapturePacket } from '../../shared/api/contract-capture';
import { PacketQueue } from './packet-queue';

const packets = (from: number, n: number): CapturePacket[] =>
  Array.from({ length: n }, (_, i) => ({
    n: from + i,
    line: from + i,
    raw: '',
    timeFormat: 'tttt',
    family: 'ip',
    protocol: 'tcp',
  }));

describe('packet queue', () => {
  it('sends within the window, waits for acks, drops and counts past its capacity', () => {
    const q = new PacketQueue({ window: 10, capacity: 25, batch: 4 });
    q.push(packets(1, 30));
    expect(q.dropped).toBe(5);
    const first = q.take();
    expect(first.map((b) => b.packets.length)).toEqual([4, 4, 2]);
    expect(q.take()).toEqual([]);
    q.ack(10);
    expect(q.take().flatMap((b) => b.packets.map((p) => p.n))).toEqual([
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
    const rest = q.take(true);
    expect(rest.flatMap((b) => b.packets.map((p) => p.n))).toEqual([21, 22, 23, 24, 25]);
    expect(rest.at(-1)).toMatchObject({ total: 30, dropped: 5 });
  });
});
