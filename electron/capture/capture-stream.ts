/**
 * One host's part of a capture: the text tcpdump (parsed, queued to the client) and, with a pcap
 * path, a second `tcpdump -w -` on its own channel into that file. Ending it (stop, cancel, a
 * session closing) aborts both channels, which ends the remote processes (see SshHost).
 */
import type { CaptureEndReason, CaptureStreamEnd } from '../../shared/api/contract-capture';
import type { HostError } from '../../shared/model/command';
import type { Host } from '../hosts/host';
import { SudoPasswordRequiredError } from '../ssh/sudo';
import { pcapCaptureCommand, textCaptureCommand, type TcpdumpOptions } from './command';
import { CaptureLineReader, type LineEvents } from './line-reader';
import { PacketQueue, type Batch, type PacketFlow } from './packet-queue';
import { PcapFile } from './pcap-file';

/** How long the pcap channel may take to reach the same count after the text one did. */
const PCAP_GRACE_MS = 3000;
/** Parser warnings reported per stream; a flood of odd lines must not become a flood of events. */
const MAX_WARNINGS = 20;

export interface CaptureStreamEvents {
  batch(batch: Batch): void;
  status(status: 'listening' | 'warning', message: string): void;
  end(end: Omit<CaptureStreamEnd, 'captureId' | 'streamId'>): void;
}

export interface CaptureStreamOptions extends TcpdumpOptions {
  maxPackets: number;
  pcapPath?: string;
  flow?: PacketFlow;
}

type TextEnd = { exitCode: number | null; signal?: string; error?: HostError };

export class CaptureStream {
  private readonly reader: CaptureLineReader;
  private readonly queue: PacketQueue;
  private readonly textAbort = new AbortController();
  private readonly pcapAbort = new AbortController();
  private pcap: PcapFile | undefined;
  private pcapEnded: Promise<void> = Promise.resolve();
  private reason: CaptureEndReason | undefined;
  private warnings = 0;
  private flushScheduled = false;
  private readonly started = performance.now();
  isEnded = false;

  constructor(
    readonly host: Host,
    private readonly options: CaptureStreamOptions,
    private readonly events: CaptureStreamEvents,
  ) {
    this.reader = new CaptureLineReader(options.iface);
    this.queue = new PacketQueue(options.flow);
  }

  get iface(): string {
    return this.options.iface;
  }

  /** The command line shown to the user. */
  get command(): string {
    return textCaptureCommand(this.options);
  }

  start(): void {
    if (this.options.pcapPath !== undefined) this.startPcap(this.options.pcapPath);
    this.host.stream(
      textCaptureCommand(this.options),
      { data: (chunk) => this.onEvents(this.reader.push(chunk)), end: (r) => void this.onEnd(r) },
      { signal: this.textAbort.signal },
    );
  }

  /** Ends the capture on this host for `reason` (the first reason given wins). */
  stop(reason: CaptureEndReason): void {
    this.reason ??= reason;
    this.textAbort.abort();
    this.pcapAbort.abort();
  }

  ack(packets: number): void {
    this.queue.ack(packets);
    this.scheduleFlush();
  }

  private startPcap(path: string): void {
    const streamBytes = this.host.streamBytes?.bind(this.host);
    if (streamBytes === undefined) {
      this.events.status('warning', `${this.host.description.name} cannot keep raw packets (pcap)`);
      return;
    }
    const file = new PcapFile(path, undefined, () => this.pcapAbort.abort());
    this.pcap = file;
    this.pcapEnded = new Promise((resolve) => {
      streamBytes(
        pcapCaptureCommand(this.options),
        { data: (chunk) => file.write(chunk), end: () => resolve() },
        { signal: this.pcapAbort.signal },
      );
    });
  }

  private onEvents(events: LineEvents): void {
    if (events.listening !== undefined) this.events.status('listening', events.listening);
    for (const warning of events.warnings) {
      if (++this.warnings <= MAX_WARNINGS) this.events.status('warning', warning);
    }
    if (events.packets.length > 0) {
      this.queue.push(events.packets);
      this.scheduleFlush();
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.isEnded) return;
    this.flushScheduled = true;
    // Lines that arrive together go out together: one event per turn of the loop, not per chunk.
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.isEnded) for (const batch of this.queue.take()) this.events.batch(batch);
    });
  }

  private async onEnd(result: TextEnd): Promise<void> {
    this.onEvents(this.reader.flush());
    const reason = this.endReason(result);
    // tcpdump -c N on both channels: the pcap one gets a moment to write its last packets.
    if (reason === 'count' || reason === 'exited') {
      const timer = setTimeout(() => this.pcapAbort.abort(), PCAP_GRACE_MS);
      await this.pcapEnded;
      clearTimeout(timer);
    } else this.pcapAbort.abort();
    await this.pcapEnded;
    await this.pcap?.close();
    this.isEnded = true;
    for (const batch of this.queue.take(true)) this.events.batch(batch);
    const error = this.reader.isSudoPasswordRequired
      ? {
          code: 'auth-failed' as const,
          message: new SudoPasswordRequiredError(this.options.user, this.host.description.name)
            .message,
        }
      : result.error;
    const message = this.reader.messages.join('\n');
    this.events.end({
      hostId: this.host.description.id,
      iface: this.options.iface,
      reason,
      packets: this.queue.total,
      dropped: this.queue.dropped,
      exitCode: result.exitCode,
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      ...(error === undefined ? {} : { error }),
      ...(message === '' ? {} : { message }),
      ...(this.pcap === undefined
        ? {}
        : { pcap: { bytes: this.pcap.bytes, truncated: this.pcap.isTruncated } }),
      durationMs: performance.now() - this.started,
    });
  }

  private endReason(result: TextEnd): CaptureEndReason {
    if (this.reader.isSudoPasswordRequired) return 'error';
    if (this.reason !== undefined) return this.reason;
    if (result.error !== undefined)
      return result.error.code === 'unreachable' ? 'disconnected' : 'error';
    if (result.exitCode === 0 && this.reader.packets >= this.options.maxPackets) return 'count';
    return 'exited';
  }
}
