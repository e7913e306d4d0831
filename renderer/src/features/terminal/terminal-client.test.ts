import { describe, expect, it } from 'vitest';
import type { KubelabApi } from '../../../../shared/api/client';
import type { EventName, EventPayload } from '../../../../shared/api/contract';
import { createTerminalClient } from './terminal-client';

/** The API surface the client uses, recording requests and letting the test push events. */
function recordingApi() {
  const calls: { method: string; params: unknown }[] = [];
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const record = (method: string) => (params: unknown) => {
    calls.push({ method, params });
    return Promise.resolve({ ok: true, value: null });
  };
  const api = {
    terminalOpen: record('open'),
    terminalInput: record('input'),
    terminalResize: record('resize'),
    terminalAck: record('ack'),
    terminalClose: record('close'),
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () => undefined;
    },
  } as unknown as KubelabApi;
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) =>
    listeners.get(name)?.forEach((l) => l(payload));
  return { api, calls, emit };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('terminal client', () => {
  it('holds output until a view attaches, and acks only what the view has written', async () => {
    const { api, calls, emit } = recordingApi();
    const client = createTerminalClient(api);
    emit('terminal:data', { terminalId: 't1', data: 'banner ' });
    emit('terminal:data', { terminalId: 't1', data: '$ ' });
    await tick();
    expect(calls).toEqual([]);
    const written: { data: string; done: () => void }[] = [];
    client.attach('t1', {
      write: (data, done) => written.push({ data, done }),
      exit: () => undefined,
    });
    expect(written.map((w) => w.data)).toEqual(['banner ', '$ ']);
    await tick();
    expect(calls).toEqual([]);
    for (const w of written) w.done();
    await tick();
    // Both pieces acknowledged in one request.
    expect(calls).toEqual([{ method: 'ack', params: { terminalId: 't1', bytes: 9 } }]);
  });

  it('sends input to every target, in request-sized pieces', () => {
    const { api, calls } = recordingApi();
    createTerminalClient(api).input(['t1', 't2'], 'x'.repeat(70 * 1024));
    expect(calls.map((c) => [c.method, (c.params as { terminalId: string }).terminalId])).toEqual([
      ['input', 't1'],
      ['input', 't2'],
      ['input', 't1'],
      ['input', 't2'],
    ]);
  });

  it('tells the targets of an interrupt, before the key is sent', () => {
    const { api, calls } = recordingApi();
    const client = createTerminalClient(api);
    const interrupted: string[] = [];
    for (const id of ['t1', 't2', 't3']) {
      client.attach(id, {
        write: () => undefined,
        exit: () => undefined,
        interrupted: () => interrupted.push(`${id}@${calls.length}`),
      });
    }
    client.input(['t1', 't2'], 'x');
    client.input(['t1', 't2'], '\u0003');
    expect(interrupted).toEqual(['t1@2', 't2@2']);
  });

  it('delivers an early exit on attach, and ends attached terminals when the link drops', () => {
    const { api, emit } = recordingApi();
    const client = createTerminalClient(api);
    emit('terminal:exit', { terminalId: 't3', exitCode: 0 });
    const exits: unknown[] = [];
    client.attach('t3', { write: () => undefined, exit: (info) => exits.push(info) });
    client.attach('t4', { write: () => undefined, exit: (info) => exits.push(info) });
    client.dropAll('gone');
    expect(exits).toEqual([
      { terminalId: 't3', exitCode: 0 },
      { terminalId: 't4', exitCode: null, error: { code: 'unreachable', message: 'gone' } },
    ]);
  });
});
