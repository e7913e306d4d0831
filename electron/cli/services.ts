import type { ServicePort } from '../../shared/model/kube-proxy';
import { servicesFromIptables, servicesFromIpvs } from '../../shared/model/kube-proxy';
import { parseIptables } from '../../shared/parsers/iptables';
import { parseIpvsadm } from '../../shared/parsers/ipvsadm';
import type { ParseWarning } from '../../shared/parsers/parse-result';
import { printWarnings, readInput, type Output } from './input';

export const SERVICE_SOURCES = ['iptables-save', 'iptables-S', 'ipvsadm'] as const;
export type ServiceSource = (typeof SERVICE_SOURCES)[number];

/** One Service port as `kubelab services --json` prints it: the model's identity fields. */
export type ServiceRow = Pick<
  ServicePort,
  'namespace' | 'name' | 'portName' | 'protocol' | 'clusterIP' | 'port' | 'nodePort'
> & {
  /** `probability` is the endpoint's effective share of new connections. */
  endpoints: Pick<ServicePort['endpoints'][number], 'ip' | 'port' | 'probability'>[];
};

/**
 * `kubelab services --from KIND [FILE|-]`: every Service port kube-proxy programmed, with its
 * endpoints and their effective shares, from an iptables dump or an IPVS listing.
 */
export async function runServices(
  from: ServiceSource,
  file: string | undefined,
  json: boolean,
  out: Output,
): Promise<number> {
  const text = await readInput(file);
  const { services, warnings } = resolve(from, text);
  printWarnings(out, file ?? '-', warnings);
  if (text.trim() !== '' && services.length === 0 && warnings.length > 0) {
    out.stderr(`kubelab services: no Services found; is this ${from} output?\n`);
    return 2;
  }
  const rows = services.map(toRow);
  out.stdout(json ? JSON.stringify(rows, null, 2) + '\n' : rows.map(formatRow).join(''));
  return 0;
}

function resolve(
  from: ServiceSource,
  text: string,
): { services: ServicePort[]; warnings: ParseWarning[] } {
  if (from === 'ipvsadm') {
    const listing = parseIpvsadm(text);
    const services = servicesFromIpvs(listing.value);
    return { services: services.value, warnings: [...listing.warnings, ...services.warnings] };
  }
  const ruleset = parseIptables(text, from === 'iptables-S' ? { table: 'nat' } : {});
  const services = servicesFromIptables(ruleset.value);
  return { services: services.value, warnings: [...ruleset.warnings, ...services.warnings] };
}

function toRow(s: ServicePort): ServiceRow {
  return {
    namespace: s.namespace,
    name: s.name,
    portName: s.portName,
    protocol: s.protocol,
    clusterIP: s.clusterIP,
    port: s.port,
    nodePort: s.nodePort,
    endpoints: s.endpoints.map((e) => ({ ip: e.ip, port: e.port, probability: e.probability })),
  };
}

/** `kube-system/kube-dns:dns udp 10.100.0.10:53 → 192.168.5.1:53 50.0%, 192.168.8.196:53 50.0%` */
function formatRow(r: ServiceRow): string {
  // IPVS listings carry no names unless kubectl data fills them in.
  const name = r.name
    ? `${r.namespace}/${r.name}${r.portName ? `:${r.portName}` : ''}`
    : '(unnamed)';
  const nodePort = r.nodePort === null ? '' : ` nodePort ${r.nodePort}`;
  const endpoints =
    r.endpoints.length === 0
      ? 'no endpoints'
      : r.endpoints
          .map((e) => `${e.ip ?? '?'}:${e.port ?? '?'} ${(e.probability * 100).toFixed(1)}%`)
          .join(', ');
  return `${name} ${r.protocol} ${r.clusterIP}:${r.port ?? '?'}${nodePort} → ${endpoints}\n`;
}
