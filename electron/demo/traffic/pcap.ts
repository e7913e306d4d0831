/**
 * Demo packets as a pcap file (`tcpdump -w -`), so a kept capture of the demo opens in Wireshark
 * and `tcpdump -r` reads back what the text output showed: a classic pcap header (LINUX_SLL2 for
 * `-i any`, Ethernet otherwise), then per packet an SLL2 or Ethernet header, IPv4 (checksummed)
 * and TCP (with the options the text shows) or ICMP, and a payload of the printed length.
 */
import type { Sighting } from './format';

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL2 = 276;

/** The 24-byte pcap file header. */
export function pcapHeader(isAny: boolean): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(262144, 16);
  b.writeUInt32LE(isAny ? LINKTYPE_LINUX_SLL2 : LINKTYPE_ETHERNET, 20);
  return b;
}

function ipBytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

function checksum(bytes: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2 === 1) sum += (bytes[bytes.length - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** `mss 8961,sackOK,TS val 1 ecr 0,nop,wscale 7` → the option bytes (padded to 32 bits). */
function tcpOptions(text: string | undefined): number[] {
  const out: number[] = [];
  for (const opt of (text ?? '').split(',')) {
    const ts = /^TS val (\d+) ecr (\d+)$/.exec(opt);
    const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    if (opt === 'nop') out.push(1);
    else if (opt === 'sackOK') out.push(4, 2);
    else if (opt.startsWith('mss '))
      out.push(2, 4, (Number(opt.slice(4)) >> 8) & 255, Number(opt.slice(4)) & 255);
    else if (opt.startsWith('wscale ')) out.push(3, 3, Number(opt.slice(7)));
    else if (ts) out.push(8, 10, ...u32(Number(ts[1])), ...u32(Number(ts[2])));
  }
  while (out.length % 4 !== 0) out.push(1);
  return out;
}

const FLAG_BITS: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, '.': 16 };

/** The payload tcpdump summarised: `HTTP: GET / HTTP/1.1` → that request line, padded. */
function payload(length: number, summary: string | undefined): Buffer {
  const b = Buffer.alloc(length, 0x20);
  const text = summary?.replace(/^HTTP: /, '');
  if (text) b.write(`${text}\r\n`.slice(0, length), 'latin1');
  return b;
}

function l4(s: Sighting): { proto: number; bytes: Buffer } {
  const p = s.packet;
  if (p.icmp) {
    const b = Buffer.alloc(p.icmp.length);
    b[0] = p.icmp.type === 'echo request' ? 8 : 0;
    b.writeUInt16BE(p.icmp.id, 4);
    b.writeUInt16BE(p.icmp.seq, 6);
    b.writeUInt16BE(checksum(b), 2);
    return { proto: 1, bytes: b };
  }
  if (p.proto === 'udp') {
    // A DNS message as sent; other UDP as zeros of the printed length.
    const body = p.dnsWire ? Buffer.from(p.dnsWire) : Buffer.alloc(p.udpLength ?? 0);
    const b = Buffer.alloc(8);
    b.writeUInt16BE(p.sport ?? 0, 0);
    b.writeUInt16BE(p.dport ?? 0, 2);
    b.writeUInt16BE(8 + body.length, 4);
    // Checksum 0: "no checksum" for UDP over IPv4, which tcpdump accepts.
    return { proto: 17, bytes: Buffer.concat([b, body]) };
  }
  const t = p.tcp;
  const options = Buffer.from(tcpOptions(t?.options));
  const h = Buffer.alloc(20);
  h.writeUInt16BE(p.sport ?? 0, 0);
  h.writeUInt16BE(p.dport ?? 0, 2);
  h.writeUInt32BE((t?.seq ?? 0) >>> 0, 4);
  h.writeUInt32BE((t?.ack ?? 0) >>> 0, 8);
  h[12] = ((20 + options.length) / 4) << 4;
  h[13] = [...(t?.flags ?? '')].reduce((bits, c) => bits | (FLAG_BITS[c] ?? 0), 0);
  h.writeUInt16BE(t?.win ?? 0, 14);
  return { proto: 6, bytes: Buffer.concat([h, options, payload(t?.length ?? 0, t?.payload)]) };
}

/** One pcap record: the packet as captured at this sighting. */
export function pcapRecord(
  s: Sighting,
  link: { isAny: boolean; ifindex: number; mac: string },
  ipId: number,
): Buffer {
  const { proto, bytes } = l4(s);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + bytes.length, 2);
  ip.writeUInt16BE(ipId & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = 64;
  ip[9] = proto;
  Buffer.from(ipBytes(s.packet.src)).copy(ip, 12);
  Buffer.from(ipBytes(s.packet.dst)).copy(ip, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const mac = Buffer.from(link.mac.split(':').map((h) => parseInt(h, 16)));
  let head: Buffer;
  if (link.isAny) {
    head = Buffer.alloc(20);
    head.writeUInt16BE(0x0800, 0);
    head.writeUInt32BE(link.ifindex, 4);
    head.writeUInt16BE(1, 8);
    head[10] = s.direction === 'Out' ? 4 : 0;
    head[11] = 6;
    mac.copy(head, 12);
  } else {
    head = Buffer.alloc(14);
    // Outgoing frames carry this interface's MAC as source; incoming ones as destination.
    mac.copy(head, s.direction === 'Out' ? 6 : 0);
    head.writeUInt16BE(0x0800, 12);
  }
  const frame = Buffer.concat([head, ip, bytes]);
  const rec = Buffer.alloc(16);
  rec.writeUInt32LE(Math.floor(s.at / 1000), 0);
  rec.writeUInt32LE(Math.floor((s.at % 1000) * 1000), 4);
  rec.writeUInt32LE(frame.length, 8);
  rec.writeUInt32LE(frame.length, 12);
  return Buffer.concat([rec, frame]);
}
