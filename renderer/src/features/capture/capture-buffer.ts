/**
 * The capture view's packets: several streams merged on one timeline, bounded, filtered, and
 * pausable without loss up to a second bound. Plain data and no React, so it is table-tested and
 * the bench can drive it.
 *
 * Counting, so the view can prove nothing silently vanished:
 * `received = retained + pending + dropped` (retained: in the table's store; pending: arrived
 * while paused or since the last frame; dropped: pushed out of a full buffer, oldest first).
 */
import type { CapturedPacket } from '../../../../shared/model/capture/packet';

/** Counters for the status line. */
export interface BufferStats {
  received: number;
  retained: number;
  pending: number;
  dropped: number;
  /** Retained packets that pass the display filter. */
  shown: number;
}

const byTime = (a: CapturedPacket, b: CapturedPacket) => a.timeUs - b.timeUs || a.seq - b.seq;

export class CaptureBuffer {
  /** Retained packets in time order; `items[i]` has the absolute index `base + i`. */
  private items: CapturedPacket[] = [];
  private base = 0;
  private pending: CapturedPacket[] = [];
  /** Absolute indices of retained packets the filter lets through, ascending. */
  private view: number[] = [];
  private match: (p: CapturedPacket) => boolean = () => true;
  private received = 0;
  private dropped = 0;
  private isPaused = false;
  private nextSeq = 0;
  /** Bumped on every visible change, for React to compare. */
  version = 0;

  constructor(
    readonly capacity = 100_000,
    readonly pendingCapacity = 100_000,
  ) {}

  /** The next `seq` for a packet entering the view. */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Packets arrive here; they reach the table at the next `flush` (unless paused). */
  add(packets: readonly CapturedPacket[]): void {
    this.received += packets.length;
    for (const p of packets) this.pending.push(p);
    const over = this.pending.length - this.pendingCapacity;
    // While paused, trim in chunks so a long pause does not pay a shift per packet.
    if (over > (this.isPaused ? this.pendingCapacity / 8 : 0)) {
      this.pending.splice(0, over);
      this.dropped += over;
      this.version += 1;
    }
  }

  /** Merges pending packets into the timeline; false when nothing changed (or paused). */
  flush(): boolean {
    if (this.isPaused || this.pending.length === 0) return false;
    const incoming = this.pending.sort(byTime);
    this.pending = [];
    const first = incoming[0] as CapturedPacket;
    // Streams lag each other a little: only the tail newer than the earliest arrival is re-merged.
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byTime(this.items[mid] as CapturedPacket, first) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const at = lo;
    const tail = this.items.splice(at);
    const merged = tail.length === 0 ? incoming : mergeSorted(tail, incoming);
    const absAt = this.base + at;
    while (this.view.length > 0 && (this.view[this.view.length - 1] as number) >= absAt)
      this.view.pop();
    for (let i = 0; i < merged.length; i++) {
      const p = merged[i] as CapturedPacket;
      this.items.push(p);
      if (this.match(p)) this.view.push(absAt + i);
    }
    this.evict();
    this.version += 1;
    return true;
  }

  private evict(): void {
    const over = this.items.length - this.capacity;
    if (over <= 0) return;
    this.items.splice(0, over);
    this.base += over;
    this.dropped += over;
    let k = 0;
    while (k < this.view.length && (this.view[k] as number) < this.base) k += 1;
    if (k > 0) this.view.splice(0, k);
  }

  /** Applies a display filter to everything retained and to what comes later. */
  setFilter(match: (p: CapturedPacket) => boolean): void {
    this.match = match;
    this.view = [];
    for (let i = 0; i < this.items.length; i++)
      if (match(this.items[i] as CapturedPacket)) this.view.push(this.base + i);
    this.version += 1;
  }

  setPaused(paused: boolean): void {
    this.isPaused = paused;
    this.version += 1;
    if (!paused) this.flush();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Number of packets the table shows. */
  get length(): number {
    return this.view.length;
  }

  /** The table's row `i`. */
  at(i: number): CapturedPacket | undefined {
    const abs = this.view[i];
    return abs === undefined ? undefined : this.items[abs - this.base];
  }

  /** Row index of a packet by `seq`, or -1. */
  indexOfSeq(seq: number): number {
    for (let i = this.view.length - 1; i >= 0; i--) if (this.at(i)?.seq === seq) return i;
    return -1;
  }

  /** The rows the table shows, in order (for export and the journey). */
  visible(): CapturedPacket[] {
    return this.view.map((abs) => this.items[abs - this.base] as CapturedPacket);
  }

  /** Every retained packet, filter or not (the journey needs hops the filter hides). */
  retained(): readonly CapturedPacket[] {
    return this.items;
  }

  stats(): BufferStats {
    return {
      received: this.received,
      retained: this.items.length,
      pending: this.pending.length,
      dropped: this.dropped,
      shown: this.view.length,
    };
  }

  /** Forgets every packet (a new capture session); counters start again. */
  clear(): void {
    this.items = [];
    this.pending = [];
    this.view = [];
    this.base = 0;
    this.received = 0;
    this.dropped = 0;
    this.version += 1;
  }
}

function mergeSorted(a: CapturedPacket[], b: CapturedPacket[]): CapturedPacket[] {
  const out: CapturedPacket[] = new Array<CapturedPacket>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as CapturedPacket;
    const y = b[j] as CapturedPacket;
    if (byTime(x, y) <= 0) {
      out[k++] = x;
      i += 1;
    } else {
      out[k++] = y;
      j += 1;
    }
  }
  while (i < a.length) out[k++] = a[i++] as CapturedPacket;
  while (j < b.length) out[k++] = b[j++] as CapturedPacket;
  return out;
}
