import type { ArpInfo, DnsInfo, IcmpInfo, TcpInfo } from './types';

/** Splits on commas that are not inside brackets or braces (TCP options nest `[AH]`, `{…}`). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{' || c === '(') depth++;
    else if ((c === ']' || c === '}' || c === ')') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

function int(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** `length 77: HTTP: GET / HTTP/1.1` → `{ length: 77, payload: 'HTTP: GET / HTTP/1.1' }`. */
export function readLength(part: string): { length?: number; payload?: string } | undefined {
  const m = /^length (\d{1,15})(?::? ?(.*))?$/s.exec(part);
  if (m === null) return undefined;
  const out: { length?: number; payload?: string } = { length: Number(m[1]) };
  if (m[2] !== undefined && m[2] !== '') out.payload = m[2];
  return out;
}

/** Reads `Flags [S.], seq 1:81, ack 1, win 222, options [...], length 80…`; undefined when not TCP. */
export function readTcp(text: string): { tcp: TcpInfo; payload?: string } | undefined {
  const m = /^Flags \[([^\]]*)\]/.exec(text);
  if (m === null) return undefined;
  const tcp: TcpInfo = { flags: m[1] ?? '' };
  let payload: string | undefined;
  const parts = splitTopLevel(text.slice(m[0].length).replace(/^,/, ''));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const [key, value] = [part.split(' ', 1)[0], part.slice(part.indexOf(' ') + 1)];
    if (key === 'seq') {
      const [a, b] = value.split(':');
      const seq = int(a);
      const end = int(b);
      if (seq !== undefined) tcp.seq = seq;
      if (end !== undefined) tcp.seqEnd = end;
    } else if (key === 'ack' && int(value) !== undefined) tcp.ack = int(value);
    else if (key === 'win' && int(value) !== undefined) tcp.win = int(value);
    else if (key === 'options') tcp.options = value.replace(/^\[/, '').replace(/\]$/, '');
    else if (key === 'length') {
      // The payload hint may itself hold commas: keep the rest of the line as printed.
      const rest = readLength([part, ...parts.slice(i + 1)].join(', '));
      if (rest?.length !== undefined) tcp.length = rest.length;
      payload = rest?.payload;
      break;
    }
  }
  return payload === undefined ? { tcp } : { tcp, payload };
}

const ICMP_TYPES = [
  'echo request',
  'echo reply',
  'time exceeded',
  'redirect',
  'source quench',
  'parameter problem',
  'router advertisement',
  'router solicitation',
  'neighbor solicitation',
  'neighbor advertisement',
  'packet too big',
];

/** Reads the text after `ICMP ` / `ICMP6, `: `echo request, id 236, seq 0, length 64`. */
export function readIcmp(text: string): IcmpInfo {
  const parts = splitTopLevel(text);
  const icmp: IcmpInfo = { type: '', text: '' };
  const kept: string[] = [];
  for (const part of parts) {
    const [key, value] = [part.split(' ', 1)[0], part.slice(part.indexOf(' ') + 1)];
    if (key === 'id' && int(value) !== undefined) icmp.id = int(value);
    else if (key === 'seq' && int(value) !== undefined) icmp.seq = int(value);
    else if (key === 'length' && int(value) !== undefined) {
      icmp.length = int(value);
      continue;
    }
    kept.push(part);
  }
  icmp.text = kept.join(', ');
  const head = kept[0] ?? '';
  const known = ICMP_TYPES.find((t) => head.startsWith(t));
  if (/\bunreachable\b/.test(head)) icmp.type = 'unreachable';
  else icmp.type = known ?? head;
  return icmp;
}

/** Reads `Request who-has A tell B` / `Reply A is-at MAC` (ARP, after `ARP, ` or with `-e`). */
export function readArp(text: string): { arp: ArpInfo; length?: number } {
  const parts = splitTopLevel(text);
  const head = parts[0] ?? '';
  const arp: ArpInfo = { op: 'other' };
  const who = /who-has (\S+)(?: tell (\S+))?/.exec(head);
  const isAt = /^Reply (\S+) is-at (\S+)/.exec(head);
  if (who !== null) {
    arp.op = 'who-has';
    if (who[1] !== undefined) arp.target = who[1];
    if (who[2] !== undefined) arp.tell = who[2];
  } else if (isAt !== null) {
    arp.op = 'is-at';
    if (isAt[1] !== undefined) arp.target = isAt[1];
    if (isAt[2] !== undefined) arp.mac = isAt[2];
  } else if (head.startsWith('Reply')) arp.op = 'reply';
  const len = parts.map(readLength).find((l) => l?.length !== undefined)?.length;
  return len === undefined ? { arp } : { arp, length: len };
}

const RCODES =
  /^(NXDomain|ServFail|Refused|FormErr|NotImp|YXDomain|YXRRSet|NXRRSet|NotAuth|NotZone)[-*|$]*$/;

/**
 * Reads a DNS summary: `13784+ [1au] A? example.com. (29)` (query) or
 * `47424*- 2/0/1 A 93.184.216.34, RRSIG (227)` (answer). Undefined when it is not one.
 */
export function readDns(text: string): { dns: DnsInfo; length?: number } | undefined {
  const m = /^(\d{1,5})([-+*|$]*) (.*?)(?: \((\d+)\))?$/s.exec(text);
  if (m === null) return undefined;
  const dns: DnsInfo = { id: Number(m[1]), kind: 'query', flags: m[2] ?? '', answers: [] };
  const tokens = (m[3] ?? '').split(' ');
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] ?? '';
    const rcode = RCODES.exec(t);
    if (rcode?.[1] !== undefined) dns.rcode = rcode[1];
    else if (/^\[[^\]]*\]$/.test(t) || t === 'q:') {
      // `[1au]`, `[b2&3=0x…]`: EDNS and flag markers carry nothing the labs need.
    } else if (/^\d+\/\d+\/\d+$/.test(t)) {
      const [a, b, c] = t.split('/').map(Number);
      dns.kind = 'answer';
      dns.counts = [a ?? 0, b ?? 0, c ?? 0];
      dns.answers = splitTopLevel(tokens.slice(i + 1).join(' ')).filter((s) => s !== '');
      break;
    } else if (/^[A-Z0-9]+\?$/.test(t)) {
      dns.qtype = t;
      if (tokens[i + 1] !== undefined) dns.name = tokens[++i];
    } else return undefined;
    i++;
  }
  if (dns.kind === 'query' && dns.flags.includes('*')) dns.kind = 'answer';
  if (dns.rcode !== undefined) dns.kind = 'answer';
  return m[4] === undefined ? { dns } : { dns, length: Number(m[4]) };
}
