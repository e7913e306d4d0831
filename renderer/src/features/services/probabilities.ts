/** One rule of a KUBE-SVC ladder, explained with the numbers the host printed. */
export interface LadderStep {
  /** 1-based rule position among the endpoint rules. */
  position: number;
  count: number;
  /** The probability written on the rule; null on the last one (it has none). */
  written: number | null;
  /** What kube-proxy would write here: 1/(n − k); null for the last. */
  expected: number | null;
  /** Share of all new connections that reach this rule. */
  reaching: number;
  /** Share of all new connections that end at this rule's endpoint. */
  effective: number;
  /** True when the written probability is kube-proxy's 1/(n − k) (or absent on the last rule). */
  isKubeProxyPattern: boolean;
  text: string;
}

const pct = (x: number) => `${(x * 100).toFixed(x >= 0.1 ? 1 : 2)}%`;
const num = (x: number) => x.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');

/**
 * Explains a KUBE-SVC chain's `-m statistic --mode random --probability` ladder: rule k of n
 * carries 1/(n − k) because it only sees what the rules above it let through, so every endpoint
 * ends up with 1/n. Works from the probabilities actually written (`null` for a rule with none),
 * so a hand-edited chain is explained as it is, and flagged.
 */
export function explainLadder(written: readonly (number | null)[]): LadderStep[] {
  const n = written.length;
  let reaching = 1;
  return written.map((p, k) => {
    const isLast = k === n - 1;
    const expected = isLast ? null : 1 / (n - k);
    const taken = p ?? 1;
    const effective = reaching * taken;
    const isKubeProxyPattern =
      (p === null && isLast) || (p !== null && expected !== null && Math.abs(p - expected) < 1e-6);
    const reach = reaching;
    const text =
      p === null
        ? `No probability: ${isLast ? 'the last rule' : 'this rule'} takes every connection that reaches it (${pct(reach)} of all), so its endpoint gets ${pct(effective)}.`
        : `Probability ${num(p)}${expected !== null && isKubeProxyPattern ? ` = 1/${n - k}` : ''}: ` +
          `${k === 0 ? 'every new connection reaches this rule' : `${pct(reach)} of new connections reach this rule (the rules above let them through)`}, ` +
          `and it takes ${num(p)} of those → ${pct(effective)} of all.` +
          (isKubeProxyPattern
            ? ''
            : ` kube-proxy would write 1/${n - k} = ${num(expected ?? 0)} here.`);
    reaching -= effective;
    return {
      position: k + 1,
      count: n,
      written: p,
      expected,
      reaching: reach,
      effective,
      isKubeProxyPattern,
      text,
    };
  });
}

/** One sentence on why the probabilities read as they do, for `n` endpoints. */
export function ladderSummary(n: number): string {
  if (n === 0) return 'No endpoints: kube-proxy rejects new connections to this Service.';
  if (n === 1) return 'One endpoint: the Service chain jumps straight to it, with no probability.';
  const written = Array.from({ length: n - 1 }, (_, k) => num(1 / (n - k)));
  return (
    `${n} endpoints: the rules read ${written.join(', ')}, then none. ` +
    `iptables tries them top to bottom; each rule only sees the connections the rules above let through, ` +
    `so rule k of ${n} takes 1/(${n} − k + 1) of what is left and every endpoint ends up with 1/${n} = ${pct(1 / n)}.`
  );
}
