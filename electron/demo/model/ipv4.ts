/** IPv4 arithmetic for the demo model: addresses as uint32 numbers and `a.b.c.d/n` CIDRs. */

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIpv4(text: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) &&
    text.split('.').every((p) => Number(p) <= 255)
  );
}

export interface Cidr {
  network: number;
  prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText ?? '32');
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(ipToInt(ip ?? '') / size) * size, prefix };
}

export function cidrSize(cidr: string): number {
  return 2 ** (32 - parseCidr(cidr).prefix);
}

export function inCidr(ip: string, cidr: string): boolean {
  const { network, prefix } = parseCidr(cidr);
  const n = ipToInt(ip);
  return n >= network && n < network + 2 ** (32 - prefix);
}

/** The n-th address of a CIDR: `nthIp('192.168.1.0/24', 1)` is the VPC router. */
export function nthIp(cidr: string, n: number): string {
  return intToIp(parseCidr(cidr).network + n);
}

export function broadcastOf(cidr: string): string {
  return nthIp(cidr, cidrSize(cidr) - 1);
}

export function prefixOf(cidr: string): number {
  return parseCidr(cidr).prefix;
}

/** A dotted netmask for `route -n`. */
export function netmaskOf(prefix: number): string {
  return intToIp(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

export function compareIps(a: string, b: string): number {
  return ipToInt(a) - ipToInt(b);
}

/** The dashed form EC2 uses in host names: `ip-192-168-1-45`. */
export function dashed(ip: string): string {
  return `ip-${ip.replaceAll('.', '-')}`;
}
