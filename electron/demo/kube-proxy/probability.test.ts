import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import {
  effectiveShares,
  formatFixed,
  kubeProxyProbability,
  renderProbability,
  storedProbability,
  storedToProbability,
} from './probability';

const shown = (written: string): string => renderProbability(storedProbability(written));

describe('formatFixed', () => {
  it('rounds the exact binary value, ties to even, like printf and Go', () => {
    expect(formatFixed(0.5, 11)).toBe('0.50000000000');
    expect(formatFixed(1 / 3, 10)).toBe('0.3333333333');
    // 1/4096 = 0.000244140625 exactly: a tie at 11 places; toFixed would give …063.
    expect(formatFixed(1 / 4096, 11)).toBe('0.00024414062');
    // 1/2048 = 0.00048828125 exactly: a tie at 10 places (Go's %0.10f rounds to even).
    expect(formatFixed(1 / 2048, 10)).toBe('0.0004882812');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(0, 3)).toBe('0.000');
  });
});

describe('the probability ladder', () => {
  it('kube-proxy writes 1/(n−k) with 10 decimals', () => {
    expect([0, 1, 2].map((k) => kubeProxyProbability(k, 3))).toEqual([
      '0.3333333333',
      '0.5000000000',
      '1.0000000000',
    ]);
    expect(kubeProxyProbability(0, 4)).toBe('0.2500000000');
  });

  it('iptables shows the stored 31-bit fraction with 11 decimals', () => {
    expect(storedProbability('0.3333333333')).toBe(715827883);
    expect(shown('0.3333333333')).toBe('0.33333333349');
    expect(shown('0.5000000000')).toBe('0.50000000000');
    expect(shown('0.2500000000')).toBe('0.25000000000');
    // Checked with the real iptables 1.8.9 in a namespace.
    expect(shown('0.0002441406')).toBe('0.00024414062');
  });

  it('explains old kube-proxy’s %0.5f probability in the Kubernetes docs (0.33332999982)', () => {
    expect(shown('0.33333')).toBe('0.33332999982');
  });

  it('gives every endpoint an effective share of 1/n', () => {
    for (let n = 1; n <= 64; n += 1) {
      const ladder = Array.from({ length: n }, (_, k) =>
        k < n - 1 ? storedToProbability(storedProbability(kubeProxyProbability(k, n))) : null,
      );
      for (const share of effectiveShares(ladder)) expect(share).toBeCloseTo(1 / n, 8);
    }
  });

  it('shows how a hand-written ladder breaks the 1/n pattern', () => {
    expect(effectiveShares([0.5, 0.5, null])).toEqual([0.5, 0.25, 0.25]);
  });
});

describeWithFixtures('probabilities in real iptables-save output', (kit) => {
  it('GENERATED dump: every --probability is what iptables makes of kube-proxy’s value', () => {
    interface Expected {
      service_ports: {
        svc_chain: string;
        endpoints: { sep_chain: string; rule_probability: number | null }[];
      }[];
    }
    const save = kit.read('iptables/GENERATED-kubeproxy-large-425svcports-iptables-save.txt');
    const printed = new Map<string, string>();
    for (const m of save.matchAll(
      /^-A (KUBE-SVC-\w+) .*--probability (\S+) -j (KUBE-SEP-\w+)$/gm,
    )) {
      printed.set(`${m[1]} ${m[3]}`, m[2] ?? '');
    }
    const data = JSON.parse(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports.expected.json'),
    ) as Expected;
    let checked = 0;
    for (const sp of data.service_ports) {
      sp.endpoints.forEach((ep, k) => {
        if (ep.rule_probability === null) return;
        expect(kubeProxyProbability(k, sp.endpoints.length)).toBe(
          formatFixed(ep.rule_probability, 10),
        );
        expect(printed.get(`${sp.svc_chain} ${ep.sep_chain}`)).toBe(
          shown(kubeProxyProbability(k, sp.endpoints.length)),
        );
        checked += 1;
      });
    }
    expect(checked).toBe(printed.size);
    expect(checked).toBeGreaterThan(500);
  });
});
