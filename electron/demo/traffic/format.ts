/**
 * Demo packets as `tcpdump -nn` prints them: `-tttt` or the default time, the LINUX_SLL2
 * interface and direction columns of `-i any` (`%-5s %-3s`), and TCP sequence numbers relative
 * to the connection's first ones once this tcpdump saw its SYN, absolute before (as tcpdump does).
 */
import type { WirePacket } from './packets';

export interface Sighting {
  /** Epoch milliseconds, with microseconds as the fraction. */
  at: number;
  hostId: string;
  iface: string;
  direction: 'In' | 'Out';
  packet: WirePacket;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-11-23 10:00:00.000001` (`-tttt`) or `10:00:00.000001`, in UTC like the demo hosts. */
export function stamp(at: number, isDated: boolean): string {
  const d = new Date(Math.floor(at));
  const micros = Math.floor((at - Math.floor(at / 1000) * 1000) * 1000);
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(micros, 6)}`;
  return isDated
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${clock}`
    : clock;
}

const endpoint = (ip: string, port: number | undefined) =>
  port === undefined ? ip : `${ip}.${port}`;

export class TcpdumpPrinter {
  /** Initial sequence number per direction (`src.sport>dst.dport`), from the SYNs seen. */
  private readonly isn = new Map<string, number>();

  constructor(private readonly options: { isAny: boolean; isDated: boolean }) {}

  line(s: Sighting): string {
    const head = this.options.isAny
      ? `${stamp(s.at, this.options.isDated)} ${s.iface.padEnd(5)} ${s.direction.padEnd(3)} `
      : `${stamp(s.at, this.options.isDated)} `;
    const p = s.packet;
    const addresses = `IP ${endpoint(p.src, p.sport)} > ${endpoint(p.dst, p.dport)}: `;
    if (p.icmp)
      return `${head}${addresses}ICMP ${p.icmp.type}, id ${p.icmp.id}, seq ${p.icmp.seq}, length ${p.icmp.length}`;
    if (p.tcp) return `${head}${addresses}${this.tcp(p)}`;
    if (p.dns !== undefined) return `${head}${addresses}${p.dns}`;
    return `${head}${addresses}UDP, length ${p.udpLength ?? 0}`;
  }

  private tcp(p: WirePacket): string {
    const t = p.tcp;
    if (!t) return '';
    const out = `${p.src}.${p.sport ?? 0}>${p.dst}.${p.dport ?? 0}`;
    const back = `${p.dst}.${p.dport ?? 0}>${p.src}.${p.sport ?? 0}`;
    const isSyn = t.flags.includes('S');
    if (isSyn && t.seq !== undefined) this.isn.set(out, t.seq);
    const mine = isSyn ? undefined : this.isn.get(out);
    const theirs = isSyn ? undefined : this.isn.get(back);
    const rel = (n: number, base: number | undefined) =>
      base === undefined ? n : (n - base) >>> 0;
    const parts = [`Flags [${t.flags}]`];
    if (t.seq !== undefined) {
      const seq = rel(t.seq, mine);
      parts.push(t.seqEnd === undefined ? `seq ${seq}` : `seq ${seq}:${rel(t.seqEnd, mine)}`);
    }
    if (t.ack !== undefined) parts.push(`ack ${rel(t.ack, theirs)}`);
    parts.push(`win ${t.win}`);
    if (t.options !== undefined) parts.push(`options [${t.options}]`);
    parts.push(`length ${t.length}${t.payload === undefined ? '' : `: ${t.payload}`}`);
    return parts.join(', ');
  }
}
