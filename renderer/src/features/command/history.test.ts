import { describe, expect, it } from 'vitest';
import { AT_DRAFT, MAX_HISTORY, remember, stepHistory, type HistoryCursor } from './history';

describe('remember', () => {
  it.each([
    [[], 'ip rule', ['ip rule']],
    [['a', 'b'], 'b', ['b', 'a']],
    [['a'], '  ip rule  ', ['ip rule', 'a']],
    [['a'], '   ', ['a']],
  ])('%j + %j → %j', (history, command, expected) => {
    expect(remember(history, command)).toEqual(expected);
  });

  it('keeps at most MAX_HISTORY entries', () => {
    const long = Array.from({ length: MAX_HISTORY }, (_, i) => `cmd ${i}`);
    const next = remember(long, 'new');
    expect(next).toHaveLength(MAX_HISTORY);
    expect(next[0]).toBe('new');
  });
});

describe('stepHistory', () => {
  const history = ['newest', 'older', 'oldest'];

  it('walks up keeping the draft, and back down to it', () => {
    let cursor: HistoryCursor = AT_DRAFT;
    const seen: string[] = [];
    for (const direction of ['older', 'older', 'older', 'newer', 'newer', 'newer'] as const) {
      const step = stepHistory(history, cursor, 'typed', direction);
      if (step === null) throw new Error('stuck');
      cursor = step.cursor;
      seen.push(step.text);
    }
    expect(seen).toEqual(['newest', 'older', 'oldest', 'older', 'newest', 'typed']);
  });

  it.each([
    [{ index: -1, draft: '' }, 'newer'],
    [{ index: 2, draft: '' }, 'older'],
  ] as const)('stops at the ends (%j %s)', (cursor, direction) => {
    expect(stepHistory(history, cursor, '', direction)).toBeNull();
  });

  it('does nothing without history', () => {
    expect(stepHistory([], AT_DRAFT, 'x', 'older')).toBeNull();
  });
});
