import { describe, expect, it } from 'vitest';
import { Limiter, withinMs } from './limiter';

describe('Limiter', () => {
  it('grants up to its limit and queues the rest in order', async () => {
    const limiter = new Limiter(2);
    const a = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const third = limiter.acquire().then((release) => (order.push(3), release));
    const fourth = limiter.acquire().then((release) => (order.push(4), release));
    expect(limiter.queued).toBe(2);
    a();
    a(); // Releasing twice frees one slot only.
    await third;
    expect(order).toEqual([3]);
    expect(limiter.inUse).toBe(2);
    limiter.setLimit(3);
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('withdraws a queued request when its signal aborts', async () => {
    const limiter = new Limiter(1);
    await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort();
    await expect(waiting).rejects.toThrow();
    expect(limiter.queued).toBe(0);
  });

  it('never drops below one slot', () => {
    const limiter = new Limiter(5);
    limiter.setLimit(0);
    expect(limiter.limit).toBe(1);
  });
});

describe('withinMs', () => {
  it('resolves with the work, even when it fails, or at the deadline when it hangs', async () => {
    await expect(withinMs(Promise.resolve(1), 10_000)).resolves.toBeUndefined();
    await expect(withinMs(Promise.reject(new Error('x')), 10_000)).resolves.toBeUndefined();
    let settled = false;
    const waiting = withinMs(new Promise(() => undefined), 20).then(() => (settled = true));
    expect(settled).toBe(false);
    await waiting;
    expect(settled).toBe(true);
  });
});
