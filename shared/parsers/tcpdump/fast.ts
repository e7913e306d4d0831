/**
 * The fast path of `parseTcpdump` for the lines a live capture is made of: an IPv4 TCP segment or
 * UDP datagram, `-tttt` or default time, with or without the `-i any` interface and direction
 * columns, as tcpdump prints them:
 * `2026-11-23 18:48:10.123456 eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [P.], seq 1:78, ack 1, win 491, options [nop,nop,TS val 1 ecr 2], length 77: HTTP: GET / HTTP/1.1`.
 *
 * One pass over character codes, no regular expressions and no intermediate splits. It answers
 * only when it is sure the general parser would read the line the same way, and `undefined`
 * otherwise (anything odd: IPv6, `-v`, ICMP, DNS, unknown TCP fields, commas in the payload hint,
 * surrounding whitespace…), so the general parser stays the one definition of what a line means;
 * `fast.test.ts` checks the two agree on every fixture, its mutations and generated variants.
 */
import type { Direction, Packet, TcpInfo, TimeFormat } from './types';

const SPACE = 32;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const OPEN = 91; // [
const CLOSE = 93; // ]
/** The general parser keeps at most this much of a line. */
const MAX_RAW = 4096;
/** `int()` in payload.ts reads at most 15 digits. */
const MAX_DIGITS = 15;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Printable ASCII other than space: what `\S` surely matches (the rest goes the general way). */
function isToken(c: number): boolean {
  return c > SPACE && c < 127;
}

/** Index just past a run of 1..15 digits at `i`, or -1 (none, or more than the parser reads). */
function digitsEnd(s: string, i: number): number {
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  return j === i || j - i > MAX_DIGITS ? -1 : j;
}

/** The number written in `s` from `i` to `end` (digits only, at most 15: exact in a double). */
function numberAt(s: string, i: number, end: number): number {
  let value = 0;
  for (let j = i; j < end; j++) value = value * 10 + (s.charCodeAt(j) - 48);
  return value;
}

function digitsAt(s: string, positions: readonly number[]): boolean {
  for (const p of positions) if (!isDigit(s.charCodeAt(p))) return false;
  return true;
}

const TTTT_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const CLOCK_DIGITS = [0, 1, 3, 4, 6, 7];

/** `YYYY-MM-DD HH:MM:SS.frac ` or `HH:MM:SS.frac `: the index of the space after it. */
function readTime(s: string): { end: number; format: TimeFormat } | undefined {
  let fracAt: number;
  let format: TimeFormat;
  if (s.charCodeAt(4) === DASH) {
    if (
      s.charCodeAt(7) !== DASH ||
      s.charCodeAt(10) !== SPACE ||
      s.charCodeAt(13) !== COLON ||
      s.charCodeAt(16) !== COLON ||
      s.charCodeAt(19) !== DOT ||
      !digitsAt(s, TTTT_DIGITS)
    )
      return undefined;
    fracAt = 20;
    format = 'tttt';
  } else if (s.charCodeAt(2) === COLON) {
    if (s.charCodeAt(5) !== COLON || s.charCodeAt(8) !== DOT || !digitsAt(s, CLOCK_DIGITS))
      return undefined;
    fracAt = 9;
    format = 'default';
  } else return undefined;
  let end = fracAt;
  while (isDigit(s.charCodeAt(end))) end++;
  return end > fracAt && s.charCodeAt(end) === SPACE ? { end, format } : undefined;
}

/** Index of the first space at or after `i` with only token characters before it, or -1. */
function tokenEnd(s: string, i: number): number {
  let j = i;
  while (isToken(s.charCodeAt(j))) j++;
  return j > i && s.charCodeAt(j) === SPACE ? j : -1;
}

function skipSpaces(s: string, i: number): number {
  let j = i;
  while (s.charCodeAt(j) === SPACE) j++;
  return j;
}

/** The SLL2 direction written from `i` to `end`, as a constant string (no copy per packet). */
function directionAt(s: string, i: number, end: number): Direction | undefined {
  const c = s.charCodeAt(i);
  if (end - i === 1) return c === 80 ? 'P' : c === 77 ? 'M' : c === 66 ? 'B' : undefined;
  if (end - i === 2) return s.startsWith('In', i) ? 'In' : undefined;
  if (end - i === 3) return s.startsWith('Out', i) ? 'Out' : undefined;
  return undefined;
}
/** First tokens that make the general parser read the line as a body, not interface columns. */
const BODY_WORDS: ReadonlySet<string> = new Set(['IP', 'IP6', 'ARP,', 'MPLS']);

/** `splitEndpoint` of body.ts for `s.slice(from, to)`, without its regular expressions. */
function endpoint(s: string, from: number, to: number): { addr: string; port?: number } {
  const dot = s.lastIndexOf('.', to - 1);
  if (dot <= from) return { addr: s.slice(from, to) };
  const tailLength = to - dot - 1;
  if (tailLength < 1 || tailLength > 5 || digitsEnd(s, dot + 1) !== to)
    return { addr: s.slice(from, to) };
  // An IPv6 address before the port, or `\d+\.\d+\.\d+\.\d+`.
  let isPort: boolean;
  if (s.lastIndexOf(':', dot) >= from) isPort = true;
  else {
    let groups = 0;
    let i = from;
    while (i < dot) {
      const start = i;
      while (i < dot && isDigit(s.charCodeAt(i))) i++;
      if (i === start) break;
      groups++;
      if (i < dot) {
        if (s.charCodeAt(i) !== DOT || i + 1 === dot) break;
        i++;
      }
    }
    isPort = i === dot && groups === 4;
  }
  return isPort
    ? { addr: s.slice(from, dot), port: numberAt(s, dot + 1, to) }
    : { addr: s.slice(from, to) };
}

/** `Flags [...]` onwards; false when any part is not one the fast path is sure of. */
function readTcpFast(s: string, at: number, p: Packet): boolean {
  const close = s.indexOf(']', at + 7);
  if (close < 0) return false;
  const tcp: TcpInfo = { flags: s.slice(at + 7, close) };
  let payload: string | undefined;
  let i = close + 1;
  const n = s.length;
  while (i < n) {
    // Parts are `, key value`; anything else (extra spaces, a stray character) goes the long way.
    if (s.charCodeAt(i) !== COMMA || s.charCodeAt(i + 1) !== SPACE || !isToken(s.charCodeAt(i + 2)))
      return false;
    i += 2;
    if (s.startsWith('length ', i)) {
      const end = digitsEnd(s, i + 7);
      if (end < 0) return false;
      tcp.length = numberAt(s, i + 7, end);
      let q = end;
      if (s.charCodeAt(q) === COLON) q++;
      if (s.charCodeAt(q) === SPACE) q++;
      // The general parser re-joins comma-separated pieces of the hint with ', '.
      if (s.indexOf(',', q) >= 0) return false;
      if (q < n) payload = s.slice(q);
      break;
    }
    if (s.startsWith('options [', i)) {
      let j = i + 9;
      for (; j < n; j++) {
        const c = s.charCodeAt(j);
        if (c === CLOSE) break;
        // Nesting changes where the general parser splits: leave it to it.
        if (c === OPEN || c === 40 || c === 41 || c === 123 || c === 125) return false;
      }
      if (j >= n || (j + 1 < n && s.charCodeAt(j + 1) !== COMMA)) return false;
      tcp.options = s.slice(i + 9, j);
      i = j + 1;
      continue;
    }
    const isSeq = s.startsWith('seq ', i);
    const key = isSeq
      ? 'seq'
      : s.startsWith('ack ', i)
        ? 'ack'
        : s.startsWith('win ', i)
          ? 'win'
          : '';
    if (key === '') return false;
    const end = digitsEnd(s, i + 4);
    if (end < 0) return false;
    const value = numberAt(s, i + 4, end);
    if (isSeq) {
      tcp.seq = value;
      if (s.charCodeAt(end) === COLON) {
        const end2 = digitsEnd(s, end + 1);
        if (end2 < 0) return false;
        tcp.seqEnd = numberAt(s, end + 1, end2);
        i = end2;
      } else i = end;
    } else {
      if (key === 'ack') tcp.ack = value;
      else tcp.win = value;
      i = end;
    }
    if (i < n && s.charCodeAt(i) !== COMMA) return false;
  }
  p.protocol = 'tcp';
  p.tcp = tcp;
  if (tcp.length !== undefined) p.length = tcp.length;
  if (payload !== undefined) p.payload = payload;
  return true;
}

/**
 * The packet on `raw`, read by the fast path, or `undefined` when the line is not one it reads
 * (then the general parser does). Fields and their order are the general parser's.
 */
export function fastPacket(raw: string, line: number): Packet | undefined {
  const n = raw.length;
  if (n > MAX_RAW || n === 0 || !isToken(raw.charCodeAt(n - 1))) return undefined;
  const time = readTime(raw);
  if (time === undefined) return undefined;
  let i = time.end + 1;
  let iface: string | undefined;
  let direction: Direction | undefined;
  if (!raw.startsWith('IP ', i)) {
    const ifaceEnd = tokenEnd(raw, i);
    if (ifaceEnd < 0) return undefined;
    iface = raw.slice(i, ifaceEnd);
    if (BODY_WORDS.has(iface)) return undefined;
    const dirAt = skipSpaces(raw, ifaceEnd);
    const dirEnd = tokenEnd(raw, dirAt);
    if (dirEnd < 0) return undefined;
    direction = directionAt(raw, dirAt, dirEnd);
    if (direction === undefined) return undefined;
    i = skipSpaces(raw, dirEnd);
    if (!raw.startsWith('IP ', i)) return undefined;
  }
  const srcAt = i + 3;
  // `(` would be a `-v` header, which the general parser strips first.
  if (raw.charCodeAt(srcAt) === 40) return undefined;
  const srcEnd = tokenEnd(raw, srcAt);
  if (srcEnd < 0 || raw.charCodeAt(srcEnd + 1) !== 62 || raw.charCodeAt(srcEnd + 2) !== SPACE)
    return undefined;
  const dstAt = srcEnd + 3;
  let dstEnd = dstAt;
  for (; dstEnd < n; dstEnd++) {
    const c = raw.charCodeAt(dstEnd);
    if (c === COLON) break;
    if (!isToken(c)) return undefined;
  }
  // A colon inside the address (IPv6) or none at all: not ours.
  if (dstEnd === dstAt || dstEnd >= n - 1 || raw.charCodeAt(dstEnd + 1) !== SPACE) return undefined;
  const payloadAt = dstEnd + 2;
  const isTcp = raw.startsWith('Flags [', payloadAt);
  if (!isTcp && !raw.startsWith('UDP, length ', payloadAt)) return undefined;

  const src = endpoint(raw, srcAt, srcEnd);
  const dst = endpoint(raw, dstAt, dstEnd);
  const p: Packet = { line, raw, timeFormat: time.format, family: 'ip', protocol: 'other' };
  p.time = raw.slice(0, time.end);
  if (iface !== undefined && direction !== undefined) {
    p.interface = iface;
    p.direction = direction;
  }
  p.src = src.addr;
  p.dst = dst.addr;
  if (src.port !== undefined) p.sport = src.port;
  if (dst.port !== undefined) p.dport = dst.port;
  if (isTcp) return readTcpFast(raw, payloadAt, p) ? p : undefined;
  const lengthAt = payloadAt + 12;
  if (digitsEnd(raw, lengthAt) !== n) return undefined;
  const length = numberAt(raw, lengthAt, n);
  p.protocol = 'udp';
  p.udp = { length };
  p.length = length;
  return p;
}
