import type { HostError } from '../../shared/model/command';
import { ApiError } from '../../shared/api/reply';
import {
  HostUnavailableError,
  type Host,
  type ShellChannel,
  type TerminalSize,
} from '../hosts/host';
import { toHostError } from './fan-out';
import type { EmitEvent, FlowLimits } from './stream-hub';

/**
 * A terminal's window is smaller than a command stream's: what is in flight is what stands
 * between a Ctrl-C and the prompt it brings back, and a view writes 16 KiB a frame at most.
 */
export const TERMINAL_FLOW: FlowLimits = {
  highWater: 64 * 1024,
  lowWater: 16 * 1024,
  maxChunk: 16 * 1024,
};

/** Keys on which a tty discards the output not yet shown (ISIG without NOFLSH): ^C, ^\, ^Z. */
const INTERRUPT_KEYS = ['\u0003', '\u001c', '\u001a'];
const isInterrupt = (data: string) => INTERRUPT_KEYS.some((key) => data.includes(key));

/** More terminals than this in one session is a runaway client, not a lab. */
export const MAX_TERMINALS = 64;

interface TerminalState {
  channel: ShellChannel | undefined;
  /** False until `host.shell` resolved and the client has its id: output waits until then. */
  isOpen: boolean;
  pending: string;
  unacked: number;
  isPaused: boolean;
  flushScheduled: boolean;
  /** Set when the shell ended before it was fully open; reported once it is. */
  earlyEnd: ExitResult | undefined;
}

type ExitResult = { exitCode: number | null; signal?: string; error?: HostError };

let lastTerminalId = 0;

/**
 * The interactive shells one client has open, with the same acknowledgement-based flow control
 * as command streams: output is coalesced into `terminal:data` events, the shell's channel is
 * paused once the client holds more than `highWater` characters it has not written, and resumed
 * when acks bring that down to `lowWater`. A `yes` flood therefore stays bounded on both sides,
 * and a Ctrl-C typed meanwhile reaches the shell at once (input is never held back).
 */
export class TerminalHub {
  private readonly terminals = new Map<string, TerminalState>();

  constructor(
    private readonly emit: EmitEvent,
    private readonly flow: FlowLimits = TERMINAL_FLOW,
  ) {}

  /** Opens a shell on `host`; resolves with the terminal id once the shell is there. */
  async open(host: Host, size: TerminalSize): Promise<string> {
    if (this.terminals.size >= MAX_TERMINALS) {
      throw new ApiError('unavailable', `at most ${MAX_TERMINALS} terminals can be open at once`);
    }
    const terminalId = `t${++lastTerminalId}`;
    const state: TerminalState = {
      channel: undefined,
      isOpen: false,
      pending: '',
      unacked: 0,
      isPaused: false,
      flushScheduled: false,
      earlyEnd: undefined,
    };
    this.terminals.set(terminalId, state);
    try {
      state.channel = await host.shell(
        { size },
        {
          data: (chunk) => this.onData(terminalId, state, chunk),
          end: (result) => this.onEnd(terminalId, state, result),
        },
      );
    } catch (cause) {
      this.terminals.delete(terminalId);
      if (cause instanceof HostUnavailableError) {
        throw new ApiError('unavailable', `${host.description.name}: ${cause.message}`);
      }
      throw new ApiError('unavailable', `${host.description.name}: ${toHostError(cause).message}`);
    }
    if (!this.terminals.has(terminalId)) {
      // Closed (closeAll) while the shell was opening: hang it up rather than leak it.
      state.channel.close();
      throw new ApiError('cancelled', 'the session closed while the terminal was opening');
    }
    // Output must not overtake the reply that tells the client this terminal's id.
    setImmediate(() => {
      state.isOpen = true;
      this.flush(terminalId, state);
      if (state.earlyEnd) this.finish(terminalId, state, state.earlyEnd);
    });
    return terminalId;
  }

  input(terminalId: string, data: string): void {
    const state = this.get(terminalId);
    // Like the kernel's tty on an interrupt: output not yet sent is dropped, so the prompt the
    // interrupt brings back is not queued behind a flood nobody will read.
    if (isInterrupt(data)) state.pending = '';
    state.channel?.write(data);
  }

  resize(terminalId: string, size: TerminalSize): void {
    this.get(terminalId).channel?.resize(size);
  }

  /** The client has written `bytes` more characters of the terminal's output. */
  ack(terminalId: string, bytes: number): void {
    const state = this.terminals.get(terminalId);
    if (!state) return; // Acks may trail the end of a terminal; that is not an error.
    state.unacked = Math.max(0, state.unacked - bytes);
    if (state.isPaused && state.unacked <= this.flow.lowWater) {
      state.isPaused = false;
      state.channel?.resume();
    }
    this.scheduleFlush(terminalId, state);
  }

  /** Hangs up the shell; `terminal:exit` follows when it has ended. */
  close(terminalId: string): void {
    this.get(terminalId).channel?.close();
  }

  /** Hangs up every shell, as when the client goes away. */
  closeAll(): void {
    const all = [...this.terminals.values()];
    this.terminals.clear();
    for (const state of all) state.channel?.close();
  }

  get size(): number {
    return this.terminals.size;
  }

  private get(terminalId: string): TerminalState {
    const state = this.terminals.get(terminalId);
    if (!state) throw new ApiError('not-found', `no open terminal ${terminalId}`);
    return state;
  }

  private onData(terminalId: string, state: TerminalState, chunk: string): void {
    if (this.terminals.get(terminalId) !== state || chunk.length === 0) return;
    state.pending += chunk;
    if (!state.isPaused && state.unacked + state.pending.length > this.flow.highWater) {
      state.isPaused = true;
      state.channel?.pause();
    }
    this.scheduleFlush(terminalId, state);
  }

  private scheduleFlush(terminalId: string, state: TerminalState): void {
    if (state.flushScheduled || !state.isOpen) return;
    state.flushScheduled = true;
    // One turn of the event loop coalesces a burst of small chunks into one event.
    setImmediate(() => {
      state.flushScheduled = false;
      this.flush(terminalId, state);
    });
  }

  /** Sends what is pending, as far as the client's window allows. */
  private flush(terminalId: string, state: TerminalState): void {
    while (state.pending.length > 0 && state.unacked < this.flow.highWater) {
      const room = Math.min(this.flow.maxChunk, this.flow.highWater - state.unacked);
      const data = state.pending.slice(0, room);
      state.pending = state.pending.slice(data.length);
      state.unacked += data.length;
      this.emit('terminal:data', { terminalId, data });
    }
  }

  private onEnd(terminalId: string, state: TerminalState, result: ExitResult): void {
    if (!state.isOpen) {
      state.earlyEnd = result;
      if (this.terminals.get(terminalId) !== state) state.pending = '';
      return;
    }
    this.finish(terminalId, state, result);
  }

  private finish(terminalId: string, state: TerminalState, result: ExitResult): void {
    const wasListed = this.terminals.get(terminalId) === state;
    this.terminals.delete(terminalId);
    // The shell has stopped, so what is left is bounded: send it before the exit.
    if (wasListed) {
      for (let at = 0; at < state.pending.length; at += this.flow.maxChunk) {
        this.emit('terminal:data', {
          terminalId,
          data: state.pending.slice(at, at + this.flow.maxChunk),
        });
      }
    }
    state.pending = '';
    this.emit('terminal:exit', {
      terminalId,
      exitCode: result.exitCode,
      ...(result.signal === undefined ? {} : { signal: result.signal }),
      ...(result.error === undefined ? {} : { error: result.error }),
    });
  }
}
