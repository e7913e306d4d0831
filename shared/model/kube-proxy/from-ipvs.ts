import type { IpvsListing, IpvsRealServer, IpvsVirtualService } from '../../parsers/ipvsadm';
import { WarningList, type Parsed } from '../../parsers/parse-result';
import { lookupName, type ServiceEndpoint, type ServiceNames, type ServicePort } from './types';

/** Options for reading Services out of an IPVS table. */
export interface IpvsServiceOptions {
  /** A second listing with `--stats` (or `--rate`) whose counters are attached to the same services. */
  stats?: IpvsListing;
  /** Names by `clusterIP:port/protocol` (from `kubectl get svc -A`); IPVS itself has none. */
  names?: ServiceNames;
}

/** Schedulers whose share of new connections follows the weights. */
const WEIGHTED = new Set(['wrr', 'wlc']);
const NODE_PORTS = { from: 30000, to: 32767 };

/**
 * Nominal share of new connections per real server: weight-proportional for wrr and wlc, equal
 * otherwise; a server of weight 0 (quiesced) gets none.
 */
export function ipvsShares(
  scheduler: string | null,
  weights: readonly (number | null)[],
): number[] {
  const live = weights.map((w) => (w === null ? 1 : Math.max(0, w)));
  const isWeighted = scheduler !== null && WEIGHTED.has(scheduler);
  const parts = isWeighted ? live : live.map((w) => (w > 0 ? 1 : 0));
  const total = parts.reduce((a, b) => a + b, 0);
  return parts.map((p) => (total === 0 ? 0 : p / total));
}

function key(vs: IpvsVirtualService): string {
  return `${vs.protocol} ${vs.address.text}`;
}

function endpointsOf(
  vs: IpvsVirtualService,
  stats: IpvsVirtualService | undefined,
): ServiceEndpoint[] {
  const shares = ipvsShares(
    vs.scheduler,
    vs.realServers.map((r) => r.weight),
  );
  return vs.realServers.map((r: IpvsRealServer, i) => {
    const counted =
      stats?.realServers.find((s) => s.address.text === r.address.text)?.stats ?? r.stats;
    return {
      ip: r.address.ip,
      port: r.address.port,
      probability: shares[i] ?? 0,
      ruleProbability: null,
      lines: [{ kind: 'ipvs', line: r.line }],
      ipvs: {
        forward: r.forward,
        weight: r.weight,
        activeConn: r.activeConn,
        inactConn: r.inactConn,
        stats: counted,
      },
    };
  });
}

function toPort(vs: IpvsVirtualService, stats: IpvsVirtualService | undefined): ServicePort {
  const issues: string[] = [];
  if (vs.address.problem !== null) issues.push(`${vs.address.text}: ${vs.address.problem}`);
  for (const r of vs.realServers) {
    if (r.address.problem !== null)
      issues.push(`real server ${r.address.text}: ${r.address.problem}`);
  }
  const port: ServicePort = {
    namespace: '',
    name: '',
    portName: '',
    protocol: vs.protocol.toLowerCase(),
    clusterIP: vs.address.ip ?? '',
    port: vs.protocol === 'FWM' ? vs.fwmark : vs.address.port,
    nodePort: null,
    externalIPs: [],
    loadBalancerIPs: [],
    loadBalancerSourceRanges: [],
    externalTrafficPolicy: 'Cluster',
    healthCheckNodePort: null,
    endpoints: endpointsOf(vs, stats),
    source: 'ipvs',
    issues,
    lines: [{ kind: 'ipvs', line: vs.line }],
  };
  if (vs.scheduler !== null) port.scheduler = vs.scheduler;
  if (vs.persistentTimeout !== null)
    port.sessionAffinity = { timeoutSeconds: vs.persistentTimeout };
  return port;
}

function serverSet(vs: IpvsVirtualService): string {
  return `${vs.protocol}|${vs.realServers
    .map((r) => r.address.text)
    .sort()
    .join(',')}`;
}

function isNodePort(vs: IpvsVirtualService): boolean {
  const p = vs.address.port;
  return p !== null && p >= NODE_PORTS.from && p <= NODE_PORTS.to;
}

/**
 * Reads kube-proxy's IPVS-mode Services from `ipvsadm -Ln` (optionally with a `--stats` listing):
 * each virtual server becomes a Service port with its scheduler, persistence (ClientIP affinity)
 * and real servers (weight, connection counts, share). A virtual server on a NodePort-range port
 * whose real servers are exactly those of one cluster virtual server is folded into it as its
 * `nodePort`. Names come from `options.names`; addresses ipvsadm printed as cut hostnames keep
 * what could be recovered and say so in `issues`.
 *
 * @example
 * const { value: listing } = parseIpvsadm(text);
 * servicesFromIpvs(listing).value[0]; // { clusterIP: '10.0.0.1', port: 443, scheduler: 'rr', … }
 */
export function servicesFromIpvs(
  listing: IpvsListing,
  options: IpvsServiceOptions = {},
): Parsed<ServicePort[]> {
  const warnings = new WarningList();
  const statsBy = new Map((options.stats?.services ?? []).map((s) => [key(s), s]));
  const ports = new Map<IpvsVirtualService, ServicePort>();
  const bySet = new Map<string, ServicePort[]>();
  for (const vs of listing.services) {
    const port = toPort(vs, statsBy.get(key(vs)));
    ports.set(vs, port);
    if (isNodePort(vs)) continue;
    const set = serverSet(vs);
    bySet.set(set, [...(bySet.get(set) ?? []), port]);
  }
  const out: ServicePort[] = [];
  for (const vs of listing.services) {
    const port = ports.get(vs) as ServicePort;
    const owners =
      isNodePort(vs) && vs.realServers.length > 0 ? bySet.get(serverSet(vs)) : undefined;
    const owner = owners?.length === 1 ? owners[0] : undefined;
    if (owner !== undefined && (owner.nodePort === null || owner.nodePort === vs.address.port)) {
      owner.nodePort = vs.address.port;
      owner.lines.push({ kind: 'ipvs', line: vs.line });
    } else out.push(port);
  }
  for (const port of out) {
    const named = lookupName(options.names, port.clusterIP, port.port, port.protocol);
    if (named !== undefined) Object.assign(port, named);
  }
  if (listing.services.length === 0) warnings.add(0, 'the IPVS table has no virtual services');
  return { value: out, warnings: warnings.items };
}
