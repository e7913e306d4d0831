/**
 * What the packet table shows per packet, and the JSON a view exports (the same field names as
 * `kubelab capture --json`).
 */
import { flowKey } from '../../../../shared/model/capture/flow';
import { formatTimeUs, type CapturedPacket } from '../../../../shared/model/capture/packet';
import type { Packet } from '../../../../shared/parsers/tcpdump';

/** The table's cells for one packet. */
export interface PacketCells {
  time: string;
  host: string;
  iface: string;
  dir: string;
  src: string;
  dst: string;
  proto: string;
  flags: string;
  length: string;
  info: string;
}

function protoName(p: Packet): string {
  if (p.dns !== undefined) return 'DNS';
  if (p.encapsulation !== undefined) return p.encapsulation.kind.toUpperCase();
  return p.protocol === 'other' ? p.family.toUpperCase() : p.protocol.toUpperCase();
}

/** A short description: TCP numbers, the ICMP message, the DNS question or answer, ARP. */
export function infoOf(p: Packet): string {
  if (p.dns !== undefined) {
    const d = p.dns;
    if (d.kind === 'query') return `${d.id} ${d.qtype ?? ''} ${d.name ?? ''}`.trim();
    return `${d.id} ${d.rcode ?? ''} ${d.answers.join(', ')}`.replace(/\s+/g, ' ').trim();
  }
  if (p.tcp !== undefined) {
    const t = p.tcp;
    const parts: string[] = [];
    if (t.seq !== undefined)
      parts.push(`seq ${t.seq}${t.seqEnd === undefined ? '' : `:${t.seqEnd}`}`);
    if (t.ack !== undefined) parts.push(`ack ${t.ack}`);
    if (t.win !== undefined) parts.push(`win ${t.win}`);
    if (p.payload !== undefined) parts.push(p.payload);
    return parts.join(', ');
  }
  if (p.icmp !== undefined) return p.icmp.text;
  if (p.arp !== undefined) {
    const a = p.arp;
    if (a.op === 'who-has') return `who-has ${a.target ?? ''} tell ${a.tell ?? ''}`;
    return `${a.target ?? ''} is-at ${a.mac ?? ''}`;
  }
  if (p.encapsulation?.vni !== undefined) return `vni ${p.encapsulation.vni}`;
  return p.payload ?? '';
}

const withPort = (addr: string | undefined, port: number | undefined) =>
  addr === undefined ? '' : port === undefined ? addr : `${addr}:${port}`;

/** The row's text cells. */
export function cellsOf(c: CapturedPacket): PacketCells {
  const p = c.packet;
  return {
    time: formatTimeUs(c.timeUs),
    host: c.host,
    iface: c.iface,
    dir: p.direction ?? '',
    src: withPort(p.src, p.sport),
    dst: withPort(p.dst, p.dport),
    proto: protoName(p),
    flags: p.tcp?.flags ?? '',
    length: p.length === undefined ? '' : String(p.length),
    info: infoOf(p),
  };
}

/** One exported packet, shaped like a line of `kubelab capture --json`. */
export interface ExportedPacket {
  host: string;
  iface: string;
  direction: string | null;
  time: string | null;
  timeUs: number;
  proto: string;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
  flags: string | null;
  length: number | null;
  flow: string | null;
  raw: string;
  packet: Packet;
}

/** The view's packets as a JSON document (pretty enough to read, one packet per entry). */
export function exportJson(packets: readonly CapturedPacket[]): string {
  const out: ExportedPacket[] = packets.map((c) => {
    const p = c.packet;
    return {
      host: c.host,
      iface: c.iface,
      direction: p.direction ?? null,
      time: p.time ?? null,
      timeUs: c.timeUs,
      proto: p.protocol,
      src: p.src ?? null,
      dst: p.dst ?? null,
      sport: p.sport ?? null,
      dport: p.dport ?? null,
      flags: p.tcp?.flags ?? null,
      length: p.length ?? null,
      flow: flowKey(p) ?? null,
      raw: p.raw,
      packet: p,
    };
  });
  return `${JSON.stringify({ kind: 'kubelab-capture', packets: out }, null, 1)}\n`;
}
