import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CaptureLineReader } from './line-reader';
import { DEFAULT_PACKET_FLOW, PacketQueue, type Batch } from './packet-queue';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function flood(lines: number, from = 0, path = 'x'.repeat(400)): string {
  let text = '';
  for (let i = from; i < from + lines; i++)
    text += `2026-11-23 19:53:52.${String(i % 1e6).padStart(6, '0')} ens5  Out IP 192.168.1.13.${30000 + (i % 30000)} > 10.100.0.${i % 7}.80: Flags [P.], seq ${i}:${i + 77}, ack 1, win 502, length 77: HTTP: GET /${path} HTTP/1.1\n`;
  return text;
}

function feed(reader: CaptureLineReader, queue: PacketQueue, lines: number): void {
  queue.push(reader.push(flood(lines)).packets);
}

describe('CaptureLineReader memory', () => {
  it('queued packets keep their own lines, not the chunk they came in', () => {
    const reader = new CaptureLineReader('any');
    const queue = new PacketQueue({ window: 10, capacity: 10, batch: 10 });
    gc();
    const before = process.memoryUsage().heapUsed;
    // One ~10 MB chunk (a stalled loop reads that much at once); the queue keeps 10 of its lines.
    // In a function of its own: the test's frame would keep its temporaries (the chunk) alive.
    feed(reader, queue, 20_000);
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(queue.dropped).toBe(19_990);
    expect(queue.take().flatMap((b) => b.packets.map((p) => p.n))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    // 10 lines of ~500 bytes and their fields: kilobytes. A sliced line would hold all ~10 MB.
    expect(retained).toBeLessThan(1 << 20);
  });

  it('a stream whose client stopped reading holds well under 64 MB', () => {
    const reader = new CaptureLineReader('any');
    const queue = new PacketQueue(DEFAULT_PACKET_FLOW);
    const inFlight: Batch[] = [];
    gc();
    const before = process.memoryUsage().heapUsed;
    // The bench's lines, 200 a chunk as the flood sends them: the window goes out unacknowledged
    // (held, as the socket would hold it), then the queue fills to its capacity and drops.
    const lines = DEFAULT_PACKET_FLOW.window + DEFAULT_PACKET_FLOW.capacity + 10_000;
    for (let i = 0; i < lines; i += 200) {
      queue.push(reader.push(flood(200, i, '')).packets);
      inFlight.push(...queue.take());
    }
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    expect(inFlight.reduce((n, b) => n + b.packets.length, 0)).toBe(DEFAULT_PACKET_FLOW.window);
    expect(queue.pending).toBe(DEFAULT_PACKET_FLOW.capacity);
    expect(queue.dropped).toBe(10_000);
    // Each parsed packet costs about 1 KB of heap: capacity and window bound the stream's memory.
    expect(retained).toBeLessThan(32 * 2 ** 20);
  });
});
