/**
 * One stream's packets on their way to the client: batches go out while the client's window
 * allows (acknowledged by count), the rest wait in a bounded queue, and what does not fit is
 * dropped and counted, never buffered without limit. tcpdump itself is never paused: holding
 * its output back would only move the loss into the kernel, where nobody sees it.
 */
import type { CapturePacket } from '../../shared/api/contract-capture';

export interface PacketFlow {
  /** Packets sent but not yet acknowledged above which sending waits. */
  window: number;
  /** Packets waiting to be sent above which new ones are dropped. */
  capacity: number;
  /** The largest batch (the contract allows 2000). */
  batch: number;
}

/**
 * A parsed packet costs about 0.7 KB of heap (1 KB with its share of the frames in flight):
 * 20,000 waiting (a second of a 20,000 lines/s flood) and 8,000 sent keep a stream near 25 MB,
 * within the 64 MB per stream that #7 allows; 50,000 waiting came to ~56 MB per stream.
 */
export const DEFAULT_PACKET_FLOW: PacketFlow = { window: 8000, capacity: 20_000, batch: 1000 };

export interface Batch {
  packets: CapturePacket[];
  total: number;
  dropped: number;
}

export class PacketQueue {
  private waiting: CapturePacket[] = [];
  /** Index of the first packet of `waiting` not yet sent (shifting arrays is O(n)). */
  private head = 0;
  private unacked = 0;
  total = 0;
  dropped = 0;

  constructor(private readonly flow: PacketFlow = DEFAULT_PACKET_FLOW) {}

  /** Queues parsed packets; those past the capacity are dropped and counted. */
  push(packets: readonly CapturePacket[]): void {
    this.total += packets.length;
    const room = Math.max(0, this.flow.capacity - this.pending);
    if (packets.length <= room) {
      for (const p of packets) this.waiting.push(p);
      return;
    }
    for (let i = 0; i < room; i++) this.waiting.push(packets[i] as CapturePacket);
    this.dropped += packets.length - room;
  }

  get pending(): number {
    return this.waiting.length - this.head;
  }

  /** The client has handled `count` more packets. */
  ack(count: number): void {
    this.unacked = Math.max(0, this.unacked - count);
  }

  /**
   * The batches the window allows now. With `force` (the stream ended), everything waiting goes:
   * the producer has stopped, so that is bounded by the capacity.
   */
  take(force = false): Batch[] {
    const batches: Batch[] = [];
    while (this.pending > 0 && (force || this.unacked < this.flow.window)) {
      const room = force
        ? this.flow.batch
        : Math.min(this.flow.batch, this.flow.window - this.unacked);
      const packets = this.waiting.slice(this.head, this.head + room);
      this.head += packets.length;
      this.unacked += packets.length;
      batches.push({ packets, total: this.total, dropped: this.dropped });
    }
    if (this.head > 4096 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    return batches;
  }
}
