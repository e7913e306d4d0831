import { describe, expect, it } from 'vitest';
import type { BackendStatus } from './backend';
import { createSocketBackend, type SocketHandlers, type SocketLike } from './socket-backend';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  open(): void {
    this.readyState = 1;
    this.handlers.opened();
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.handlers.closed(code, reason);
  }
  receive(frame: unknown): void {
    this.handlers.message(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

function setup(url: string | null = 'ws://host/api?token=t') {
  const sockets: FakeSocket[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const warnings: string[] = [];
  const statuses: BackendStatus[] = [];
  const backend = createSocketBackend({
    url,
    open: (address, handlers) => {
      const socket = new FakeSocket(address, handlers);
      sockets.push(socket);
      return socket;
    },
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => undefined,
    now: () => 1000,
    random: () => 0.5,
    warn: (message) => warnings.push(message),
  });
  backend.onStatus((status) => statuses.push(status));
  const last = () => {
    const socket = sockets.at(-1);
    if (socket === undefined) throw new Error('no socket');
    return socket;
  };
  return { backend, sockets, timers, warnings, statuses, last };
}

const info = { version: '0.1.0', transport: 'websocket', platform: 'linux' };

describe('createSocketBackend', () => {
  it('queues requests until the socket opens, then matches replies by id', async () => {
    const { backend, last } = setup();
    expect(backend.status()).toEqual({ kind: 'connecting', attempt: 1 });
    const reply = backend.api.appInfo({});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toEqual([{ type: 'request', id: 1, method: 'app:info', params: {} }]);
    last().receive({ type: 'reply', id: 1, reply: { ok: true, value: info } });
    await expect(reply).resolves.toEqual({ ok: true, value: info });
  });

  it('passes errors through and rejects malformed results', async () => {
    const { backend, last } = setup();
    last().open();
    const failed = backend.api.workspaceList({});
    const malformed = backend.api.appInfo({});
    last().receive({
      type: 'reply',
      id: 1,
      reply: { ok: false, error: { code: 'invalid-params', message: 'nope' } },
    });
    last().receive({ type: 'reply', id: 2, reply: { ok: true, value: { version: 1 } } });
    await expect(failed).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-params', message: 'nope' },
    });
    const result = await malformed;
    expect(result.ok ? null : result.error.code).toBe('internal');
  });

  it('validates events and delivers them to subscribers until they unsubscribe', () => {
    const { backend, last, warnings } = setup();
    last().open();
    const seen: unknown[] = [];
    const off = backend.api.on('stream:data', (payload) => seen.push(payload));
    last().receive({ type: 'event', name: 'stream:data', payload: { streamId: 's1', data: 'hi' } });
    last().receive({ type: 'event', name: 'stream:data', payload: { streamId: 'bad', data: 1 } });
    last().receive({ type: 'event', name: 'nope:never', payload: {} });
    last().receive('not json');
    off();
    last().receive({ type: 'event', name: 'stream:data', payload: { streamId: 's1', data: 'x' } });
    expect(seen).toEqual([{ streamId: 's1', data: 'hi' }]);
    expect(warnings).toHaveLength(3);
  });

  it('fails pending requests when the socket drops and reconnects with backoff', async () => {
    const { backend, last, timers, sockets } = setup();
    last().open();
    const reply = backend.api.workspaceList({});
    last().drop();
    const result = await reply;
    expect(result.ok ? null : result.error.code).toBe('unavailable');
    expect(backend.status()).toEqual({ kind: 'waiting', attempt: 2, retryAt: 1500 });
    const whileWaiting = await backend.api.workspaceList({});
    expect(whileWaiting.ok ? null : whileWaiting.error.code).toBe('unavailable');

    timers[0]?.run();
    expect(sockets).toHaveLength(2);
    last().drop();
    expect(timers[1]?.ms).toBe(1000);
    timers[1]?.run();
    last().open();
    expect(backend.status()).toEqual({ kind: 'connected' });
    last().drop();
    expect(timers[2]?.ms).toBe(500);
  });

  it('reconnects at once on request', () => {
    const { backend, last, sockets } = setup();
    last().drop();
    backend.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(backend.status()).toEqual({ kind: 'connecting', attempt: 2 });
  });

  it('stops retrying when the server refuses the token', async () => {
    const { backend, last, timers } = setup();
    last().drop(4401, 'bad token');
    expect(backend.status()).toEqual({ kind: 'unauthorized', message: 'bad token' });
    expect(timers).toHaveLength(0);
    const result = await backend.api.appInfo({});
    expect(result.ok ? null : result.error.code).toBe('unauthorized');
  });

  it('never connects without a token', async () => {
    const { backend, sockets } = setup(null);
    expect(sockets).toHaveLength(0);
    expect(backend.status().kind).toBe('unauthorized');
    const result = await backend.api.labOverview({ workspaceId: 'demo' });
    expect(result.ok ? null : result.error.code).toBe('unauthorized');
  });

  it('has one function per request in the contract', () => {
    const { backend } = setup();
    for (const name of [
      'appInfo',
      'workspaceList',
      'commandExec',
      'commandStart',
      'streamAck',
      'streamCancel',
      'labOverview',
      'on',
    ]) {
      expect(typeof (backend.api as unknown as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
