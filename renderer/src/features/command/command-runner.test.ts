import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubelabApi } from '../../../../shared/api/client';
import type { EventName } from '../../../../shared/api/contract';
import type { Reply } from '../../../../shared/api/reply';
import type { Backend, BackendStatus } from '../../api/backend';
import { createCommandRunner } from './command-runner';
import { useCommandStore } from './command-store';
import { bufferText } from './line-buffer';
import { outcomeOf, type HostOutput } from './run-model';

type Started = { streams: { hostId: string; streamId: string }[] };

function fakeBackend() {
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const statusListeners: ((status: BackendStatus) => void)[] = [];
  let resolveStart: (reply: Reply<Started>) => void = () => undefined;
  const api = {
    commandStart: vi.fn(
      () =>
        new Promise<Reply<Started>>((resolve) => {
          resolveStart = resolve;
        }),
    ),
    streamAck: vi.fn(() => Promise.resolve({ ok: true, value: null })),
    streamCancel: vi.fn(() => Promise.resolve({ ok: true, value: null })),
    on: (name: EventName, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  };
  const backend: Backend = {
    api: api as unknown as KubelabApi,
    transport: 'websocket',
    status: () => ({ kind: 'connected' }),
    onStatus: (listener) => {
      statusListeners.push(listener);
      return () => undefined;
    },
    reconnectNow: () => undefined,
  };
  return {
    backend,
    api,
    emit: (name: EventName, payload: unknown) => listeners.get(name)?.(payload),
    setStatus: (status: BackendStatus) => statusListeners.forEach((listener) => listener(status)),
    answerStart: (reply: Reply<Started>) => resolveStart(reply),
  };
}

function setup() {
  const fake = fakeBackend();
  const frames: (() => void)[] = [];
  const notes: string[] = [];
  const runner = createCommandRunner(fake.backend, {
    schedule: (flush) => frames.push(flush),
    note: (text) => notes.push(text),
  });
  const output = (hostId: string) =>
    useCommandStore.getState().runs.demo?.outputs[hostId] as HostOutput;
  const frame = () => frames.splice(0).forEach((flush) => flush());
  return { ...fake, runner, notes, output, frame };
}

const streams = {
  streams: [
    { hostId: 'node1', streamId: 's1' },
    { hostId: 'node2', streamId: 's2' },
  ],
};

beforeEach(() => {
  useCommandStore.setState({ runs: {}, routes: {}, drafts: {}, nextRunId: 1, isWrapping: false });
});

describe('createCommandRunner', () => {
  it('streams output per host, acks per frame and reports the end', async () => {
    const { runner, api, emit, answerStart, output, frame, notes } = setup();
    const running = runner.run('demo', 'ping -c 1 x', ['node1', 'node2']);
    expect(output('node1').phase).toBe('starting');
    answerStart({ ok: true, value: streams });
    await running;
    emit('stream:data', { streamId: 's1', data: 'PING x\n' });
    emit('stream:data', { streamId: 's1', data: '64 bytes\n' });
    emit('stream:data', { streamId: 's2', data: 'PING x\n' });
    expect(api.streamAck).not.toHaveBeenCalled();
    frame();
    expect(bufferText(output('node1').buffer)).toBe('PING x\n64 bytes');
    expect(api.streamAck.mock.calls).toEqual([
      [{ streamId: 's1', bytes: 16 }],
      [{ streamId: 's2', bytes: 7 }],
    ]);
    emit('stream:end', { streamId: 's1', hostId: 'node1', exitCode: 0, durationMs: 12 });
    emit('stream:data', { streamId: 's2', data: 'last' });
    emit('stream:end', { streamId: 's2', hostId: 'node2', exitCode: 1, durationMs: 15 });
    expect(bufferText(output('node2').buffer)).toBe('PING x\nlast');
    expect(outcomeOf(output('node2'))).toEqual({ kind: 'exit', code: 1, isSuccess: false });
    expect(notes.at(-1)).toBe('ping -c 1 x: 1 ok, 1 failed');
  });

  it('holds output and ends that overtake the start reply', async () => {
    const { runner, emit, answerStart, output, frame } = setup();
    const running = runner.run('demo', 'ip rule', ['node1', 'node2']);
    emit('stream:data', { streamId: 's1', data: '0: from all lookup local\n' });
    emit('stream:end', { streamId: 's1', hostId: 'node1', exitCode: 0, durationMs: 3 });
    frame();
    answerStart({ ok: true, value: streams });
    await running;
    expect(output('node1').buffer.lines).toEqual(['0: from all lookup local']);
    expect(output('node1').phase).toBe('ended');
  });

  it('cancels streams nobody claims', async () => {
    const { runner, api, emit, answerStart } = setup();
    const running = runner.run('demo', 'ip rule', ['node1']);
    emit('stream:data', { streamId: 's99', data: 'stray' });
    answerStart({ ok: true, value: { streams: [{ hostId: 'node1', streamId: 's1' }] } });
    await running;
    expect(api.streamCancel).toHaveBeenCalledWith({ streamId: 's99' });
  });

  it('shows a start error inline', async () => {
    const { runner, answerStart, notes } = setup();
    const running = runner.run('demo', 'x', ['node1']);
    answerStart({ ok: false, error: { code: 'invalid-params', message: 'command: empty' } });
    await running;
    expect(useCommandStore.getState().runs.demo?.error?.message).toBe('command: empty');
    expect(notes.at(-1)).toBe('Could not run x: command: empty');
  });

  it('stops one host, and the previous run when a new one starts', async () => {
    const { runner, api, answerStart, output } = setup();
    const first = runner.run('demo', 'ping x', ['node1', 'node2']);
    answerStart({ ok: true, value: streams });
    await first;
    runner.stop('demo', 'node1');
    expect(output('node1').phase).toBe('stopping');
    expect(api.streamCancel).toHaveBeenCalledWith({ streamId: 's1' });
    const second = runner.run('demo', 'ip rule', ['node2']);
    expect(api.streamCancel).toHaveBeenCalledWith({ streamId: 's2' });
    answerStart({ ok: true, value: { streams: [{ hostId: 'node2', streamId: 's3' }] } });
    await second;
  });

  it('ends live outputs when the backend connection drops', async () => {
    const { runner, answerStart, output, setStatus } = setup();
    const running = runner.run('demo', 'ping x', ['node1', 'node2']);
    answerStart({ ok: true, value: streams });
    await running;
    setStatus({ kind: 'waiting', attempt: 2, retryAt: 0 });
    expect(output('node1').phase).toBe('ended');
    expect(outcomeOf(output('node1')).kind).toBe('error');
  });
});
