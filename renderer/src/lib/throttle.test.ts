import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle';

describe('Throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps running, once per period, while calls come faster than the period', () => {
    const throttle = new Throttle(1000, () => Date.now());
    const runs: number[] = [];
    for (let i = 1; i <= 50; i++) {
      throttle.schedule(() => runs.push(i));
      vi.advanceTimersByTime(100);
    }
    // 5 s of calls every 100 ms: the first at once, then about one per second, each the latest.
    expect(runs.length).toBeGreaterThanOrEqual(5);
    expect(runs.length).toBeLessThanOrEqual(6);
    expect(runs[0]).toBe(1);
    for (let k = 1; k < runs.length; k++)
      expect((runs[k] as number) - (runs[k - 1] as number)).toBeGreaterThanOrEqual(9);
  });

  it('runs the last task scheduled, and a task marked now without waiting for the period', () => {
    const throttle = new Throttle(1000, () => Date.now());
    const runs: string[] = [];
    throttle.schedule(() => runs.push('a'));
    vi.advanceTimersByTime(0);
    throttle.schedule(() => runs.push('b'));
    throttle.schedule(() => runs.push('c'));
    vi.advanceTimersByTime(10);
    expect(runs).toEqual(['a']);
    throttle.schedule(() => runs.push('d'), true);
    vi.advanceTimersByTime(0);
    expect(runs).toEqual(['a', 'd']);
  });

  it('runs nothing after cancel', () => {
    const throttle = new Throttle(1000, () => Date.now());
    const run = vi.fn();
    throttle.schedule(run);
    throttle.cancel();
    vi.advanceTimersByTime(5000);
    expect(run).not.toHaveBeenCalled();
  });
});
