import type { EventName, EventPayload } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/reply';
import type { Host, StreamControl } from '../hosts/host';
import { toHostError } from './fan-out';

/** Sends one event to the client that owns the streams. */
export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface FlowLimits {
  /** Unacknowledged characters above which the producer is paused. */
  highWater: number;
  /** Unacknowledged characters at or below which a paused producer resumes. */
  lowWater: number;
  /** The largest `stream:data` event; output is coalesced up to this size. */
  maxChunk: number;
}

export const DEFAULT_FLOW: FlowLimits = {
  highWater: 256 * 1024,
  lowWater: 64 * 1024,
  maxChunk: 64 * 1024,
};

interface StreamState {
  hostId: string;
  control: StreamControl | undefined;
  abort: AbortController;
  started: number;
  pending: string;
  unacked: number;
  isPaused: boolean;
  flushScheduled: boolean;
}

let lastStreamId = 0;

/**
 * The streams one client has open, with acknowledgement-based flow control: output is coalesced
 * into `stream:data` events, the producer is paused once the client has more than `highWater`
 * characters it has not acknowledged, and resumed when its acks bring that down to `lowWater`.
 * A flood (`yes`, a large `cat`) therefore costs bounded memory on both sides.
 */
export class StreamHub {
  private readonly streams = new Map<string, StreamState>();

  constructor(
    private readonly emit: EmitEvent,
    private readonly flow: FlowLimits = DEFAULT_FLOW,
  ) {}

  /** Starts `command` on `host`; returns the stream id at once, output follows as events. */
  start(host: Host, command: string): string {
    const streamId = `s${++lastStreamId}`;
    const state: StreamState = {
      hostId: host.description.id,
      control: undefined,
      abort: new AbortController(),
      started: performance.now(),
      pending: '',
      unacked: 0,
      isPaused: false,
      flushScheduled: false,
    };
    this.streams.set(streamId, state);
    // Events must not overtake the reply that tells the client this stream id.
    setImmediate(() => {
      if (!this.streams.has(streamId)) return;
      try {
        state.control = host.stream(
          command,
          {
            data: (chunk) => this.onData(streamId, state, chunk),
            end: (result) => this.onEnd(streamId, state, result),
          },
          { signal: state.abort.signal },
        );
      } catch (cause) {
        this.onEnd(streamId, state, { exitCode: null, error: toHostError(cause) });
      }
    });
    return streamId;
  }

  /** The client has consumed `bytes` more characters of the stream. */
  ack(streamId: string, bytes: number): void {
    const state = this.streams.get(streamId);
    if (!state) return; // Acks may trail the end of a stream; that is not an error.
    state.unacked = Math.max(0, state.unacked - bytes);
    if (state.isPaused && state.unacked <= this.flow.lowWater) {
      state.isPaused = false;
      state.control?.resume();
      this.scheduleFlush(streamId, state);
    }
  }

  /** Ends the command on its host; `stream:end` follows. */
  cancel(streamId: string): void {
    const state = this.streams.get(streamId);
    if (!state) throw new ApiError('not-found', `no running stream ${streamId}`);
    state.abort.abort();
  }

  /** Ends every stream, as when the client goes away. */
  closeAll(): void {
    for (const state of this.streams.values()) state.abort.abort();
  }

  get size(): number {
    return this.streams.size;
  }

  private onData(streamId: string, state: StreamState, chunk: string): void {
    if (!this.streams.has(streamId) || chunk.length === 0) return;
    state.pending += chunk;
    if (!state.isPaused && state.unacked + state.pending.length > this.flow.highWater) {
      state.isPaused = true;
      state.control?.pause();
    }
    this.scheduleFlush(streamId, state);
  }

  private scheduleFlush(streamId: string, state: StreamState): void {
    if (state.flushScheduled) return;
    state.flushScheduled = true;
    setImmediate(() => {
      state.flushScheduled = false;
      this.flush(streamId, state);
    });
  }

  /** Sends what is pending, as far as the client's window allows. */
  private flush(streamId: string, state: StreamState): void {
    while (state.pending.length > 0 && state.unacked < this.flow.highWater) {
      const room = Math.min(this.flow.maxChunk, this.flow.highWater - state.unacked);
      const data = state.pending.slice(0, room);
      state.pending = state.pending.slice(data.length);
      state.unacked += data.length;
      this.emit('stream:data', { streamId, data });
    }
  }

  private onEnd(
    streamId: string,
    state: StreamState,
    result: { exitCode: number | null; signal?: string; error?: ReturnType<typeof toHostError> },
  ): void {
    if (!this.streams.has(streamId)) return;
    this.streams.delete(streamId);
    // What the client has not been sent yet goes now: the producer has stopped, so it is bounded.
    for (let at = 0; at < state.pending.length; at += this.flow.maxChunk) {
      this.emit('stream:data', {
        streamId,
        data: state.pending.slice(at, at + this.flow.maxChunk),
      });
    }
    state.pending = '';
    this.emit('stream:end', {
      streamId,
      hostId: state.hostId,
      exitCode: result.exitCode,
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      durationMs: performance.now() - state.started,
      ...(result.error === undefined ? {} : { error: result.error }),
    });
  }
}
