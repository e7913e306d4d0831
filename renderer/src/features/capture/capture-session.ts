/**
 * The capture view's link to the backend: starts one capture per interface (each over the chosen
 * hosts), takes `capture:packets` batches into the buffer and acknowledges them, follows each
 * stream to its end, and stops whatever still runs when the view goes away.
 */
import type { KubelabApi } from '../../../../shared/api/client';
import type { EventPayload, Params } from '../../../../shared/api/contract';
import type { CapturePacket, CaptureStreamEnd } from '../../../../shared/api/contract-capture';
import { packetTimeUs, type CapturedPacket } from '../../../../shared/model/capture/packet';
import type { CaptureBuffer } from './capture-buffer';

/** One host's stream of a capture as the view knows it. */
export interface StreamState {
  streamId: string;
  hostId: string;
  iface: string;
  /** Packets the backend parsed so far, and of those dropped before reaching us. */
  total: number;
  backendDropped: number;
  isListening: boolean;
  warning?: string;
  end?: CaptureStreamEnd;
}

/** One `capture:start` (one interface on several hosts). */
export interface CaptureRun {
  captureId: string;
  iface: string;
  command: string;
  streams: StreamState[];
  isRunning: boolean;
  reason?: string;
}

type PacketsEvent = EventPayload<'capture:packets'>;
/** Batches that beat `capture:start`'s answer are held this long for it, then forgotten. */
const EARLY_HOLD_MS = 10_000;

/** Where a wire packet sits on the merged timeline: its `-tttt` stamp in µs. */
export function toViewPacket(p: CapturePacket, host: string, seq: number): CapturedPacket {
  const timeUs = p.ts !== undefined ? Math.round(p.ts * 1000) : (packetTimeUs(p) ?? 0);
  return { seq, host, iface: p.interface ?? '', timeUs, packet: p };
}

export class CaptureSession {
  readonly runs: CaptureRun[] = [];
  private readonly early = new Map<string, { at: number; events: PacketsEvent[] }>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly api: KubelabApi,
    private readonly buffer: CaptureBuffer,
    private readonly hostName: (hostId: string) => string,
    private readonly onChange: () => void,
  ) {
    this.unsubscribe = [
      api.on('capture:packets', (e) => this.onPackets(e)),
      api.on('capture:status', (e) => {
        const s = this.stream(e.captureId, e.streamId);
        if (s === undefined) return;
        if (e.status === 'listening') s.isListening = true;
        else s.warning = e.message;
        this.onChange();
      }),
      api.on('capture:stream-end', (e) => {
        const s = this.stream(e.captureId, e.streamId);
        if (s === undefined) return;
        s.end = e;
        s.total = Math.max(s.total, e.packets);
        s.backendDropped = Math.max(s.backendDropped, e.dropped);
        this.onChange();
      }),
      api.on('capture:end', (e) => {
        const run = this.runs.find((r) => r.captureId === e.captureId);
        if (run === undefined) return;
        run.isRunning = false;
        run.reason = e.reason;
        this.onChange();
      }),
    ];
  }

  /** Starts one capture per interface; answers the first error message, if any. */
  async start(
    params: Omit<Params<'capture:start'>, 'iface'>,
    ifaces: readonly string[],
  ): Promise<string | undefined> {
    for (const iface of ifaces) {
      const reply = await this.api.captureStart({ ...params, iface });
      if (!reply.ok) return reply.error.message;
      const { captureId, streams, command } = reply.value;
      this.runs.push({
        captureId,
        iface,
        command,
        isRunning: true,
        streams: streams.map((s) => ({
          ...s,
          total: 0,
          backendDropped: 0,
          isListening: false,
        })),
      });
      const held = this.early.get(captureId);
      this.early.delete(captureId);
      for (const e of held?.events ?? []) this.onPackets(e);
      this.onChange();
    }
    return undefined;
  }

  /** Stops one capture, or every running one. */
  async stop(captureId?: string): Promise<void> {
    const running = this.runs.filter(
      (r) => r.isRunning && (captureId === undefined || r.captureId === captureId),
    );
    await Promise.all(running.map((r) => this.api.captureStop({ captureId: r.captureId })));
  }

  /** Drops ended captures from the list (a new capture session starts clean). */
  forgetEnded(): void {
    const running = this.runs.filter((r) => r.isRunning);
    this.runs.splice(0, this.runs.length, ...running);
  }

  get isRunning(): boolean {
    return this.runs.some((r) => r.isRunning);
  }

  /** Packets the backend parsed and dropped before sending (it only drops when we fall behind). */
  backendCounts(): { total: number; dropped: number } {
    let total = 0;
    let dropped = 0;
    for (const r of this.runs)
      for (const s of r.streams) {
        total += s.total;
        dropped += s.backendDropped;
      }
    return { total, dropped };
  }

  /** Unsubscribes and ends every capture still running (closing the view ends remote tcpdump). */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    void this.stop();
  }

  private stream(captureId: string, streamId: string): StreamState | undefined {
    return this.runs
      .find((r) => r.captureId === captureId)
      ?.streams.find((s) => s.streamId === streamId);
  }

  private onPackets(e: PacketsEvent): void {
    const s = this.stream(e.captureId, e.streamId);
    if (s === undefined) {
      this.holdEarly(e);
      return;
    }
    s.total = Math.max(s.total, e.total);
    s.backendDropped = Math.max(s.backendDropped, e.dropped);
    const host = this.hostName(e.hostId);
    this.buffer.add(e.packets.map((p) => toViewPacket(p, host, this.buffer.takeSeq())));
    if (e.packets.length > 0)
      void this.api.captureAck({ streamId: e.streamId, packets: e.packets.length });
  }

  private holdEarly(e: PacketsEvent): void {
    const now = Date.now();
    for (const [id, h] of this.early) if (now - h.at > EARLY_HOLD_MS) this.early.delete(id);
    const held = this.early.get(e.captureId) ?? { at: now, events: [] };
    // Another window's capture is never claimed here: hold only the first few batches.
    if (held.events.length < 64) held.events.push(e);
    this.early.set(e.captureId, held);
  }
}
