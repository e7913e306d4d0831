import { isIpAddress } from '../../net/ipv4';
import { clip, lineWarner, MAX_EXTRA_TOKENS, type LineWarner } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import type { ConntrackEntry, ConntrackTuple } from './types';

/** conntrack's own names for the protocol numbers it prints (`tcp      6`). */
const PROTOCOL_NAMES: Record<number, string> = {
  1: 'icmp',
  2: 'igmp',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  47: 'gre',
  58: 'icmpv6',
  132: 'sctp',
  136: 'udplite',
};
const L3_NAMES: Record<number, 'ipv4' | 'ipv6'> = { 2: 'ipv4', 10: 'ipv6' };

/**
 * conntrack-tools' stderr summary, which pastes interleave with stdout, possibly glued to an
 * entry and possibly with its first characters lost (`onntrack v1.4.3 (conntrack-tools): …`).
 */
const BANNER =
  /(c?o?n?n?t?r?a?c?k)?\s*v\d[\d.]*\s*\(conntrack-tools\):\s*(\d+ flow entries have been shown\.?)?/g;
const SUMMARY = /\d+ flow entries have been shown\.?/g;
/** Fields with no place of their own that are still expected (GRE keys, SCTP vtag, labels…). */
const KNOWN_TUPLE_EXTRAS = new Set(['zone', 'srckey', 'dstkey', 'vtag']);
const KNOWN_ENTRY_EXTRAS = new Set(['labels', 'delta-time', 'timestamp', 'helper']);
const MAX_RAW = 4096;

function integer(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** Removes banners from a line; says whether one had lost characters. */
function stripBanners(raw: string): { text: string; isDamaged: boolean } {
  let isDamaged = false;
  const text = raw
    .replace(BANNER, (_match, name: string | undefined) => {
      if (name !== 'conntrack') isDamaged = true;
      return ' ';
    })
    .replace(SUMMARY, ' ');
  return { text, isDamaged };
}

/**
 * Keeps a `key=value` the parser has no field for, bounded (a 1 MB line of junk keys must not
 * build a huge object) and warned about unless it is a known one.
 */
function keepExtra(
  extra: Record<string, string> | undefined,
  key: string,
  value: string,
  known: ReadonlySet<string>,
  warn: LineWarner,
): Record<string, string> {
  const out = extra ?? (Object.create(null) as Record<string, string>);
  if (!known.has(key)) warn(`unknown field "${clip(key, 40)}"`);
  if (Object.keys(out).length < MAX_EXTRA_TOKENS) out[clip(key, 40)] = clip(value, 80);
  return out;
}

interface Header {
  l3?: 'ipv4' | 'ipv6';
  l3num?: number;
  protocol: string;
  protonum: number;
  timeout: number;
  state?: string;
  next: number;
}

/**
 * Reads `[ipv4 2] tcp 6 86394 [ESTABLISHED]`. A name that disagrees with its number (a paste
 * that lost its first characters: `cp 6`, `pv4 2`) is repaired from the number with a warning.
 */
function readHeader(tokens: string[], warn: LineWarner): Header | undefined {
  let i = 0;
  const h: Partial<Header> = {};
  if (integer(tokens[1]) !== undefined && integer(tokens[3]) !== undefined) {
    const l3num = integer(tokens[1]) ?? 0;
    const l3 = L3_NAMES[l3num];
    if (tokens[0] !== l3) warn(`damaged family "${clip(tokens[0] ?? '', 20)}" (${l3num})`);
    if (l3 !== undefined) h.l3 = l3;
    h.l3num = l3num;
    i = 2;
  }
  let name = tokens[i];
  let protonum = integer(tokens[i + 1]);
  let timeout = integer(tokens[i + 2]);
  if (integer(name) !== undefined && timeout === undefined) {
    // The whole protocol name was lost: `6 86205 ESTABLISHED src=…`.
    [name, protonum, timeout] = ['', integer(tokens[i]), integer(tokens[i + 1])];
    i--;
  }
  if (name === undefined || protonum === undefined || timeout === undefined) return undefined;
  const known = PROTOCOL_NAMES[protonum];
  if (known !== undefined && name !== known) {
    warn(`damaged protocol name "${clip(name, 20)}": protocol ${protonum} is ${known}`);
    name = known;
  } else if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  i += 3;
  const state = tokens[i];
  if (state !== undefined && /^[A-Z][A-Z_0-9]*$/.test(state)) {
    h.state = state;
    i++;
  }
  return { ...h, protocol: name, protonum, timeout, next: i };
}

type TupleKey = Exclude<keyof ConntrackTuple, 'src' | 'dst' | 'extra'>;
const TUPLE_NUMBERS = new Set<string>(['sport', 'dport', 'type', 'code', 'id', 'packets', 'bytes']);

function setTupleField(t: ConntrackTuple, key: string, value: string, warn: LineWarner): void {
  if (key === 'dst') {
    if (isIpAddress(value)) t.dst = value;
    else warn(`dst "${clip(value, 60)}" is not an IP address`);
  } else if (TUPLE_NUMBERS.has(key)) {
    const n = integer(value);
    const isPort = key === 'sport' || key === 'dport';
    if (n === undefined || (isPort && n > 65535)) warn(`${key} "${clip(value, 40)}" is not valid`);
    else t[key as TupleKey] = n;
  } else t.extra = keepExtra(t.extra, key, value, KNOWN_TUPLE_EXTRAS, warn);
}

/**
 * Parses `conntrack -L` (any `-o` mode) and `cat /proc/net/nf_conntrack` text.
 *
 * Sample line: `tcp      6 86394 ESTABLISHED src=10.142.0.2 dst=10.43.246.223 sport=48316
 * dport=80 src=10.40.0.6 dst=10.40.0.1 sport=8080 dport=48316 [ASSURED] mark=0 use=1`
 * → `{ protocol: 'tcp', protonum: 6, timeout: 86394, state: 'ESTABLISHED', original: { src:
 * '10.142.0.2', dst: '10.43.246.223', sport: 48316, dport: 80 }, reply: { src: '10.40.0.6', … },
 * flags: ['ASSURED'], mark: 0, use: 1 }`. `/proc/net/nf_conntrack` lines start `ipv4     2 `.
 *
 * Output: one {@link ConntrackEntry} per entry line. The `conntrack v1.4.x (conntrack-tools): N
 * flow entries have been shown.` banner is dropped wherever it sits (own line or glued on);
 * damaged names are repaired from their numbers with a warning; lines with no readable pair of
 * tuples become warnings and are skipped.
 */
export function parseConntrack(text: string): Parsed<ConntrackEntry[]> {
  const warnings = new WarningList();
  const entries: ConntrackEntry[] = [];
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const warn = lineWarner(warnings, lineNo, raw);
    const banner = stripBanners(raw);
    if (banner.isDamaged) warn('damaged conntrack-tools banner; ignored');
    const tokens = banner.text.split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) return;
    const entry = readEntry(tokens, lineNo, raw, warn);
    if (entry !== undefined) entries.push(entry);
  });
  return { value: entries, warnings: warnings.items };
}

function readEntry(
  tokens: string[],
  line: number,
  raw: string,
  warn: LineWarner,
): ConntrackEntry | undefined {
  const header = readHeader(tokens, warn);
  if (header === undefined) {
    warn('not a conntrack entry (expected "<proto> <protonum> <timeout> …")');
    return undefined;
  }
  const tuples: ConntrackTuple[] = [];
  const e: Pick<ConntrackEntry, 'flags'> &
    Partial<Pick<ConntrackEntry, 'mark' | 'zone' | 'use' | 'ctId' | 'secctx'>> = { flags: [] };
  let extra: Record<string, string> | undefined;
  for (let i = header.next; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const flag = /^\[([A-Z_]+)\]$/.exec(token);
    const eq = token.indexOf('=');
    const key = eq > 0 ? token.slice(0, eq) : '';
    const value = token.slice(eq + 1);
    const current = tuples[tuples.length - 1];
    // `zone=` and `id=` name a tuple's zone or ICMP id until the trailer (`mark=`…) begins.
    const isTrailer = current === undefined || e.mark !== undefined || e.use !== undefined;
    if (flag?.[1] !== undefined) e.flags.push(flag[1]);
    else if (key === 'src') {
      if (tuples.length === 2) warn('more than two tuples; extra ones ignored');
      else if (!isIpAddress(value)) warn(`src "${clip(value, 60)}" is not an IP address`);
      else tuples.push({ src: value, dst: '' });
    } else if (key === 'secctx') e.secctx = clip(value, 200);
    else if (key === 'mark' || key === 'use' || (isTrailer && (key === 'zone' || key === 'id'))) {
      const n = integer(value);
      if (n === undefined) warn(`${key} "${clip(value, 40)}" is not a number`);
      else e[key === 'id' ? 'ctId' : key] = n;
    } else if (key !== '' && !isTrailer) setTupleField(current, key, value, warn);
    else if (key !== '') extra = keepExtra(extra, key, value, KNOWN_ENTRY_EXTRAS, warn);
    else warn(`unknown token "${clip(token, 40)}"`);
  }
  const [original, reply] = tuples;
  if (original === undefined || reply === undefined || original.dst === '' || reply.dst === '') {
    warn('conntrack entry without both tuples (src=… dst=… twice); skipped');
    return undefined;
  }
  const { next: _next, ...head } = header;
  const entry: ConntrackEntry = {
    line,
    raw: clip(raw, MAX_RAW),
    ...head,
    original,
    reply,
    ...e,
  };
  if (entry.l3 === undefined) entry.l3 = original.src.includes(':') ? 'ipv6' : 'ipv4';
  if (extra !== undefined) entry.extra = extra;
  return entry;
}
