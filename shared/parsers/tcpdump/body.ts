import { readArp, readDns, readIcmp, readLength, readTcp, splitTopLevel } from './payload';
import type { Family, Packet } from './types';

/** What a packet line looks like after its timestamp and interface columns. */
export type Body = Omit<Packet, 'line' | 'raw' | 'timeFormat'>;

/** Problems found while reading a body; the caller turns the first into the line's warning. */
export type Problems = string[];

const MAC = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i;

/** `10.0.0.1.443` → address and port; `10.0.0.1` → address; IPv6 `fe80::1.53` likewise. */
export function splitEndpoint(text: string): { addr: string; port?: number } {
  const dot = text.lastIndexOf('.');
  const tail = text.slice(dot + 1);
  const head = text.slice(0, dot);
  const isV4WithPort = /^\d+\.\d+\.\d+\.\d+$/.test(head);
  const isV6WithPort = head.includes(':') && !tail.includes(':');
  if (dot > 0 && /^\d{1,5}$/.test(tail) && (isV4WithPort || isV6WithPort))
    return { addr: head, port: Number(tail) };
  return { addr: text };
}

function familyOfEthertype(ethertype: string): Family {
  if (ethertype.startsWith('IPv4')) return 'ip';
  if (ethertype.startsWith('IPv6')) return 'ip6';
  if (ethertype.startsWith('ARP')) return 'arp';
  return 'other';
}

/**
 * Reads everything after the time/interface columns: `IP a.1 > b.2: Flags […]`, `ARP, Request …`,
 * an `-e` header (`MAC > MAC, ethertype IPv4 (0x0800), length 148: a > b: …`), MPLS label
 * prefixes, and an IPIP inner packet on the same line (read recursively, `depth` bounds it).
 */
export function readBody(text: string, problems: Problems, depth = 0): Body {
  let rest = text.trim();
  const body: Body = { family: 'other', protocol: 'other' };
  const eth = /^(\S+) > (\S+), ethertype (.+?), length (\d+): ?/.exec(rest);
  if (eth?.[1] !== undefined && MAC.test(eth[1]) && eth[2] !== undefined && eth[3] !== undefined) {
    body.ethernet = { src: eth[1], dst: eth[2], ethertype: eth[3], length: Number(eth[4]) };
    rest = rest.slice(eth[0].length);
    body.family = familyOfEthertype(eth[3]);
    if (body.family === 'arp') return readArpBody(rest, body);
    if (body.family !== 'other') return readIpBody(rest, body, problems, depth);
    problems.push(`ethertype ${eth[3]} not read`);
    return body;
  }
  const labels: number[] = [];
  let mpls: RegExpExecArray | null;
  while ((mpls = /^MPLS \(label (\d+)[^)]*\) ?/.exec(rest)) !== null) {
    labels.push(Number(mpls[1]));
    rest = rest.slice(mpls[0].length);
  }
  if (labels.length > 0) body.encapsulation = { kind: 'mpls', labels };
  const kw = /^(IP6?|ARP,) ?/.exec(rest);
  if (kw === null) {
    problems.push('expected IP, IP6 or ARP after the time');
    return body;
  }
  rest = rest.slice(kw[0].length);
  if (kw[1] === 'ARP,') {
    body.family = 'arp';
    return readArpBody(rest, body);
  }
  body.family = kw[1] === 'IP6' ? 'ip6' : 'ip';
  return readIpBody(rest, body, problems, depth);
}

function readArpBody(text: string, body: Body): Body {
  const { arp, length } = readArp(text);
  body.family = 'arp';
  body.protocol = 'arp';
  body.arp = arp;
  if (length !== undefined) body.length = length;
  if (arp.op === 'who-has') {
    if (arp.tell !== undefined) body.src = arp.tell;
    if (arp.target !== undefined) body.dst = arp.target;
  } else if (arp.target !== undefined) body.src = arp.target;
  return body;
}

function readIpBody(text: string, body: Body, problems: Problems, depth: number): Body {
  // `-v` puts `(tos 0x0, ttl 64, …)` first; the addresses may then be on the next line.
  let rest = text.replace(/^\((?:[^()]|\([^()]*\))*\),? ?/, '');
  const m = /^(\S+) > (\S+?):(?: |$)/.exec(rest);
  if (m?.[1] === undefined || m[2] === undefined) {
    if (rest.trim() !== '') problems.push('expected "SRC > DST:" after the IP keyword');
    return body;
  }
  const src = splitEndpoint(m[1]);
  const dst = splitEndpoint(m[2]);
  body.src = src.addr;
  body.dst = dst.addr;
  if (src.port !== undefined) body.sport = src.port;
  if (dst.port !== undefined) body.dport = dst.port;
  rest = rest.slice(m[0].length);
  readPayload(rest, body, problems, depth);
  return body;
}

function readPayload(text: string, body: Body, problems: Problems, depth: number): void {
  const tcp = readTcp(text);
  if (tcp !== undefined) {
    body.protocol = 'tcp';
    body.tcp = tcp.tcp;
    if (tcp.tcp.length !== undefined) body.length = tcp.tcp.length;
    if (tcp.payload !== undefined) body.payload = tcp.payload;
    return;
  }
  const icmp = /^ICMP(6)?,? /.exec(text);
  if (icmp !== null) {
    body.protocol = icmp[1] === undefined ? 'icmp' : 'icmp6';
    body.icmp = readIcmp(text.slice(icmp[0].length));
    if (body.icmp.length !== undefined) body.length = body.icmp.length;
    return;
  }
  const vxlan = /^VXLAN(?:-GPE)?, (.*)$/s.exec(text);
  if (vxlan !== null) {
    body.protocol = 'vxlan';
    const vni = /\bvni (\d+)/.exec(vxlan[1] ?? '');
    body.encapsulation = {
      kind: 'vxlan',
      ...(vni?.[1] === undefined ? {} : { vni: Number(vni[1]) }),
    };
    // Newer tcpdump prints the inner frame on the same line after the VXLAN header.
    const inner = /vni \d+\s+(\S.*)$/s.exec(vxlan[1] ?? '')?.[1];
    if (inner !== undefined && depth < 4)
      body.encapsulation.inner = innerPacket(inner, problems, depth);
    return;
  }
  if (/^(?:IP6? |ARP, )/.test(text) && depth < 4) {
    body.protocol = 'other';
    body.encapsulation = { kind: 'ipip', inner: innerPacket(text, problems, depth) };
    return;
  }
  const udp = /^UDP, (.*)$/s.exec(text);
  if (udp !== null) {
    body.protocol = 'udp';
    const len = splitTopLevel(udp[1] ?? '')
      .map(readLength)
      .find((l) => l !== undefined);
    body.udp = len?.length === undefined ? {} : { length: len.length };
    if (len?.length !== undefined) body.length = len.length;
    return;
  }
  if ((body.sport === 53 || body.dport === 53) && body.family !== 'arp') {
    const dns = readDns(text);
    if (dns !== undefined) {
      body.protocol = 'udp';
      body.dns = dns.dns;
      body.udp = dns.length === undefined ? {} : { length: dns.length };
      if (dns.length !== undefined) body.length = dns.length;
      return;
    }
  }
  const len = /(?:^|, )length (\d{1,15})/.exec(text);
  if (len?.[1] !== undefined) body.length = Number(len[1]);
}

/** Reads an inner packet printed on the outer packet's line (or the next, for VXLAN). */
export function innerPacket(text: string, problems: Problems, depth: number): Packet {
  const inner = readBody(text, problems, depth + 1);
  return { line: 0, raw: text, timeFormat: 'none', ...inner };
}
