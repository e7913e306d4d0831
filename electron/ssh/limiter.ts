/**
 * A counting semaphore whose limit can shrink and grow while in use: the channel queue learns a
 * server's real MaxSessions this way, and the handshake cap uses it with a fixed limit.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private max: number) {}

  get limit(): number {
    return this.max;
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  setLimit(max: number): void {
    this.max = Math.max(1, max);
    this.drain();
  }

  /** Resolves with a release function once a slot is free; `signal` withdraws the request. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let isReleased = false;
      const release = () => {
        if (isReleased) return;
        isReleased = true;
        this.active -= 1;
        this.drain();
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve(release);
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason instanceof Error ? signal.reason : abortError());
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
      this.drain();
    });
  }

  private drain(): void {
    while (this.active < this.max && this.waiting.length > 0) this.waiting.shift()?.();
  }
}

export function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects. */
export function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void work.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}
