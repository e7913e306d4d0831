import { describe, expect, it } from 'vitest';
import { BASE_DELAY_MS, MAX_DELAY_MS, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const middle = () => 0.5;
  it.each([
    [1, BASE_DELAY_MS],
    [2, BASE_DELAY_MS * 2],
    [3, BASE_DELAY_MS * 4],
    [6, BASE_DELAY_MS * 32 > MAX_DELAY_MS ? MAX_DELAY_MS : BASE_DELAY_MS * 32],
    [50, MAX_DELAY_MS],
    [0, BASE_DELAY_MS],
  ])('attempt %i waits %i ms without jitter', (attempt, expected) => {
    expect(backoffDelay(attempt, middle)).toBe(expected);
  });

  it('jitters within ±20 %', () => {
    expect(backoffDelay(1, () => 0)).toBe(BASE_DELAY_MS * 0.8);
    expect(backoffDelay(1, () => 1)).toBe(BASE_DELAY_MS * 1.2);
  });
});
