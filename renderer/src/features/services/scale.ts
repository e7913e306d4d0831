import type { ServicePort } from '../../../../shared/model/kube-proxy/types';
import type { RuleSource } from './rule-source';

/** The counts the scale panel shows; null when this host's data cannot say. */
export interface ScaleFigures {
  servicePorts: number;
  natRules: number | null;
  svcChains: number | null;
  sepChains: number | null;
  ipvsVirtualServers: number | null;
  ipvsRealServers: number | null;
  /** Rules in KUBE-SERVICES: the longest walk a new connection to a ClusterIP can take. */
  servicesChainLength: number | null;
}

/** Counts from the nat rules and the Services read on one host. */
export function scaleFigures(
  ports: readonly ServicePort[],
  source: RuleSource | null,
): ScaleFigures {
  const ipvs = ports.filter((p) => p.source === 'ipvs');
  let natRules: number | null = null;
  let svc: number | null = null;
  let sep: number | null = null;
  if (source !== null) {
    natRules = 0;
    svc = 0;
    sep = 0;
    for (const name of source.chainNames()) {
      natRules += source.chain(name)?.length ?? 0;
      if (name.startsWith('KUBE-SVC-')) svc++;
      if (name.startsWith('KUBE-SEP-')) sep++;
    }
  }
  return {
    servicePorts: ports.length,
    natRules,
    svcChains: svc,
    sepChains: sep,
    ipvsVirtualServers: ipvs.length === 0 ? null : ipvs.length,
    ipvsRealServers: ipvs.length === 0 ? null : ipvs.reduce((a, p) => a + p.endpoints.length, 0),
    servicesChainLength: source?.chain('KUBE-SERVICES')?.length ?? null,
  };
}

/**
 * Time to add one rule, as measured for the IPVS proposal (kubernetes/community#692, from
 * Huawei's KubeCon 2017 talk "Scale Kubernetes to Support 50,000 Services").
 */
export const SYNC_LATENCY = [
  { services: 1, rules: 8, iptables: '50 µs', ipvs: '30 µs' },
  { services: 5_000, rules: 40_000, iptables: '11 min', ipvs: '50 µs' },
  { services: 20_000, rules: 160_000, iptables: '5 hours', ipvs: '70 µs' },
] as const;

/** The plain-language reasons, with this host's own numbers where it has them. */
export function scaleNotes(f: ScaleFigures): string[] {
  const notes: string[] = [];
  if (f.servicesChainLength !== null && f.servicesChainLength > 0)
    notes.push(
      `A new connection to a ClusterIP is compared with the rules of KUBE-SERVICES one by one until one matches: here up to ${f.servicesChainLength} rules. The walk grows linearly with the number of Service ports (and is paid for every new connection, on every node).`,
    );
  notes.push(
    'Every change (a pod becoming ready, a Service added) makes kube-proxy rewrite the whole table with iptables-restore: the cost of one update grows with the total number of rules, not with the size of the change.',
  );
  notes.push(
    'IPVS keeps virtual servers in a kernel hash table: finding the Service for a new connection and adding or removing one costs about the same at 10 or 10,000 Services. The iptables rules left in IPVS mode match ipsets (also hash lookups), so their number stays small.',
  );
  return notes;
}
