import type { Counters, InterfaceSpec, PortRange, PortSpec } from './types';

/**
 * Reads a counter as `iptables -L -v` prints it: `600`, `535K`, `4565M`, `231G` (powers of
 * 1000, as iptables scales them). Returns NaN for anything else.
 */
export function parseCount(text: string): number {
  const n = text.length;
  if (n === 0) return NaN;
  const last = text.charCodeAt(n - 1);
  let scale = 1;
  if (last === 75)
    scale = 1e3; // K
  else if (last === 77)
    scale = 1e6; // M
  else if (last === 71)
    scale = 1e9; // G
  else if (last === 84) scale = 1e12; // T
  const digits = scale === 1 ? text : text.slice(0, n - 1);
  if (!isDigits(digits)) return NaN;
  return Number(digits) * scale;
}

/** True for a non-empty run of ASCII digits. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Builds counters from two `-L` columns; null when either is not a count. */
export function countersFrom(packets: string, bytes: string): Counters | null {
  const p = parseCount(packets);
  const b = parseCount(bytes);
  if (Number.isNaN(p) || Number.isNaN(b)) return null;
  const last = (s: string): number => s.charCodeAt(s.length - 1);
  return { packets: p, bytes: b, isApproximate: last(packets) > 57 || last(bytes) > 57 };
}

const ZERO: Counters = Object.freeze({ packets: 0, bytes: 0, isApproximate: false });

/** Reads save-format counters `[12:3456]`; null when malformed. `[0:0]` shares one frozen record. */
export function parseBracketCounters(text: string): Counters | null {
  if (text === '[0:0]') return ZERO;
  if (text.length < 5 || text[0] !== '[' || text[text.length - 1] !== ']') return null;
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const p = text.slice(1, colon);
  const b = text.slice(colon + 1, text.length - 1);
  if (!isDigits(p) || !isDigits(b)) return null;
  return { packets: Number(p), bytes: Number(b), isApproximate: false };
}

/** `eni+`, `!docker0` → an interface spec. `*` and `any` mean no constraint (null). */
export function interfaceSpec(name: string, isNegated: boolean): InterfaceSpec | null {
  let n = name;
  let neg = isNegated;
  if (n.startsWith('!')) {
    neg = !neg;
    n = n.slice(1);
  }
  if (n === '*' || n === 'any' || n === '') return null;
  return { isNegated: neg, name: n, isWildcard: n.endsWith('+') };
}

/** `80`, `1000:2000`, `22,80:90`, `!53` → a port spec; names stay in `text` with no range. */
export function portSpec(text: string, isNegated: boolean): PortSpec {
  let t = text;
  let neg = isNegated;
  if (t.startsWith('!')) {
    neg = !neg;
    t = t.slice(1);
  }
  const ranges: PortRange[] = [];
  for (const part of t.split(',')) {
    const colon = part.indexOf(':');
    const from = colon < 0 ? part : part.slice(0, colon);
    const to = colon < 0 ? part : part.slice(colon + 1);
    if (isDigits(from) && isDigits(to)) ranges.push({ from: Number(from), to: Number(to) });
  }
  return { isNegated: neg, ranges, text: t };
}

/** `0x4000/0x4000` → value and mask; numbers may be hex or decimal. */
export function parseMark(text: string): { value: number | null; mask: number | null } {
  const slash = text.indexOf('/');
  const v = readNumber(slash < 0 ? text : text.slice(0, slash));
  const m = slash < 0 ? null : readNumber(text.slice(slash + 1));
  return { value: v, mask: m };
}

function readNumber(text: string): number | null {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (isDigits(text)) return Number(text);
  return null;
}

/** A decimal like `0.5000000000`; null unless the whole text is a finite number. */
export function parseDecimal(text: string): number | null {
  if (text.length === 0) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Splits `10.180.0.1:80` / `[fd00::1]:80` / `10.0.0.1:80-90` into ip and first port. */
export function splitHostPort(text: string): { ip: string | null; port: number | null } {
  let host = text;
  let portText = '';
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = close < 0 ? text.slice(1) : text.slice(1, close);
    if (close >= 0 && text[close + 1] === ':') portText = text.slice(close + 2);
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  const dash = host.indexOf('-');
  if (dash >= 0) host = host.slice(0, dash);
  const portDash = portText.indexOf('-');
  const first = portDash < 0 ? portText : portText.slice(0, portDash);
  return { ip: host === '' ? null : host, port: isDigits(first) ? Number(first) : null };
}
