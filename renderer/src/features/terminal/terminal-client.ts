import type { KubelabApi } from '../../../../shared/api/client';
import type { EventPayload } from '../../../../shared/api/contract';
import type { Backend } from '../../api/backend';
import { chunkInput } from './broadcast';

export type TerminalExit = EventPayload<'terminal:exit'>;

/** Where one terminal's output goes: its view. `done` acknowledges the piece to the backend. */
export interface TerminalSink {
  write: (data: string, done: () => void) => void;
  exit: (info: TerminalExit) => void;
  /** The user interrupted (Ctrl-C): output received but not yet written can go. */
  interrupted?: () => void;
}

/** Keys on which a tty discards the output not yet shown (ISIG without NOFLSH): ^C, ^\, ^Z. */
const INTERRUPT_KEYS = ['\u0003', '\u001c', '\u001a'];
const isInterrupt = (data: string) => INTERRUPT_KEYS.some((key) => data.includes(key));

export interface TerminalClient {
  open: KubelabApi['terminalOpen'];
  /** Routes a terminal's events to `sink` (held ones first) until the returned function runs. */
  attach: (terminalId: string, sink: TerminalSink) => () => void;
  input: (terminalIds: readonly string[], data: string) => void;
  resize: (terminalId: string, cols: number, rows: number) => void;
  /** Hangs up the shell and forgets anything held for it. */
  close: (terminalId: string) => void;
  /** Ends every attached terminal, as when the link to the backend (and its shells) is gone. */
  dropAll: (message: string) => void;
}

/**
 * The page's one link between terminal views and the backend's `terminal:*` events. Output for
 * a terminal whose view is not attached yet is held (flow control bounds it: nothing is acked
 * until a view writes it). Acks are summed per terminal and sent once per turn.
 */
export function createTerminalClient(api: KubelabApi): TerminalClient {
  const sinks = new Map<string, TerminalSink>();
  const held = new Map<string, { data: string[]; exit?: TerminalExit }>();
  const acks = new Map<string, number>();
  let isAckScheduled = false;

  function ack(terminalId: string, bytes: number): void {
    acks.set(terminalId, (acks.get(terminalId) ?? 0) + bytes);
    if (isAckScheduled) return;
    isAckScheduled = true;
    queueMicrotask(() => {
      isAckScheduled = false;
      for (const [id, total] of acks) void api.terminalAck({ terminalId: id, bytes: total });
      acks.clear();
    });
  }

  function holding(terminalId: string) {
    let entry = held.get(terminalId);
    if (entry === undefined) held.set(terminalId, (entry = { data: [] }));
    return entry;
  }

  api.on('terminal:data', ({ terminalId, data }) => {
    const sink = sinks.get(terminalId);
    if (sink) sink.write(data, () => ack(terminalId, data.length));
    else holding(terminalId).data.push(data);
  });
  api.on('terminal:exit', (info) => {
    const sink = sinks.get(info.terminalId);
    sinks.delete(info.terminalId);
    if (sink) sink.exit(info);
    else holding(info.terminalId).exit = info;
  });

  return {
    open: (params) => api.terminalOpen(params),
    attach(terminalId, sink) {
      sinks.set(terminalId, sink);
      const early = held.get(terminalId);
      held.delete(terminalId);
      for (const data of early?.data ?? []) sink.write(data, () => ack(terminalId, data.length));
      if (early?.exit) {
        sinks.delete(terminalId);
        sink.exit(early.exit);
      }
      return () => {
        if (sinks.get(terminalId) === sink) sinks.delete(terminalId);
      };
    },
    input(terminalIds, data) {
      if (isInterrupt(data)) for (const id of terminalIds) sinks.get(id)?.interrupted?.();
      for (const piece of chunkInput(data)) {
        for (const terminalId of terminalIds) void api.terminalInput({ terminalId, data: piece });
      }
    },
    resize: (terminalId, cols, rows) => void api.terminalResize({ terminalId, cols, rows }),
    close(terminalId) {
      held.delete(terminalId);
      void api.terminalClose({ terminalId });
    },
    dropAll(message) {
      const attached = [...sinks];
      sinks.clear();
      held.clear();
      for (const [terminalId, sink] of attached) {
        sink.exit({ terminalId, exitCode: null, error: { code: 'unreachable', message } });
      }
    },
  };
}

const clients = new WeakMap<Backend, TerminalClient>();

/** The page's terminal client for `backend`, made on first use. */
export function terminalClientFor(backend: Backend): TerminalClient {
  let client = clients.get(backend);
  if (client === undefined) {
    const made = createTerminalClient(backend.api);
    // A new connection is a new backend session: the old one's shells were hung up with it.
    backend.onStatus((status) => {
      if (status.kind !== 'connected') made.dropAll('the connection to kubelab was lost');
    });
    clients.set(backend, (client = made));
  }
  return client;
}
