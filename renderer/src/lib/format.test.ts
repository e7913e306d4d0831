import { describe, expect, it } from 'vitest';
import { formatAddress, formatDuration, plural } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [7.6, '8 ms'],
    [842, '842 ms'],
    [4210, '4,210 ms'],
    [9999, '9,999 ms'],
    [10_000, '10.0 s'],
    [12_480, '12.4 s'],
    [59_999, '59.9 s'],
    [60_000, '1m 00s'],
    [185_000, '3m 05s'],
    [3_725_000, '1h 02m'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('%d ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('plural', () => {
  it.each([
    [0, 'host', '0 hosts'],
    [1, 'host', '1 host'],
    [2500, 'line', '2,500 lines'],
  ])('%d %s → %s', (count, noun, expected) => {
    expect(plural(count, noun)).toBe(expected);
  });
});

describe('formatAddress', () => {
  it('adds the port only when it is not 22, bracketing IPv6 like ssh', () => {
    expect(formatAddress({ address: '10.0.1.5' })).toBe('10.0.1.5');
    expect(formatAddress({ address: '10.0.1.5', port: 22 })).toBe('10.0.1.5');
    expect(formatAddress({ address: '127.0.0.1', port: 2222 })).toBe('127.0.0.1:2222');
    expect(formatAddress({ address: 'fd00::5', port: 2222 })).toBe('[fd00::5]:2222');
  });
});
