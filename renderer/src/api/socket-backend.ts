import type { KubelabApi } from '../../../shared/api/client';
import {
  events,
  methodName,
  requestNames,
  requests,
  type EventName,
  type RequestName,
} from '../../../shared/api/contract';
import { describeIssues, type ErrorCode, type Reply } from '../../../shared/api/reply';
import { MAX_FRAME_BYTES, ServerFrame } from '../../../shared/api/wire';
import type { Backend, BackendStatus } from './backend';
import { backoffDelay } from './backoff';

/** The part of the DOM `WebSocket` this client uses, so tests can hand it a fake. */
export interface SocketLike {
  readonly readyState: number;
  send: (data: string) => void;
}

/** What a socket reports; `open` wires these to the real socket's events. */
export interface SocketHandlers {
  opened: () => void;
  message: (data: unknown) => void;
  closed: (code: number, reason: string) => void;
}

const OPEN = 1;
/** Close codes by which the server says the token is wrong; reconnecting would not help. */
const UNAUTHORIZED_CLOSE_CODES = new Set([1008, 4401, 4403]);

export interface SocketBackendOptions {
  /** The socket address with its token; null when the page has no token at all. */
  url: string | null;
  open: (url: string, handlers: SocketHandlers) => SocketLike;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
  warn?: (message: string, detail?: unknown) => void;
}

type Pending = { name: RequestName; resolve(reply: Reply<unknown>): void };
type Listener = (payload: unknown) => void;

function failure(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/**
 * The serve-mode transport: the same `KubelabApi` as Electron's preload, over one WebSocket.
 * Requests made while the socket is still opening wait for it; requests in flight when it drops
 * fail with `unavailable`, and the client reconnects with exponential backoff until it is back.
 * Every frame is checked against the wire schema, then against the contract's schema for its
 * request or event, so a confused server cannot put unchecked data into the UI.
 */
export function createSocketBackend(options: SocketBackendOptions): Backend {
  const setTimer = options.setTimer ?? ((run, ms) => globalThis.setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ??
    ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
  const now = options.now ?? Date.now;
  const warn =
    options.warn ?? ((message, detail) => console.warn(`kubelab api: ${message}`, detail));

  let socket: SocketLike | null = null;
  let failures = 0;
  let retryTimer: unknown = null;
  let nextId = 1;
  let status: BackendStatus =
    options.url === null
      ? {
          kind: 'unauthorized',
          message: 'This page has no access token. Open the URL that `kubelab serve` printed.',
        }
      : { kind: 'connecting', attempt: 1 };
  const pending = new Map<number, Pending>();
  const queued: string[] = [];
  const listeners = new Map<EventName, Set<Listener>>();
  const statusListeners = new Set<(status: BackendStatus) => void>();

  function setStatus(next: BackendStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function failAll(message: string): void {
    queued.length = 0;
    const waiting = [...pending.values()];
    pending.clear();
    for (const entry of waiting) entry.resolve(failure('unavailable', message));
  }

  function connect(): void {
    if (options.url === null) return;
    retryTimer = null;
    setStatus({ kind: 'connecting', attempt: failures + 1 });
    let opened: SocketLike | null = null;
    const isCurrent = () => opened !== null && socket === opened;
    const handlers: SocketHandlers = {
      opened() {
        if (!isCurrent() || opened === null) return;
        failures = 0;
        setStatus({ kind: 'connected' });
        for (const frame of queued.splice(0)) opened.send(frame);
      },
      message(data) {
        if (isCurrent()) handleFrame(data);
      },
      closed(code, reason) {
        if (!isCurrent()) return;
        socket = null;
        failAll('The connection to kubelab was lost; it is reconnecting.');
        if (UNAUTHORIZED_CLOSE_CODES.has(code)) {
          setStatus({
            kind: 'unauthorized',
            message: reason || 'kubelab refused the access token. Open its URL again.',
          });
          return;
        }
        scheduleRetry();
      },
    };
    try {
      opened = options.open(options.url, handlers);
    } catch (error) {
      warn('could not open the socket', error);
      scheduleRetry();
      return;
    }
    socket = opened;
  }

  function scheduleRetry(): void {
    failures += 1;
    const delay = backoffDelay(failures, options.random);
    setStatus({ kind: 'waiting', attempt: failures + 1, retryAt: now() + delay });
    retryTimer = setTimer(connect, delay);
  }

  function handleFrame(data: unknown): void {
    if (typeof data !== 'string') return warn('ignored a binary frame');
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return warn('ignored a frame that is not JSON');
    }
    const frame = ServerFrame.safeParse(json);
    if (!frame.success) return warn(`ignored a malformed frame: ${describeIssues(frame.error)}`);
    const message = frame.data;
    if (message.type === 'reply') {
      const entry = pending.get(message.id);
      if (entry === undefined) return;
      pending.delete(message.id);
      if (!message.reply.ok) return entry.resolve(message.reply);
      const value = requests[entry.name].result.safeParse(message.reply.value);
      entry.resolve(
        value.success
          ? { ok: true, value: value.data }
          : failure(
              'internal',
              `The backend's answer was malformed: ${describeIssues(value.error)}`,
            ),
      );
      return;
    }
    if (!isEventName(message.name)) return warn(`ignored the unknown event ${message.name}`);
    const payload = events[message.name].safeParse(message.payload);
    if (!payload.success) {
      return warn(`ignored a malformed ${message.name} event: ${describeIssues(payload.error)}`);
    }
    for (const listener of listeners.get(message.name) ?? []) listener(payload.data);
  }

  function request(name: RequestName, params: unknown): Promise<Reply<unknown>> {
    if (status.kind === 'unauthorized') {
      return Promise.resolve(failure('unauthorized', status.message));
    }
    const current = socket;
    if (current === null || current.readyState > OPEN) {
      return Promise.resolve(failure('unavailable', 'Not connected to kubelab; reconnecting.'));
    }
    const id = nextId++;
    const frame = JSON.stringify({ type: 'request', id, method: name, params });
    if (frame.length > MAX_FRAME_BYTES) {
      return Promise.resolve(failure('invalid-params', 'The request is too large to send.'));
    }
    return new Promise((resolve) => {
      pending.set(id, { name, resolve });
      if (current.readyState === OPEN) current.send(frame);
      else queued.push(frame);
    });
  }

  const api: Record<string, unknown> = {
    on(name: EventName, listener: Listener): () => void {
      let set = listeners.get(name);
      if (set === undefined) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  for (const name of requestNames) {
    api[methodName(name)] = (params: unknown) => request(name, params);
  }

  connect();

  return {
    // Built from the contract's tables above, so it has exactly KubelabApi's functions.
    api: api as unknown as KubelabApi,
    transport: 'websocket',
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    reconnectNow() {
      if (status.kind !== 'waiting') return;
      clearTimer(retryTimer);
      connect();
    },
  };
}
