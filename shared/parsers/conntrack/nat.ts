import type { ConntrackEntry, NatSummary } from './types';

/** `ip:port`, `[v6]:port`, or the bare ip when the tuple has no port (ICMP). */
function endpoint(ip: string, port: number | undefined): string {
  if (port === undefined) return ip;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function sameEndpoint(
  a: string,
  aPort: number | undefined,
  b: string,
  bPort: number | undefined,
): boolean {
  return a === b && aPort === bPort;
}

/**
 * True when the destination was rewritten: the reply comes from someone other than the address
 * (or port) the client dialled. `src=10.244.0.3 dst=10.96.0.1 … dport=443 src=192.168.10.100 …
 * sport=6443` is DNAT to the API server; a UDP entry whose reply src is still the ClusterIP
 * (kubernetes#48370) is not, and blackholes its traffic.
 */
export function isDnat(entry: ConntrackEntry): boolean {
  const { original: o, reply: r } = entry;
  return !sameEndpoint(o.dst, o.dport, r.src, r.sport);
}

/**
 * True when the source was rewritten: replies go to someone other than the client (the node
 * IP for a NodePort hop or egress SNAT; for ICMP, also a rewritten `id`).
 */
export function isSnat(entry: ConntrackEntry): boolean {
  const { original: o, reply: r } = entry;
  return !sameEndpoint(o.src, o.sport, r.dst, r.dport) || (o.id !== r.id && o.id !== undefined);
}

/**
 * The NAT an entry proves, for the UI: `tcp 6 51 TIME_WAIT src=10.142.0.6 dst=10.142.0.8
 * sport=46078 dport=31830 src=10.40.0.6 dst=10.40.0.1 sport=8080 dport=46078` → `{ client:
 * '10.142.0.6:46078', service: '10.142.0.8:31830', backend: '10.40.0.6:8080', isDnat: true, snat:
 * '10.40.0.1:46078' }`.
 */
export function natSummary(entry: ConntrackEntry): NatSummary {
  const { original: o, reply: r } = entry;
  const summary: NatSummary = {
    client: endpoint(o.src, o.sport),
    service: endpoint(o.dst, o.dport),
    backend: endpoint(r.src, r.sport),
    isDnat: isDnat(entry),
  };
  if (isSnat(entry)) summary.snat = endpoint(r.dst, r.dport);
  return summary;
}

/**
 * True for the stale-entry blackhole of kubernetes#48370: the client dialled one of
 * `serviceIps` (ClusterIPs) but conntrack recorded no DNAT, so packets go nowhere until the
 * entry expires or is deleted (`conntrack -D -p udp --orig-dst <vip>`).
 */
export function isUntranslatedServiceEntry(
  entry: ConntrackEntry,
  serviceIps: ReadonlySet<string>,
): boolean {
  return serviceIps.has(entry.original.dst) && !isDnat(entry);
}
