import { cidrContains } from '../../net/ipv4';
import { findChain } from '../../parsers/iptables';
import type { AddressSpec, IptablesRule, IptablesTable } from '../../parsers/iptables';
import type { ServicePort, SourceLine } from '../kube-proxy';

/** kube-proxy's masquerade mark (`--masquerade-bit 14`). */
const MASQ_MARK_CHAIN = 'KUBE-MARK-MASQ';

/** Whether an address match (`-s 10.0.0.0/16`, `! -d …`) holds for `ip`; null when `ip` is unknown. */
export function addressMatches(spec: AddressSpec | null, ip: string | undefined): boolean | null {
  if (spec === null) return true;
  if (ip === undefined) return null;
  const cidr = spec.address.includes('/') ? spec.address : `${spec.address}/32`;
  return cidrContains(cidr, ip) !== spec.isNegated;
}

/** The rule a Service model line points at, as the host printed it. */
export function citeLine(
  nat: IptablesTable | undefined,
  ipvsLines: readonly string[],
  source: SourceLine,
): string | null {
  if (source.kind === 'ipvs') return ipvsLines[source.line - 1] ?? null;
  if (nat === undefined) return null;
  const chain = findChain(nat, source.chain);
  return chain?.rules[source.index - 1]?.raw ?? null;
}

/** The Service port a packet to `ip:port/protocol` hits, if kube-proxy programmed one. */
export function serviceFor(
  services: readonly ServicePort[],
  ip: string,
  port: number | null,
  protocol: string,
): ServicePort | undefined {
  return services.find(
    (s) => s.clusterIP === ip && (port === null || s.port === port) && s.protocol === protocol,
  );
}

/** Rules of a chain that jump to KUBE-MARK-MASQ and hold for this source (and destination). */
export function masqRules(
  nat: IptablesTable | undefined,
  chainName: string | undefined,
  src: string | undefined,
  dst: string,
): IptablesRule[] {
  if (nat === undefined || chainName === undefined) return [];
  const chain = findChain(nat, chainName);
  if (chain === undefined) return [];
  return chain.rules.filter(
    (r) =>
      r.target?.kind === 'jump' &&
      r.target.chain === MASQ_MARK_CHAIN &&
      addressMatches(r.source, src) === true &&
      addressMatches(r.destination, dst) === true,
  );
}

/** The outcome of walking a CNI chain (AWS-SNAT-CHAIN-0, AWS-CONNMARK-CHAIN-0) for one destination. */
export interface ChainVerdict {
  /** `return` (left alone), `snat` (rewritten to `toSource`), `mark` (connmark set), `none` (no chain). */
  outcome: 'return' | 'snat' | 'mark' | 'none';
  toSource?: string;
  /** The rules that decided it, in order, as printed. */
  lines: string[];
}

/**
 * Walks a chain of the VPC CNI's nat rules for a destination: the first rule whose `-d` holds
 * decides (RETURN for VPC CIDRs, a jump followed, SNAT or CONNMARK otherwise).
 */
export function walkCniChain(
  nat: IptablesTable | undefined,
  chainName: string,
  dst: string,
  depth = 0,
): ChainVerdict {
  const chain = nat === undefined ? undefined : findChain(nat, chainName);
  if (chain === undefined || depth > 8) return { outcome: 'none', lines: [] };
  for (const r of chain.rules) {
    if (addressMatches(r.destination, dst) !== true) continue;
    const t = r.target;
    if (t === null) continue;
    if (t.kind === 'verdict' && t.verdict === 'RETURN')
      return { outcome: 'return', lines: [r.raw] };
    if (t.kind === 'jump' || t.kind === 'goto') {
      const inner = walkCniChain(nat, t.chain, dst, depth + 1);
      if (inner.outcome === 'none' || inner.outcome === 'return') {
        if (t.kind === 'goto') return { ...inner, lines: [r.raw, ...inner.lines] };
        continue;
      }
      return { ...inner, lines: [r.raw, ...inner.lines] };
    }
    if (t.kind === 'snat') return { outcome: 'snat', toSource: t.toSource ?? '', lines: [r.raw] };
    if (t.kind === 'masquerade') return { outcome: 'snat', lines: [r.raw] };
    if (t.kind === 'connmark') return { outcome: 'mark', lines: [r.raw] };
  }
  return { outcome: 'return', lines: [] };
}

/** The POSTROUTING rule that sends packets into `chainName`, as printed. */
export function jumpInto(
  nat: IptablesTable | undefined,
  from: string,
  chainName: string,
): string | null {
  const chain = nat === undefined ? undefined : findChain(nat, from);
  const rule = chain?.rules.find(
    (r) => (r.target?.kind === 'jump' || r.target?.kind === 'goto') && r.target.chain === chainName,
  );
  return rule?.raw ?? null;
}
