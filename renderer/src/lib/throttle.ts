/**
 * Runs the latest scheduled task at most once per period. Unlike a debounce, whose timer restarts
 * on every call, it still runs while calls keep coming faster than the period — a view refreshed
 * from a stream of packets must not freeze while the stream flows.
 */
export class Throttle {
  private lastRun = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private task: (() => void) | undefined;

  constructor(
    private readonly periodMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Schedules `task` in place of any waiting one; `now` runs it at once (a changed question). */
  schedule(task: () => void, now = false): void {
    this.task = task;
    if (this.timer !== undefined) {
      if (!now) return;
      clearTimeout(this.timer);
    }
    const wait = now ? 0 : Math.max(0, this.lastRun + this.periodMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRun = this.now();
      const run = this.task;
      this.task = undefined;
      run?.();
    }, wait);
  }

  /** Drops the waiting task, if any. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.task = undefined;
  }
}
