import { describe, expect, it } from 'vitest';
import { parseIptables } from './parse-iptables';
import { QUICK_NONE, quickSummarize } from './quick-summary';
import { newSummary, summarizeRule } from './rule-summary';
import { tokenizeInto } from './tokenize';

describe('rule summaries', () => {
  it('does not take a -j inside a quoted comment for the target', () => {
    const { value } = parseIptables(
      '-A X -m comment --comment "a -j B" -j ACCEPT\n-A X -m comment --comment "then -j C"\n',
    );
    const chain = value.tables[0]?.chains[0];
    if (chain === undefined) throw new Error('no chain');
    const s = newSummary();
    summarizeRule(chain, 1, s);
    expect([s.target, s.comments]).toEqual(['none', ['then -j C']]);
    expect(quickSummarize(chain, 1, s)).toBe(QUICK_NONE);
  });

  it('tokenizes quotes and escapes as iptables-restore does', () => {
    const out: string[] = [];
    expect(tokenizeInto('-m comment --comment "a \\"b\\" c" --x y\\ z ""', out)).toBeNull();
    expect(out).toEqual(['-m', 'comment', '--comment', 'a "b" c', '--x', 'y z', '']);
    const broken: string[] = [];
    expect(tokenizeInto('--comment "cut', broken)).toBe('unterminated quote');
    expect(broken).toEqual(['--comment', 'cut']);
  });
});
