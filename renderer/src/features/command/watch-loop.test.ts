import { describe, expect, it } from 'vitest';
import { startWatchLoop } from './watch-loop';

/** A hand-driven clock: timers fire only when the test says time has passed. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    setTimer: (run: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

function deferredTicks() {
  const waiting: (() => void)[] = [];
  let calls = 0;
  return {
    tick: () => {
      calls += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    calls: () => calls,
    async finish() {
      waiting.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('startWatchLoop', () => {
  it('runs at once, then waits the interval after each run ends', async () => {
    const timers = manualTimers();
    const ticks = deferredTicks();
    const loop = startWatchLoop({ intervalMs: 2000, tick: ticks.tick, ...timers });
    expect(ticks.calls()).toBe(1);
    timers.advance(5000);
    expect(ticks.calls()).toBe(1); // the first run has not ended: no overlap
    await ticks.finish();
    timers.advance(1999);
    expect(ticks.calls()).toBe(1);
    timers.advance(1);
    expect(ticks.calls()).toBe(2);
    expect(loop.state()).toBe('running');
  });

  it('pauses without losing the session and resumes with a run at once', async () => {
    const timers = manualTimers();
    const ticks = deferredTicks();
    const loop = startWatchLoop({ intervalMs: 1000, tick: ticks.tick, ...timers });
    await ticks.finish();
    loop.pause();
    expect(timers.pending()).toBe(0);
    timers.advance(10_000);
    expect(ticks.calls()).toBe(1);
    loop.resume();
    expect(ticks.calls()).toBe(2);
  });

  it('stops for good: a run in flight schedules nothing after it', async () => {
    const timers = manualTimers();
    const ticks = deferredTicks();
    const loop = startWatchLoop({ intervalMs: 1000, tick: ticks.tick, ...timers });
    loop.stop();
    await ticks.finish();
    timers.advance(10_000);
    expect(ticks.calls()).toBe(1);
    loop.resume();
    expect(ticks.calls()).toBe(1);
    expect(loop.state()).toBe('stopped');
  });

  it('takes a new interval from the next wait on', async () => {
    const timers = manualTimers();
    const ticks = deferredTicks();
    const loop = startWatchLoop({ intervalMs: 10_000, tick: ticks.tick, ...timers });
    await ticks.finish();
    loop.setIntervalMs(1000);
    timers.advance(1000);
    expect(ticks.calls()).toBe(2);
  });

  it('keeps going after a run that threw', async () => {
    const timers = manualTimers();
    let calls = 0;
    startWatchLoop({
      intervalMs: 1000,
      tick: () => {
        calls += 1;
        return Promise.reject(new Error('backend gone'));
      },
      ...timers,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    timers.advance(1000);
    expect(calls).toBe(2);
  });
});
