import type { ServicePort } from '../kube-proxy';
import { citeLine, serviceFor } from './netfilter';
import type { NodeState } from './node-state';
import { clusterDomain, parseResolvConf, queryOrder } from './resolv';
import type { TraceStep } from './types';

/** How a name became a Service: the answer, and the DNS steps that explain it. */
export interface NameResolution {
  service: ServicePort | undefined;
  steps: TraceStep[];
  warnings: string[];
}

/** `svc.ns.svc.cluster.local` → the Service port named so (the first port unless `port` says). */
function serviceByFqdn(
  services: readonly ServicePort[],
  fqdn: string,
  domain: string,
  port: number | null,
): ServicePort | undefined {
  const suffix = `.svc.${domain}`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const [name, ns, ...rest] = fqdn.slice(0, -suffix.length).split('.');
  if (name === undefined || ns === undefined || rest.length > 0) return undefined;
  const ports = services.filter((s) => s.name === name && s.namespace === ns && s.clusterIP !== '');
  return port === null ? ports[0] : ports.find((s) => s.port === port);
}

/**
 * The DNS part of a trace (seed 000): the resolv.conf lines, the queries a stub resolver really
 * sends (search domains first when the name has fewer dots than ndots, so the first ones come
 * back NXDOMAIN), which one the cluster DNS answers with the Service's VIP, and how the query
 * itself reaches kube-dns (its VIP's own DNAT on the source node).
 */
export function resolveName(
  node: NodeState,
  name: string,
  port: number | null,
  resolvConf: string | null,
): NameResolution {
  const steps: TraceStep[] = [];
  const warnings: string[] = [];
  const services = node.services;
  if (resolvConf === null) {
    // Without the client's resolv.conf, read the name as kube-dns would answer it fully qualified.
    const parts = name.split('.');
    const fqdn = `${parts[0] ?? name}.${parts[1] ?? 'default'}.svc.cluster.local`;
    const service = serviceByFqdn(services, fqdn, 'cluster.local', port);
    warnings.push(`the source's /etc/resolv.conf was not read: ${name} taken as ${fqdn}`);
    return { service, steps, warnings };
  }
  const conf = parseResolvConf(resolvConf);
  const domain = clusterDomain(conf.search) ?? 'cluster.local';
  const queries = queryOrder(name, conf);
  let service: ServicePort | undefined;
  const asked: string[] = [];
  for (const q of queries) {
    const hit = serviceByFqdn(services, q, domain, port);
    if (hit !== undefined) {
      asked.push(`A? ${q}. → ${hit.clusterIP}`);
      service = hit;
      break;
    }
    asked.push(`A? ${q}. → NXDOMAIN`);
  }
  steps.push({
    kind: 'dns',
    host: node.host,
    text:
      `resolv.conf: search ${conf.search.join(' ') || '(none)'}, ndots:${conf.ndots}; ` +
      `"${name}" has ${name.split('.').length - 1} dot(s), so the resolver asks ` +
      (service === undefined
        ? `${queries.length} names and none is a Service here`
        : `${asked.length} name(s), the last answered with the VIP ${service.clusterIP} (each also as AAAA?)`),
    lines: [...conf.lines, ...asked],
  });
  const dnsIp = conf.nameservers[0];
  if (dnsIp !== undefined) {
    const dns = serviceFor(services, dnsIp, 53, 'udp');
    if (dns === undefined) {
      steps.push({
        kind: 'dns',
        host: node.host,
        text: `the queries go to ${dnsIp}:53/udp, which is no Service VIP on ${node.host}`,
        lines: [],
      });
    } else {
      const cite = (s: Parameters<typeof citeLine>[2]) => citeLine(node.nat, node.ipvsLines, s);
      const lines = [...dns.lines, ...dns.endpoints.flatMap((e) => e.lines)]
        .map(cite)
        .filter((l): l is string => l !== null);
      const shares = dns.endpoints
        .map((e) => `${e.ip ?? '?'}:${e.port ?? '?'} (${(e.probability * 100).toFixed(1)}%)`)
        .join(', ');
      steps.push({
        kind: 'dns',
        host: node.host,
        text: `the queries go to kube-dns ${dnsIp}:53/udp (${dns.namespace}/${dns.name}), DNATed on ${node.host} to ${shares}`,
        lines,
      });
    }
  }
  return { service, steps, warnings };
}
