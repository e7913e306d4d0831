/**
 * One Kubernetes Service port as kube-proxy programmed it on a node, read back from its iptables
 * rules or its IPVS table. `kubelab services --json` prints a list of these.
 */

/** Where a fact was read: one iptables rule, or one line of `ipvsadm` output. */
export type SourceLine =
  | { kind: 'iptables'; table: string; chain: string; /** 1-based */ index: number; line: number }
  | { kind: 'ipvs'; line: number };

/** IPVS real-server details (`-> 10.244.0.5:53 Masq 1 0 0`). */
export interface IpvsEndpointInfo {
  forward: string | null;
  weight: number | null;
  activeConn: number | null;
  inactConn: number | null;
  /** `--stats` totals for this real server, when given. */
  stats: {
    conns: number;
    inPkts: number;
    outPkts: number;
    inBytes: number;
    outBytes: number;
  } | null;
}

/** Where a Service port sends a new connection. */
export interface ServiceEndpoint {
  /** Pod (or node) address the connection is DNATed to; null when IPVS printed an unresolvable name. */
  ip: string | null;
  port: number | null;
  /**
   * Effective share of new connections: for iptables p_k × Π_{j<k}(1 − p_j) over the statistic
   * rules in order; for IPVS weight-proportional (wrr, wlc) or equal.
   */
  probability: number;
  /** The probability written on the rule that picks this endpoint; null when it has none (the last). */
  ruleProbability: number | null;
  /** The chain holding the DNAT rule (kube-proxy's KUBE-SEP-…). */
  sepChain?: string;
  /** Rules (or lines) on the way from the Service chain to this endpoint. */
  lines: SourceLine[];
  ipvs?: IpvsEndpointInfo;
}

/** One Service port. */
export interface ServicePort {
  namespace: string;
  name: string;
  portName: string;
  /** `tcp`, `udp`, `sctp` (lowercase), or `fwm` for an IPVS firewall-mark service. */
  protocol: string;
  /** The cluster IP (IPVS: the virtual server address); '' when only external frontends were seen. */
  clusterIP: string;
  /** Null only when the listing lost it (`ipvsadm -L` without -n cut the column). */
  port: number | null;
  nodePort: number | null;
  externalIPs: string[];
  loadBalancerIPs: string[];
  loadBalancerSourceRanges: string[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  healthCheckNodePort: number | null;
  sessionAffinity?: { timeoutSeconds: number };
  endpoints: ServiceEndpoint[];
  /** kube-proxy's KUBE-SVC-… (or KUBE-SVL-…) chain, when there is one. */
  svcChain?: string;
  /** IPVS scheduler (`rr`, `wrr`, …). */
  scheduler?: string;
  source: 'iptables' | 'ipvs';
  /** Things that look wrong or incomplete (an empty chain, a truncated address). */
  issues: string[];
  /** The frontend rules/lines: KUBE-SERVICES, KUBE-NODEPORTS, filter REJECTs, IPVS service lines. */
  lines: SourceLine[];
}

/** A Service port's identity, as `kubectl get svc` tells it. */
export interface ServiceRef {
  namespace: string;
  name: string;
  portName: string;
}

/**
 * Names for Service ports found without comments, keyed `clusterIP:port/protocol`
 * (`10.96.0.10:53/udp`) or `clusterIP:port`.
 */
export type ServiceNames = ReadonlyMap<string, ServiceRef>;

/** Looks a frontend up in a name map, with and without the protocol. */
export function lookupName(
  names: ServiceNames | undefined,
  ip: string,
  port: number | null,
  protocol: string,
): ServiceRef | undefined {
  if (names === undefined || port === null) return undefined;
  return names.get(`${ip}:${port}/${protocol}`) ?? names.get(`${ip}:${port}`);
}
