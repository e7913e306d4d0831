/**
 * IPv4 helpers for parsers and models: strict dotted-quad validation, CIDR parsing and
 * containment. Addresses are handled as unsigned 32-bit numbers.
 */

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

/**
 * Parses a dotted-quad IPv4 address (`10.0.97.30`) into an unsigned 32-bit number.
 * Strict: exactly four decimal octets 0-255, no leading zeros, no whitespace.
 * Returns undefined for anything else, e.g. `10-0-0-157` or `010.0.0.1`.
 */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** True when `text` is a strict dotted-quad IPv4 address (`172.31.23.106`). */
export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

/** Formats an unsigned 32-bit number as a dotted quad: `0x0a00611e` → `10.0.97.30`. */
export function formatIPv4(value: number): string {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** An IPv4 network: the address as written, its number, and its prefix length. */
export interface IPv4Cidr {
  /** The address part as written (`10.0.0.0` in `10.0.0.0/16`). */
  address: string;
  /** The network number with host bits cleared. */
  network: number;
  prefixlen: number;
  /** True when the address as written had host bits set (`10.0.1.5/16`). */
  hasHostBits: boolean;
}

/** The netmask of a prefix length as an unsigned 32-bit number: 20 → 0xfffff000. */
export function prefixMask(prefixlen: number): number {
  return prefixlen <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefixlen, 32))) >>> 0;
}

/**
 * Parses `a.b.c.d/len` (len 0-32). A bare address is read as /32 when `allowBare` is set
 * (as `ip route` prints host routes: `10.0.97.30 dev eni…`). Returns undefined when invalid.
 */
export function parseIPv4Cidr(text: string, allowBare = false): IPv4Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? (allowBare ? '32' : '') : text.slice(slash + 1);
  if (!/^(?:\d|[12]\d|3[0-2])$/.test(lenText)) return undefined;
  const ip = parseIPv4(address);
  if (ip === undefined) return undefined;
  const prefixlen = Number(lenText);
  const network = (ip & prefixMask(prefixlen)) >>> 0;
  return { address, network, prefixlen, hasHostBits: network !== ip };
}

/** True when `text` is `a.b.c.d/len` with a valid address and a prefix length 0-32. */
export function isIPv4Cidr(text: string): boolean {
  return parseIPv4Cidr(text) !== undefined;
}

/**
 * True when the IPv4 address `ip` lies inside `cidr`: `cidrContains('10.0.0.0/16', '10.0.97.30')`.
 * False when either is not valid IPv4.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const net = parseIPv4Cidr(cidr, true);
  const addr = parseIPv4(ip);
  if (net === undefined || addr === undefined) return false;
  return (addr & prefixMask(net.prefixlen)) >>> 0 === net.network;
}

/** Number of addresses in a prefix: 20 → 4096. */
export function cidrSize(prefixlen: number): number {
  return 2 ** (32 - prefixlen);
}

/**
 * Loose IPv6 syntax check (hex groups, at most one `::`, optional dotted-quad tail), enough to
 * tell `inet6` addresses from IPv4 ones; it does not normalise.
 */
export function isIPv6(text: string): boolean {
  if (text.length < 2 || text.length > 45 || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let tail = 0;
  const groupsOf = (half: string, isLast: boolean): string[] | undefined => {
    if (half === '') return [];
    const groups = half.split(':');
    const end = groups[groups.length - 1] ?? '';
    if (isLast && end.includes('.')) {
      if (!isIPv4(end)) return undefined;
      groups.pop();
      tail = 2;
    }
    return groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups : undefined;
  };
  const left = groupsOf(halves[0] ?? '', halves.length === 1);
  const right = halves.length === 2 ? groupsOf(halves[1] ?? '', true) : [];
  if (left === undefined || right === undefined) return false;
  const count = left.length + right.length + tail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** True when `text` is an IPv4 dotted quad or an IPv6 address. */
export function isIpAddress(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}
