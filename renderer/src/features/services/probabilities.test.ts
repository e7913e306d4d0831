import { describe, expect, it } from 'vitest';
import { explainLadder, ladderSummary } from './probabilities';

describe('explainLadder', () => {
  it('explains kube-proxy’s 1/(n − k) ladder for three endpoints: 0.333, 0.5, then none', () => {
    const steps = explainLadder([0.33333333349, 0.5, null]);
    expect(steps.map((s) => Number(s.effective.toFixed(6)))).toEqual([
      0.333333, 0.333333, 0.333333,
    ]);
    expect(steps.map((s) => Number(s.reaching.toFixed(6)))).toEqual([1, 0.666667, 0.333333]);
    expect(steps.every((s) => s.isKubeProxyPattern)).toBe(true);
    expect(steps[0]?.text).toContain('= 1/3');
    expect(steps[1]?.text).toContain('66.7% of new connections reach this rule');
    expect(steps[2]?.text).toMatch(/^No probability: the last rule takes every connection/);
  });

  it('flags a hand-written ladder and still computes what each endpoint gets', () => {
    const steps = explainLadder([0.5, 0.5, null]);
    expect(steps.map((s) => s.effective)).toEqual([0.5, 0.25, 0.25]);
    expect(steps[1]?.isKubeProxyPattern).toBe(true);
    expect(steps[0]?.isKubeProxyPattern).toBe(false);
    expect(steps[0]?.text).toContain('kube-proxy would write 1/3 = 0.333 here');
  });

  it('has a single step with no probability for one endpoint', () => {
    expect(explainLadder([null])).toMatchObject([{ effective: 1, isKubeProxyPattern: true }]);
  });
});

describe('ladderSummary', () => {
  it.each([
    [0, /No endpoints/],
    [1, /straight to it/],
    [2, /rules read 0\.5, then none.*1\/2 = 50\.0%/],
    [4, /rules read 0\.25, 0\.333, 0\.5, then none.*1\/4 = 25\.0%/],
  ])('for %i endpoints', (n, pattern) => {
    expect(ladderSummary(n)).toMatch(pattern);
  });
});
