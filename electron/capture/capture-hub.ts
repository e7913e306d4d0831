/**
 * The captures one client has running. A capture is one tcpdump per host; its events go to the
 * client as `capture:*` events, and it ends — every remote tcpdump with it — on `stop`, at its
 * packet count or duration, when its hosts' tcpdumps all end, or when the client goes away.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CaptureEndReason, CaptureStreamEnd } from '../../shared/api/contract-capture';
import { ApiError } from '../../shared/api/reply';
import type { EmitEvent } from '../core/stream-hub';
import type { Host } from '../hosts/host';
import { CaptureStream, type CaptureStreamEvents } from './capture-stream';
import type { PacketFlow } from './packet-queue';

export interface StartCapture {
  hosts: readonly Host[];
  iface: string;
  filter?: string;
  maxPackets: number;
  maxSeconds: number;
  /** Keep the raw packets: where each host's pcap goes (`undefined`: not kept). */
  pcapPath?: (host: Host) => string;
}

interface Capture {
  id: string;
  streams: Map<string, CaptureStream>;
  ends: CaptureStreamEnd[];
  reason: CaptureEndReason | undefined;
  timer: NodeJS.Timeout;
  started: number;
  pcapPaths: Map<string, string>;
}

let lastCaptureId = 0;

/**
 * The user kubelab logs in as; tcpdump runs through `sudo -n` for anyone but root, and for a
 * host whose user is not known (root can run `sudo -n` too).
 */
function loginUser(host: Host): string {
  return host.description.user ?? '(unknown)';
}

export class CaptureHub {
  private readonly captures = new Map<string, Capture>();
  private readonly streamOwners = new Map<string, Capture>();
  private pcapDir: string | undefined;

  constructor(
    private readonly emit: EmitEvent,
    private readonly flow?: PacketFlow,
  ) {}

  /** Starts tcpdump on every host; events follow after the answer. */
  start(request: StartCapture): {
    captureId: string;
    streams: { streamId: string; hostId: string; iface: string }[];
    command: string;
  } {
    const id = `c${++lastCaptureId}`;
    const capture: Capture = {
      id,
      streams: new Map(),
      ends: [],
      reason: undefined,
      timer: setTimeout(() => this.end(capture, 'duration'), request.maxSeconds * 1000),
      started: performance.now(),
      pcapPaths: new Map(),
    };
    request.hosts.forEach((host, i) => {
      const streamId = `${id}-${i + 1}`;
      const pcapPath = request.pcapPath?.(host);
      if (pcapPath !== undefined) capture.pcapPaths.set(streamId, pcapPath);
      const stream = new CaptureStream(
        host,
        {
          iface: request.iface,
          ...(request.filter === undefined ? {} : { filter: request.filter }),
          maxPackets: request.maxPackets,
          user: loginUser(host),
          ...(pcapPath === undefined ? {} : { pcapPath }),
          ...(this.flow === undefined ? {} : { flow: this.flow }),
        },
        this.streamEvents(capture, streamId, host),
      );
      capture.streams.set(streamId, stream);
      this.streamOwners.set(streamId, capture);
    });
    this.captures.set(id, capture);
    const first = [...capture.streams.values()][0];
    // Events must not overtake the answer that tells the client the ids.
    setImmediate(() => {
      for (const stream of capture.streams.values()) stream.start();
    });
    return {
      captureId: id,
      streams: [...capture.streams].map(([streamId, s]) => ({
        streamId,
        hostId: s.host.description.id,
        iface: request.iface,
      })),
      command: first?.command ?? '',
    };
  }

  /** Ends a capture on every host; `capture:stream-end` and `capture:end` follow. */
  stop(captureId: string, reason: CaptureEndReason = 'stopped'): void {
    const capture = this.captures.get(captureId);
    if (!capture) throw new ApiError('not-found', `no running capture ${captureId}`);
    this.end(capture, reason);
  }

  ack(streamId: string, packets: number): void {
    // Acks may trail the end of a capture; that is not an error.
    this.streamOwners.get(streamId)?.streams.get(streamId)?.ack(packets);
  }

  /** A kept pcap file, once its stream has ended. */
  pcapFile(streamId: string): { fileName: string; data: Buffer } {
    const capture = this.streamOwners.get(streamId);
    const file = capture?.pcapPaths.get(streamId);
    if (!capture || file === undefined)
      throw new ApiError('not-found', `no kept pcap for stream ${streamId}`);
    if (!capture.ends.some((e) => e.streamId === streamId))
      throw new ApiError('unavailable', `stream ${streamId} is still capturing; stop it first`);
    return { fileName: path.basename(file), data: readFileSync(file) };
  }

  /** A temporary file for a stream's pcap (removed by `dispose`). */
  tempPcapPath(host: Host): string {
    this.pcapDir ??= mkdtempSync(path.join(tmpdir(), 'kubelab-capture-'));
    return path.join(this.pcapDir, `${host.description.id}-${Date.now()}.pcap`);
  }

  /** Ends every capture, as when the client goes away, and removes temporary pcaps. */
  closeAll(): void {
    for (const capture of this.captures.values()) this.end(capture, 'closed');
  }

  /** Removes this hub's temporary pcap files. */
  dispose(): void {
    if (this.pcapDir !== undefined) rmSync(this.pcapDir, { recursive: true, force: true });
  }

  get running(): number {
    return this.captures.size;
  }

  private end(capture: Capture, reason: CaptureEndReason): void {
    capture.reason ??= reason;
    clearTimeout(capture.timer);
    for (const stream of capture.streams.values()) stream.stop(reason);
  }

  private streamEvents(capture: Capture, streamId: string, host: Host): CaptureStreamEvents {
    const ids = { captureId: capture.id, streamId, hostId: host.description.id };
    return {
      batch: (batch) =>
        this.emit('capture:packets', { ...ids, iface: this.ifaceOf(capture, streamId), ...batch }),
      status: (status, message) => this.emit('capture:status', { ...ids, status, message }),
      end: (end) => {
        const full: CaptureStreamEnd = { captureId: capture.id, streamId, ...end };
        capture.ends.push(full);
        this.emit('capture:stream-end', full);
        if (capture.ends.length === capture.streams.size) this.finish(capture);
      },
    };
  }

  private ifaceOf(capture: Capture, streamId: string): string {
    return capture.streams.get(streamId)?.iface ?? '';
  }

  private finish(capture: Capture): void {
    clearTimeout(capture.timer);
    this.captures.delete(capture.id);
    const reasons = new Set(capture.ends.map((e) => e.reason));
    const only = reasons.size === 1 ? [...reasons][0] : undefined;
    const reason =
      capture.reason ??
      only ??
      (['error', 'disconnected', 'exited'] as const).find((r) => reasons.has(r)) ??
      'exited';
    this.emit('capture:end', {
      captureId: capture.id,
      reason,
      packets: capture.ends.reduce((sum, e) => sum + e.packets, 0),
      dropped: capture.ends.reduce((sum, e) => sum + e.dropped, 0),
      streams: capture.ends,
      durationMs: performance.now() - capture.started,
    });
  }
}
