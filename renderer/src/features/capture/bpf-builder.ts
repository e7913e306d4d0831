/**
 * The start form's capture-filter builder: a few fields turned into one pcap-filter expression
 * (passed to tcpdump as a single quoted argument by the backend, which validates it again).
 */

/** The builder's fields; empty strings are left out. */
export interface BpfFields {
  host: string;
  port: string;
  proto: '' | 'tcp' | 'udp' | 'icmp' | 'arp';
  net: string;
  /** Raw BPF, and-ed with the rest in parentheses. */
  raw: string;
}

/** The builder's empty state. */
export const EMPTY_BPF: BpfFields = { host: '', port: '', proto: '', net: '', raw: '' };

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

/** The expression, or the first problem with a field. Sample: host 10.0.0.1, port 80 → `host 10.0.0.1 and port 80`. */
export function buildBpf(
  f: BpfFields,
): { ok: true; filter: string } | { ok: false; message: string } {
  const parts: string[] = [];
  const host = f.host.trim();
  if (host !== '') {
    if (!IPV4.test(host) && !HOSTNAME.test(host))
      return { ok: false, message: `host "${host}" is not an address` };
    parts.push(`host ${host}`);
  }
  const port = f.port.trim();
  if (port !== '') {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
      return { ok: false, message: `port "${port}" is not 0-65535` };
    parts.push(`port ${port}`);
  }
  if (f.proto !== '') parts.push(f.proto);
  const net = f.net.trim();
  if (net !== '') {
    const [addr = '', bits, ...rest] = net.split('/');
    if (
      !IPV4.test(addr) ||
      rest.length > 0 ||
      (bits !== undefined && !/^\d{1,2}$/.test(bits)) ||
      Number(bits ?? 32) > 32
    )
      return { ok: false, message: `net "${net}" is not a CIDR like 10.0.0.0/16` };
    parts.push(`net ${net}`);
  }
  const raw = f.raw.trim();
  if (raw !== '') parts.push(parts.length === 0 ? raw : `(${raw})`);
  return { ok: true, filter: parts.join(' and ') };
}
