import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExecResult } from '../../../../shared/model/command';
import type { Reply } from '../../../../shared/api/reply';
import { WATCH_RUN_TIMEOUT_MS, createWatchController } from './watch-controller';
import { useWatchStore } from './watch-store';

type ExecParams = { workspaceId: string; hostIds: string[]; command: string; timeoutMs?: number };

/** `command:exec` answering from a script of outputs, each call held until the test releases it. */
function scriptedExec(outputs: string[]) {
  const pending: (() => void)[] = [];
  const calls: ExecParams[] = [];
  const commandExec = vi.fn((params: ExecParams) => {
    calls.push(params);
    const stdout = outputs[Math.min(calls.length - 1, outputs.length - 1)] ?? '';
    return new Promise<Reply<ExecResult[]>>((resolve) => {
      pending.push(() =>
        resolve({
          ok: true,
          value: [{ hostId: 'operator', ok: true, exitCode: 0, stdout, stderr: '', durationMs: 5 }],
        }),
      );
    });
  });
  return {
    commandExec,
    calls,
    inFlight: () => pending.length,
    async answer() {
      pending.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

const session = () => useWatchStore.getState().sessions.demo;

describe('createWatchController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useWatchStore.setState({ sessions: {}, nextId: 1, intervalMs: 2000, isCumulative: false });
  });
  afterEach(() => vi.useRealTimers());

  it('runs through command:exec with a timeout and lights what changed between runs', async () => {
    const exec = scriptedExec(['4\n', '11\n']);
    const controller = createWatchController(exec, () => 42);
    controller.start('demo', 'kubectl get pods -o wide | wc -l', ['operator']);
    expect(exec.calls[0]).toEqual({
      workspaceId: 'demo',
      hostIds: ['operator'],
      command: 'kubectl get pods -o wide | wc -l',
      timeoutMs: WATCH_RUN_TIMEOUT_MS,
    });
    expect(session()?.isBusy).toBe(true);
    await exec.answer();
    expect(session()?.runCount).toBe(1);
    expect(session()?.lastRunAt).toBe(42);
    await vi.advanceTimersByTimeAsync(2000);
    await exec.answer();
    expect(session()?.hosts.operator?.frame?.lines[0]?.changed).toEqual([{ start: 0, end: 2 }]);
    controller.stop('demo');
  });

  it('never overlaps runs: a slow answer delays the next run', async () => {
    const exec = scriptedExec(['4\n']);
    const controller = createWatchController(exec);
    controller.start('demo', 'sleep 5', ['operator']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exec.calls).toHaveLength(1);
    await exec.answer();
    await vi.advanceTimersByTimeAsync(2000);
    expect(exec.calls).toHaveLength(2);
    controller.stop('demo');
  });

  it('stops for good and pauses without dropping the last frame', async () => {
    const exec = scriptedExec(['4\n']);
    const controller = createWatchController(exec);
    controller.start('demo', 'date', ['operator']);
    await exec.answer();
    controller.pause('demo');
    expect(session()?.state).toBe('paused');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exec.calls).toHaveLength(1);
    controller.resume('demo');
    expect(exec.calls).toHaveLength(2);
    await exec.answer();
    controller.stop('demo');
    expect(session()?.state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exec.calls).toHaveLength(2);
    expect(session()?.runCount).toBe(2);
  });

  it('drops the answers of a watch that a new one replaced', async () => {
    const exec = scriptedExec(['old\n', 'new\n']);
    const controller = createWatchController(exec);
    controller.start('demo', 'first', ['operator']);
    controller.start('demo', 'second', ['operator']);
    await exec.answer(); // the first watch's answer
    expect(session()?.command).toBe('second');
    expect(session()?.runCount).toBe(0);
    await exec.answer();
    expect(session()?.runCount).toBe(1);
    controller.stop('demo');
  });

  it('applies a new interval to the live loop', async () => {
    const exec = scriptedExec(['1\n']);
    const controller = createWatchController(exec);
    controller.start('demo', 'date', ['operator']);
    await exec.answer();
    controller.setIntervalMs('demo', 10_000);
    expect(session()?.intervalMs).toBe(10_000);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(exec.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(exec.calls).toHaveLength(2);
    controller.stop('demo');
  });
});
