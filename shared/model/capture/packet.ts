/**
 * A packet as the capture view holds it: one parsed tcpdump record plus where it was seen (the
 * capture's host and interface) and a comparable timestamp. Several captures (hosts × interfaces)
 * are merged on one timeline by `timeUs`.
 */
import type { Packet } from '../../parsers/tcpdump';

/** One packet seen by one capture. */
export interface CapturedPacket {
  /** Arrival order in the view, unique per view; ties in `timeUs` keep this order. */
  seq: number;
  /** The capturing host (node name or host id). */
  host: string;
  /** The interface the packet crossed: the SLL2 column under `-i any`, else the capture's `-i`. */
  iface: string;
  /** Microseconds: since the epoch for `-tttt`/`-tt` times, since midnight for `HH:MM:SS.us`. */
  timeUs: number;
  packet: Packet;
}

const CLOCK = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/;
const DATED = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$/;
const EPOCH = /^(\d+)(?:\.(\d{1,9}))?$/;

function fractionUs(frac: string | undefined): number {
  if (frac === undefined) return 0;
  return Number(frac.padEnd(6, '0').slice(0, 6));
}

/**
 * The packet's printed time in microseconds, or undefined when it has none (`-t`) or it is a
 * `-ttt` delta. `-tttt` dates are read as UTC: tcpdump prints the host's local time, and nodes
 * run in UTC; comparing two captures only needs both read the same way.
 * Sample: `03:31:36.492634` → 12696492634.
 */
export function packetTimeUs(p: Pick<Packet, 'time' | 'timeFormat'>): number | undefined {
  const t = p.time;
  if (t === undefined) return undefined;
  switch (p.timeFormat) {
    case 'default': {
      const m = CLOCK.exec(t);
      if (m === null) return undefined;
      const s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      return s * 1e6 + fractionUs(m[4]);
    }
    case 'tttt': {
      const m = DATED.exec(t);
      if (m === null) return undefined;
      const ms = Date.UTC(
        Number(m[1]),
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
        Number(m[6]),
      );
      return ms * 1000 + fractionUs(m[7]);
    }
    case 'tt': {
      const m = EPOCH.exec(t);
      if (m === null) return undefined;
      return Number(m[1]) * 1e6 + fractionUs(m[2]);
    }
    case 'ttt':
    case 'none':
      return undefined;
  }
}

/**
 * Wraps parsed packets of one capture for the view. Packets without a readable time take the
 * previous packet's (so order within the capture survives). `iface` is the capture's `-i`; the
 * packet's own interface column wins when tcpdump printed one (`-i any`).
 */
export function toCaptured(
  packets: readonly Packet[],
  host: string,
  iface: string,
  firstSeq: number,
): CapturedPacket[] {
  let last = 0;
  return packets.map((packet, i) => {
    const t = packetTimeUs(packet);
    if (t !== undefined) last = t;
    return { seq: firstSeq + i, host, iface: packet.interface ?? iface, timeUs: last, packet };
  });
}

/** Formats `timeUs` for the table: `HH:MM:SS.uuuuuu` (the day is dropped for epoch times). */
export function formatTimeUs(timeUs: number): string {
  const dayUs = 86_400 * 1e6;
  const inDay = ((timeUs % dayUs) + dayUs) % dayUs;
  const s = Math.floor(inDay / 1e6);
  const us = Math.round(inDay - s * 1e6);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(us, 6)}`;
}

/**
 * Endpoint text as the view shows it: `10.0.0.1:80`, `[fd00::1]:80`, the address alone without a
 * port. (tcpdump prints `10.0.0.1.80`, which reads as a fifth octet.)
 */
export function endpoint(addr: string | undefined, port: number | undefined): string {
  if (addr === undefined) return '';
  if (port === undefined) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
