import type { IptablesChain, IptablesRule } from '../../parsers/iptables';
import type { IpvsVirtualService } from '../../parsers/ipvsadm';
import { ipvsShares } from './from-ipvs';

/** One endpoint's hits since the counters were last zeroed, beside the share it should get. */
export interface DistributionCount {
  ip: string | null;
  port: number | null;
  /** iptables: the KUBE-SEP chain the hits jumped to; null for IPVS. */
  sepChain: string | null;
  /** New connections: packets on the jumps to it (the nat table sees only first packets), or Conns. */
  hits: number;
  bytes: number;
  /** Effective probability (iptables) or the scheduler's weight share (IPVS). */
  expectedShare: number;
}

const ENDPOINT_COMMENT = /->\s*(\d{1,3}(?:\.\d{1,3}){3}):(\d+)/;

function jumpTarget(rule: IptablesRule): string | null {
  const t = rule.target;
  return t !== null && (t.kind === 'jump' || t.kind === 'goto') ? t.chain : null;
}

function endpointOf(rule: IptablesRule): { ip: string | null; port: number | null } {
  const m = ENDPOINT_COMMENT.exec(rule.raw);
  return m ? { ip: m[1] ?? null, port: Number(m[2]) } : { ip: null, port: null };
}

/**
 * Hits per endpoint from one kube-proxy Service chain listed with counters
 * (`iptables -t nat -L KUBE-SVC-… -n -v -x`, or `-S`/save text with `-c`). Each KUBE-SEP jump
 * counts once per new connection; session-affinity rules (`-m recent --rcheck`) add to the same
 * endpoint. The expected share follows the random-mode statistic rules in order:
 * p_k × Π_{j<k}(1 − p_j), the last rule taking what is left.
 *
 * @example
 * const { value } = parseIptables(listText, { table: 'nat' });
 * iptablesDistribution(value.tables[0].chains[0]); // [{ sepChain: 'KUBE-SEP-…', hits: 34, expectedShare: 0.5 }, …]
 */
export function iptablesDistribution(chain: IptablesChain): DistributionCount[] {
  const rows = new Map<string, DistributionCount>();
  let remaining = 1;
  for (const rule of chain.rules) {
    const target = jumpTarget(rule);
    if (target === null || !target.startsWith('KUBE-SEP-')) continue;
    const fresh: DistributionCount = {
      ...endpointOf(rule),
      sepChain: target,
      hits: 0,
      bytes: 0,
      expectedShare: 0,
    };
    const row = rows.get(target) ?? fresh;
    rows.set(target, row);
    row.hits += rule.counters?.packets ?? 0;
    row.bytes += rule.counters?.bytes ?? 0;
    if (row.ip === null) Object.assign(row, endpointOf(rule));
    const isAffinity = rule.matches.some((m) => m.kind === 'recent');
    if (isAffinity) continue;
    const statistic = rule.matches.find((m) => m.kind === 'statistic');
    const p =
      statistic?.kind === 'statistic' &&
      statistic.mode === 'random' &&
      statistic.probability !== null
        ? statistic.probability
        : 1;
    row.expectedShare += remaining * p;
    remaining *= 1 - p;
  }
  return [...rows.values()];
}

/**
 * Hits per real server of one IPVS virtual server: Conns from an `ipvsadm -Ln --stats` listing,
 * in the order and with the share of the plain `-Ln` listing (weights and scheduler).
 */
export function ipvsDistribution(
  service: IpvsVirtualService,
  stats: IpvsVirtualService | undefined,
): DistributionCount[] {
  const shares = ipvsShares(
    service.scheduler,
    service.realServers.map((r) => r.weight),
  );
  return service.realServers.map((r, i) => {
    const counted = stats?.realServers.find((s) => s.address.text === r.address.text)?.stats;
    return {
      ip: r.address.ip,
      port: r.address.port,
      sepChain: null,
      hits: counted?.conns ?? 0,
      bytes: (counted?.inBytes ?? 0) + (counted?.outBytes ?? 0),
      expectedShare: shares[i] ?? 0,
    };
  });
}
