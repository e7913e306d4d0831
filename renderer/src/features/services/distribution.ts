import type { DistributionSample } from '../../../../shared/api/contract-kube-proxy';
import type { ServiceEndpoint } from '../../../../shared/model/kube-proxy/types';
import { endpointKey } from './iptables-path';

/** One read of the per-endpoint counters (cumulative since the last zeroing). */
export interface CounterRead {
  /** Epoch ms. */
  at: number;
  /** New connections per endpoint, keyed `ip:port`. */
  counts: Readonly<Record<string, number>>;
}

/** One endpoint's line of the distribution table. */
export interface DistributionRow {
  key: string;
  hits: number;
  observed: number;
  expected: number;
  /** Two standard deviations of the observed share for this many hits (random picks). */
  tolerance: number;
  isWithinTolerance: boolean;
}

/**
 * Hits per endpoint between the first read (just after zeroing) and the latest, against the
 * share each endpoint should get. The tolerance is the binomial 2σ for the total so far, which
 * is what a random (iptables) pick is expected to stay within; a round-robin pick stays closer.
 */
export function distributionRows(
  endpoints: readonly ServiceEndpoint[],
  reads: readonly CounterRead[],
): DistributionRow[] {
  const first = reads[0];
  const last = reads[reads.length - 1];
  const keys = endpoints.map((e) => endpointKey(e.ip, e.port));
  const hits = keys.map((k) => Math.max(0, (last?.counts[k] ?? 0) - (first?.counts[k] ?? 0)));
  const total = hits.reduce((a, b) => a + b, 0);
  return endpoints.map((e, i) => {
    const h = hits[i] ?? 0;
    const observed = total === 0 ? 0 : h / total;
    const p = e.probability;
    const tolerance = total === 0 ? 1 : 2 * Math.sqrt((p * (1 - p)) / total);
    return {
      key: keys[i] ?? '',
      hits: h,
      observed,
      expected: p,
      tolerance,
      isWithinTolerance: Math.abs(observed - p) <= tolerance,
    };
  });
}

/** Total new connections counted since the first read. */
export function totalHits(rows: readonly DistributionRow[]): number {
  return rows.reduce((a, r) => a + r.hits, 0);
}

/** One expected line of the chart: the endpoints that share one expected share. */
export interface ExpectedLine {
  share: number;
  /** Indexes into the endpoints. */
  endpoints: number[];
}

/** Endpoints grouped by expected share, so equal shares draw one line instead of n overlapping. */
export function expectedLines(endpoints: readonly ServiceEndpoint[]): ExpectedLine[] {
  const lines: ExpectedLine[] = [];
  endpoints.forEach((e, i) => {
    const line = lines.find((l) => Math.abs(l.share - e.probability) < 1e-9);
    if (line === undefined) lines.push({ share: e.probability, endpoints: [i] });
    else line.endpoints.push(i);
  });
  return lines;
}

/**
 * uPlot columns: x = seconds since the first read; per endpoint its hits so far; then per
 * {@link expectedLines} entry the hits its share predicts (total so far × share).
 */
export function distributionColumns(
  endpoints: readonly ServiceEndpoint[],
  reads: readonly CounterRead[],
): number[][] {
  const lines = expectedLines(endpoints);
  const first = reads[0];
  if (first === undefined) return [[], ...endpoints.map(() => []), ...lines.map(() => [])];
  const keys = endpoints.map((e) => endpointKey(e.ip, e.port));
  const x = reads.map((r) => (r.at - first.at) / 1000);
  const hits = keys.map((k) =>
    reads.map((r) => Math.max(0, (r.counts[k] ?? 0) - (first.counts[k] ?? 0))),
  );
  const totals = reads.map((_, j) => hits.reduce((a, h) => a + (h[j] ?? 0), 0));
  const expected = lines.map((l) => totals.map((t) => t * l.share));
  return [x, ...hits, ...expected];
}

/** Keeps a rolling window of reads so a long session does not grow without bound. */
export function appendRead(
  reads: readonly CounterRead[],
  read: CounterRead,
  max = 600,
): CounterRead[] {
  const next = [...reads, read];
  // The first read is the baseline every figure is measured from: keep it.
  return next.length <= max ? next : [next[0] as CounterRead, ...next.slice(next.length - max + 1)];
}

/** A counter sample as a read keyed `ip:port`. */
export function toRead(sample: DistributionSample): CounterRead {
  const counts: Record<string, number> = {};
  for (const r of sample.rows) counts[`${r.ip ?? '?'}:${r.port ?? '?'}`] = r.hits;
  return { at: Date.parse(sample.at), counts };
}

/** `namespace/name` as typed, or null when it is not one. */
export function parsePod(text: string): { namespace: string; pod: string } | null {
  const m = /^([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)$/.exec(text.trim());
  return m === null ? null : { namespace: m[1] ?? '', pod: m[2] ?? '' };
}
