/**
 * The model's address arithmetic on top of the project's IPv4 helpers (shared/net/ipv4): the
 * n-th address of a subnet (the VPC router is .1, the resolver base + 2), broadcast, netmask.
 */
import {
  cidrContains,
  cidrSize as sizeOfPrefix,
  formatIPv4,
  parseIPv4,
  parseIPv4Cidr,
  prefixMask,
} from '../../../shared/net/ipv4';

export { isIPv4 } from '../../../shared/net/ipv4';

/** An address the model itself holds, as a number; throws on anything else (a model bug). */
export function ipToInt(ip: string): number {
  const n = parseIPv4(ip);
  if (n === undefined) throw new Error(`not an IPv4 address: ${ip}`);
  return n;
}

function network(cidr: string): { network: number; prefixlen: number } {
  const parsed = parseIPv4Cidr(cidr, true);
  if (!parsed) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  return parsed;
}

/** Whether `ip` lies in `cidr` (argument order of the model: address first). */
export function inCidr(ip: string, cidr: string): boolean {
  return cidrContains(cidr, ip);
}

export function cidrSize(cidr: string): number {
  return sizeOfPrefix(network(cidr).prefixlen);
}

/** The n-th address of a CIDR: `nthIp('192.168.1.0/24', 1)` is the VPC router. */
export function nthIp(cidr: string, n: number): string {
  return formatIPv4(network(cidr).network + n);
}

export function broadcastOf(cidr: string): string {
  return nthIp(cidr, cidrSize(cidr) - 1);
}

export function prefixOf(cidr: string): number {
  return network(cidr).prefixlen;
}

/** A dotted netmask for `route -n`. */
export function netmaskOf(prefix: number): string {
  return formatIPv4(prefixMask(prefix));
}

/** The dashed form EC2 uses in host names: `ip-192-168-1-45`. */
export function dashed(ip: string): string {
  return `ip-${ip.replaceAll('.', '-')}`;
}
