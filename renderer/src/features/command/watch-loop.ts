/** Where a watch loop stands. */
export type WatchLoopState = 'running' | 'paused' | 'stopped';

export interface WatchLoopOptions {
  intervalMs: number;
  /** One run on every host; the loop waits for it before counting the next interval. */
  tick: () => Promise<void>;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface WatchLoop {
  readonly state: () => WatchLoopState;
  readonly isBusy: () => boolean;
  pause: () => void;
  /** Runs again at once (unless a run is still going) and goes on every interval. */
  resume: () => void;
  stop: () => void;
  setIntervalMs: (ms: number) => void;
}

/**
 * `watch`'s loop: run, wait the interval after the run ends, run again. A run never overlaps
 * the previous one, so a command slower than the interval simply runs back to back.
 */
export function startWatchLoop(options: WatchLoopOptions): WatchLoop {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let state: WatchLoopState = 'running';
  let intervalMs = options.intervalMs;
  let timer: unknown = null;
  let isBusy = false;

  function cancelTimer(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  function schedule(): void {
    cancelTimer();
    if (state === 'running' && !isBusy) timer = setTimer(runOnce, intervalMs);
  }

  function runOnce(): void {
    timer = null;
    if (state !== 'running' || isBusy) return;
    isBusy = true;
    options
      .tick()
      .catch(() => undefined)
      .finally(() => {
        isBusy = false;
        schedule();
      });
  }

  runOnce();
  return {
    state: () => state,
    isBusy: () => isBusy,
    pause() {
      if (state !== 'running') return;
      state = 'paused';
      cancelTimer();
    },
    resume() {
      if (state !== 'paused') return;
      state = 'running';
      runOnce();
    },
    stop() {
      state = 'stopped';
      cancelTimer();
    },
    setIntervalMs(ms) {
      intervalMs = ms;
      schedule();
    },
  };
}
