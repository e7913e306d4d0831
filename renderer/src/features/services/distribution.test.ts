import { describe, expect, it } from 'vitest';
import type { ServiceEndpoint } from '../../../../shared/model/kube-proxy/types';
import {
  appendRead,
  distributionColumns,
  distributionRows,
  expectedLines,
  parsePod,
  toRead,
  totalHits,
} from './distribution';

const endpoint = (ip: string, probability: number): ServiceEndpoint => ({
  ip,
  port: 80,
  probability,
  ruleProbability: null,
  lines: [],
});
const endpoints = [
  endpoint('10.0.0.1', 1 / 3),
  endpoint('10.0.0.2', 1 / 3),
  endpoint('10.0.0.3', 1 / 3),
];

describe('distributionRows', () => {
  it('counts hits since the first read and compares them with the expected share', () => {
    const rows = distributionRows(endpoints, [
      { at: 0, counts: { '10.0.0.1:80': 5, '10.0.0.2:80': 0 } },
      { at: 1000, counts: { '10.0.0.1:80': 45, '10.0.0.2:80': 30, '10.0.0.3:80': 30 } },
    ]);
    expect(rows.map((r) => r.hits)).toEqual([40, 30, 30]);
    expect(totalHits(rows)).toBe(100);
    expect(rows[0]?.observed).toBeCloseTo(0.4);
    // 2σ for p = 1/3 and 100 hits is 0.094: 40% is within, as a random pick would be.
    expect(rows[0]?.tolerance).toBeCloseTo(0.0943, 3);
    expect(rows.every((r) => r.isWithinTolerance)).toBe(true);
  });

  it('marks a share far from the expected one', () => {
    const rows = distributionRows(endpoints, [
      { at: 0, counts: {} },
      { at: 1000, counts: { '10.0.0.1:80': 900, '10.0.0.2:80': 50, '10.0.0.3:80': 50 } },
    ]);
    expect(rows.map((r) => r.isWithinTolerance)).toEqual([false, false, false]);
  });

  it('reads a counter that went backwards (re-zeroed) as no hits, never negative', () => {
    const rows = distributionRows(endpoints, [
      { at: 0, counts: { '10.0.0.1:80': 10 } },
      { at: 1000, counts: { '10.0.0.1:80': 2 } },
    ]);
    expect(rows[0]?.hits).toBe(0);
    expect(rows[0]?.observed).toBe(0);
  });
});

describe('distributionColumns', () => {
  it('gives seconds, hits per endpoint, then one expected line per distinct share', () => {
    const columns = distributionColumns(endpoints.slice(0, 2), [
      { at: 10_000, counts: { '10.0.0.1:80': 0, '10.0.0.2:80': 0 } },
      { at: 12_000, counts: { '10.0.0.1:80': 4, '10.0.0.2:80': 2 } },
    ]);
    // Equal shares (1/3 each here) draw one expected line, not two on top of each other.
    expect(columns).toEqual([
      [0, 2],
      [0, 4],
      [0, 2],
      [0, 2],
    ]);
  });

  it('draws one expected line per weight when IPVS weights differ', () => {
    const weighted = [
      endpoint('10.0.0.1', 0.25),
      endpoint('10.0.0.2', 0.25),
      endpoint('10.0.0.3', 0.5),
    ];
    expect(expectedLines(weighted)).toEqual([
      { share: 0.25, endpoints: [0, 1] },
      { share: 0.5, endpoints: [2] },
    ]);
    const columns = distributionColumns(weighted, [
      { at: 0, counts: {} },
      { at: 1000, counts: { '10.0.0.1:80': 2, '10.0.0.2:80': 2, '10.0.0.3:80': 4 } },
    ]);
    expect(columns.slice(4)).toEqual([
      [0, 2],
      [0, 4],
    ]);
  });

  it('is empty before the first read', () => {
    expect(distributionColumns(endpoints.slice(0, 1), [])).toEqual([[], [], []]);
  });
});

describe('appendRead', () => {
  it('keeps the baseline and the newest reads', () => {
    let reads = [{ at: 0, counts: {} }];
    for (let i = 1; i <= 5; i++) reads = appendRead(reads, { at: i, counts: {} }, 3);
    expect(reads.map((r) => r.at)).toEqual([0, 4, 5]);
  });
});

describe('toRead', () => {
  it('keys a counter sample by ip:port', () => {
    const read = toRead({
      at: '2026-11-23T16:00:00.000Z',
      target: { mode: 'iptables', chain: 'KUBE-SVC-2CMXP7HKUVJN7L6M' },
      command: 'sudo -n iptables -t nat -L KUBE-SVC-2CMXP7HKUVJN7L6M -n -v -x',
      rows: [
        {
          ip: '10.0.0.1',
          port: 80,
          sepChain: 'KUBE-SEP-A',
          hits: 5,
          bytes: 300,
          expectedShare: 0.5,
        },
        { ip: null, port: null, sepChain: null, hits: 1, bytes: 60, expectedShare: 0.5 },
      ],
      total: 6,
      scheduler: 'random',
      warnings: [],
    });
    expect(read).toEqual({
      at: Date.parse('2026-11-23T16:00:00.000Z'),
      counts: { '10.0.0.1:80': 5, '?:?': 1 },
    });
  });
});

describe('parsePod', () => {
  it.each([
    ['default/nginx-6d679fcb4c-cl9dl', { namespace: 'default', pod: 'nginx-6d679fcb4c-cl9dl' }],
    [' kube-system/coredns-1 ', { namespace: 'kube-system', pod: 'coredns-1' }],
    ['nginx', null],
    ['default/Nginx', null],
    ['a/b/c', null],
    ['default/x; rm -rf /', null],
  ])('%s', (text, expected) => {
    expect(parsePod(text)).toEqual(expected);
  });
});
