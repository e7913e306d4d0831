import { describe, expect, it } from 'vitest';
import { isAtBottom } from './scroll';

describe('isAtBottom', () => {
  it.each([
    [0, 300, 300, true],
    [700, 300, 1000, true],
    [680, 300, 1000, true],
    [600, 300, 1000, false],
    [0, 300, 1000, false],
  ])('top %i, height %i of %i → %s', (top, height, total, expected) => {
    expect(isAtBottom(top, height, total)).toBe(expected);
  });
});
