import type { ServiceEndpoint, ServicePort } from '../../../../shared/model/kube-proxy/types';
import { endpointKey } from './iptables-path';
import { schedulerLabel } from './schedulers';

/** One fact of the Service on both sides. */
export interface CompareField {
  label: string;
  left: string;
  right: string;
  isDifferent: boolean;
  /** True for the rows that differ because the data plane does (the point of comparing modes). */
  isMechanism: boolean;
}

/** One endpoint, lined up on both sides by `ip:port`. */
export interface CompareRow {
  key: string;
  left: ServiceEndpoint | null;
  right: ServiceEndpoint | null;
  /** What differs, in words; empty when the two agree. */
  differences: string[];
}

/** The side-by-side view of one Service port on two hosts or snapshots. */
export interface Comparison {
  fields: CompareField[];
  rows: CompareRow[];
  /** Count of fields and rows that differ. */
  differenceCount: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** How a side picks an endpoint, in a few words. */
export function selectionLabel(p: ServicePort | null): string {
  if (p === null) return '—';
  if (p.source === 'ipvs') return schedulerLabel(p.scheduler ?? null);
  return p.endpoints.length <= 1
    ? 'iptables: straight jump (one endpoint)'
    : 'iptables: statistic random ladder';
}

function how(e: ServiceEndpoint, p: ServicePort): string {
  if (p.source === 'ipvs') return `${e.ipvs?.forward ?? '?'} weight ${e.ipvs?.weight ?? '?'}`;
  return e.ruleProbability === null
    ? `${e.sepChain ?? 'DNAT'} (no probability)`
    : `${e.sepChain ?? 'DNAT'} p=${e.ruleProbability.toFixed(5)}`;
}

/** A one-line description of an endpoint on one side, for the table cell. */
export function endpointCell(e: ServiceEndpoint | null, p: ServicePort | null): string {
  if (e === null || p === null) return 'absent';
  return `${pct(e.probability)} · ${how(e, p)}`;
}

const MECHANISM = new Set(['Data plane', 'Endpoint choice', 'Where']);

function field(label: string, left: string, right: string): CompareField {
  return { label, left, right, isDifferent: left !== right, isMechanism: MECHANISM.has(label) };
}

/**
 * Lines up the same Service port on two sides (an iptables-mode node and an IPVS-mode node, or a
 * snapshot before and after switching the mode): the Service's facts, then its endpoints matched
 * by `ip:port`, with each difference said in words (missing endpoint, share, weight).
 */
export function compareServices(left: ServicePort | null, right: ServicePort | null): Comparison {
  const v = (p: ServicePort | null, f: (p: ServicePort) => string) => (p === null ? '—' : f(p));
  const fields = [
    field(
      'Data plane',
      v(left, (p) => p.source),
      v(right, (p) => p.source),
    ),
    field(
      'Address',
      v(left, (p) => `${p.clusterIP}:${p.port ?? '?'}/${p.protocol}`),
      v(right, (p) => `${p.clusterIP}:${p.port ?? '?'}/${p.protocol}`),
    ),
    field('Endpoint choice', selectionLabel(left), selectionLabel(right)),
    field(
      'Where',
      v(left, (p) => p.svcChain ?? (p.source === 'ipvs' ? 'IPVS virtual server' : '—')),
      v(right, (p) => p.svcChain ?? (p.source === 'ipvs' ? 'IPVS virtual server' : '—')),
    ),
    field(
      'Session affinity',
      v(left, (p) =>
        p.sessionAffinity ? `ClientIP ${p.sessionAffinity.timeoutSeconds} s` : 'None',
      ),
      v(right, (p) =>
        p.sessionAffinity ? `ClientIP ${p.sessionAffinity.timeoutSeconds} s` : 'None',
      ),
    ),
    field(
      'NodePort',
      v(left, (p) => String(p.nodePort ?? '—')),
      v(right, (p) => String(p.nodePort ?? '—')),
    ),
    field(
      'Endpoints',
      v(left, (p) => String(p.endpoints.length)),
      v(right, (p) => String(p.endpoints.length)),
    ),
  ];
  const rows: CompareRow[] = [];
  const byKey = new Map<string, CompareRow>();
  for (const [side, port] of [
    ['left', left],
    ['right', right],
  ] as const) {
    for (const e of port?.endpoints ?? []) {
      const key = endpointKey(e.ip, e.port);
      let row = byKey.get(key);
      if (row === undefined) {
        row = { key, left: null, right: null, differences: [] };
        byKey.set(key, row);
        rows.push(row);
      }
      row[side] = e;
    }
  }
  for (const row of rows) {
    if (left !== null && row.left === null) row.differences.push('missing on the left');
    if (right !== null && row.right === null) row.differences.push('missing on the right');
    if (row.left !== null && row.right !== null) {
      if (Math.abs(row.left.probability - row.right.probability) > 0.001)
        row.differences.push(`share ${pct(row.left.probability)} vs ${pct(row.right.probability)}`);
      const lw = row.left.ipvs?.weight;
      const rw = row.right.ipvs?.weight;
      if (lw !== undefined && rw !== undefined && lw !== rw)
        row.differences.push(`weight ${lw ?? '?'} vs ${rw ?? '?'}`);
    }
  }
  rows.sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true }));
  // The data plane differing is the point of comparing modes, not a finding.
  const differenceCount =
    fields.filter((f) => f.isDifferent && !f.isMechanism).length +
    rows.filter((r) => r.differences.length > 0).length;
  return { fields, rows, differenceCount };
}
