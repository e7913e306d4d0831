import type { ServicePort } from '../../../../shared/model/kube-proxy/types';

/** A stable key for one Service port on one host (name when known, else its address). */
export function serviceKey(p: ServicePort): string {
  const address = `${p.clusterIP}:${p.port ?? '?'}/${p.protocol}`;
  return p.name === '' ? address : `${p.namespace}/${p.name}:${p.portName}|${p.protocol}`;
}

/** `kube-system/kube-dns:dns`, or the address when the rules carried no name. */
export function serviceTitle(p: ServicePort): string {
  if (p.name === '') return `${p.clusterIP}:${p.port ?? '?'}/${p.protocol}`;
  return `${p.namespace}/${p.name}${p.portName === '' ? '' : `:${p.portName}`}`;
}

/** `10.100.0.10:53/udp` (plus `NodePort 30080`). */
export function serviceAddress(p: ServicePort): string {
  const base = `${p.clusterIP === '' ? '—' : p.clusterIP}:${p.port ?? '?'}/${p.protocol}`;
  return p.nodePort === null ? base : `${base} · NodePort ${p.nodePort}`;
}

/** The namespaces present, sorted; '' (unnamed) last. */
export function namespacesOf(ports: readonly ServicePort[]): string[] {
  const set = new Set(ports.map((p) => p.namespace));
  return [...set].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}

/** What the list is narrowed to. */
export interface ServiceFilter {
  query: string;
  /** null: every namespace. */
  namespace: string | null;
}

/**
 * The Service ports matching a filter: every word of the query must appear in the name, the
 * addresses (cluster IP, NodePort, endpoint IPs) or the chain name. Sorted by namespace, name.
 */
export function filterServices(
  ports: readonly ServicePort[],
  filter: ServiceFilter,
): ServicePort[] {
  const words = filter.query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  return ports
    .filter((p) => filter.namespace === null || p.namespace === filter.namespace)
    .filter((p) => {
      if (words.length === 0) return true;
      const hay = [
        serviceTitle(p),
        serviceAddress(p),
        p.svcChain ?? '',
        ...p.endpoints.map((e) => `${e.ip ?? ''}:${e.port ?? ''}`),
      ]
        .join(' ')
        .toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name) ||
        (a.port ?? 0) - (b.port ?? 0) ||
        a.protocol.localeCompare(b.protocol),
    );
}

/** The same Service port in another host's (or snapshot's) list: by name, else by address. */
export function findSamePort(
  port: ServicePort,
  ports: readonly ServicePort[],
): ServicePort | undefined {
  const key = serviceKey(port);
  return (
    ports.find((p) => serviceKey(p) === key) ??
    ports.find(
      (p) => p.clusterIP === port.clusterIP && p.port === port.port && p.protocol === port.protocol,
    )
  );
}

/** `ip-192-168-1-37` for `ip-192-168-1-37.ap-northeast-2.compute.internal` (full name on hover). */
export function shortNode(name: string): string {
  return /^ip-[0-9-]+\./.test(name) ? (name.split('.')[0] ?? name) : name;
}
