import { clip } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import { innerPacket, readBody, type Problems } from './body';
import { fastPacket } from './fast';
import type { Direction, Packet, TimeFormat } from './types';

const BANNERS = [
  /^tcpdump: /,
  /^listening on /,
  /^reading from file /,
  /^\d+ packets? (captured|received by filter|dropped by (kernel|interface))/,
  /^dropped privs /,
  /^\^C$/,
];
const HARNESS = /^\s*(\d+)\s{2}(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) (.*)$/s;
const DATED = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) (.*)$/s;
const CLOCK = /^(\d\d:\d\d:\d\d\.\d+) (.*)$/s;
const EPOCH = /^(\d{9,}\.\d+) (.*)$/s;
const SLL2 = /^(\S+)\s+(In|Out|P|M|B)\s+(.*)$/s;
const MAC_START = /^[0-9a-f]{2}(?::[0-9a-f]{2}){5} > /i;
const BODY_START = /^(?:IP6? |ARP, |MPLS \()/;

interface Head {
  number?: number;
  time?: string;
  timeFormat: TimeFormat;
  rest: string;
}

function readHead(raw: string): Head | undefined {
  const h = HARNESS.exec(raw);
  if (h !== null) return { number: Number(h[1]), time: h[2], timeFormat: 'tttt', rest: h[3] ?? '' };
  if (/^\s/.test(raw)) return undefined;
  for (const [re, timeFormat] of [
    [DATED, 'tttt'],
    [CLOCK, 'default'],
    [EPOCH, 'tt'],
  ] as const) {
    const m = re.exec(raw);
    if (m !== null) return { time: m[1], timeFormat, rest: m[2] ?? '' };
  }
  if (BODY_START.test(raw) || MAC_START.test(raw) || SLL2.test(raw))
    return { timeFormat: 'none', rest: raw };
  return undefined;
}

function packetFrom(lineNo: number, raw: string, head: Head, problems: Problems): Packet {
  let rest = head.rest;
  let iface: { interface: string; direction: Direction } | undefined;
  const sll = SLL2.exec(rest);
  if (sll !== null && !BODY_START.test(rest) && !MAC_START.test(rest)) {
    iface = { interface: sll[1] ?? '', direction: sll[2] as Direction };
    rest = sll[3] ?? '';
  }
  const p: Packet = {
    line: lineNo,
    raw: clip(raw, 4096),
    timeFormat: head.timeFormat,
    family: 'other',
    protocol: 'other',
  };
  if (head.number !== undefined) p.number = head.number;
  if (head.time !== undefined) p.time = head.time;
  if (iface !== undefined) Object.assign(p, iface);
  Object.assign(p, readBody(rest, problems));
  if (p.encapsulation?.inner !== undefined) p.encapsulation.inner.line = lineNo;
  return p;
}

/**
 * Parses `tcpdump -nn` text (any link type; `-i any` LINUX_SLL2, `-e`, `-tttt`, `-t`, `-v`).
 *
 * Sample line: `09:24:48.870719 eth0  In  IP 10.244.195.194 > 10.244.110.129: ICMP echo request, id 236, seq 0, length 64`
 * → `{ time: '09:24:48.870719', interface: 'eth0', direction: 'In', family: 'ip', src: '10.244.195.194',
 * dst: '10.244.110.129', protocol: 'icmp', icmp: { type: 'echo request', id: 236, seq: 0, length: 64 } }`.
 * Output: one {@link Packet} per packet line. Banner lines (`listening on …`, `N packets captured`)
 * are skipped; indented continuation lines (`-v` decode, hex dumps) join the previous packet's `raw`,
 * and a VXLAN inner frame printed on the next line becomes `encapsulation.inner`. A line read only
 * in part keeps what was read plus one warning; a line that is no packet at all is a warning.
 */
export function parseTcpdump(text: string): Parsed<Packet[]> {
  return parseTcpdumpLines(splitLines(text));
}

/**
 * {@link parseTcpdump} over text already split into lines (line `i` of the array is line `i + 1`),
 * as a live capture has it. Common TCP/UDP lines take the fast path (fast.ts), which answers only
 * where it agrees with the general reading; `useFastPath: false` is that general reading alone,
 * the reference the fast path is tested against.
 */
export function parseTcpdumpLines(
  lines: readonly string[],
  { useFastPath = true }: { useFastPath?: boolean } = {},
): Parsed<Packet[]> {
  const warnings = new WarningList();
  const packets: Packet[] = [];
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const fast = useFastPath ? fastPacket(raw, lineNo) : undefined;
    if (fast !== undefined) {
      packets.push(fast);
      return;
    }
    if (raw.trim() === '' || BANNERS.some((re) => re.test(raw))) return;
    const last = packets[packets.length - 1];
    const vxlan = last?.encapsulation;
    if (vxlan?.kind === 'vxlan' && vxlan.inner === undefined && MAC_START.test(raw)) {
      const problems: Problems = [];
      vxlan.inner = { ...innerPacket(raw, problems, 0), line: lineNo };
      if (last !== undefined) last.raw = clip(`${last.raw}\n${raw}`, 4096);
      if (problems[0] !== undefined) warnings.add(lineNo, problems[0], clip(raw));
      return;
    }
    const head = readHead(raw);
    if (head === undefined) {
      if (/^\s/.test(raw) && last !== undefined) {
        last.raw = clip(`${last.raw}\n${raw}`, 4096);
        // `-v` prints the IP header alone, then the addresses indented on the next line.
        if (last.src === undefined && last.family !== 'arp' && /^\s+\S+ > \S+:/.test(raw)) {
          const problems: Problems = [];
          const body = readBody(`${last.family === 'ip6' ? 'IP6' : 'IP'} ${raw.trim()}`, problems);
          Object.assign(last, body, { family: last.family });
        }
        return;
      }
      warnings.add(lineNo, 'not a tcpdump packet line', clip(raw));
      return;
    }
    const problems: Problems = [];
    packets.push(packetFrom(lineNo, raw, head, problems));
    if (problems[0] !== undefined) warnings.add(lineNo, problems[0], clip(raw));
  });
  markDeltaTimes(packets);
  return { value: packets, warnings: warnings.items };
}

/** `-ttt` prints the delta from the previous packet, so the first one reads `00:00:00.000000`. */
function markDeltaTimes(packets: Packet[]): void {
  const first = packets[0];
  if (first?.timeFormat !== 'default' || !/^00:00:00\.0+$/.test(first.time ?? '')) return;
  for (const p of packets) if (p.timeFormat === 'default') p.timeFormat = 'ttt';
}

/**
 * True when two packets are the same TCP segment seen at two points (`tcpdump -i any -nn`:
 * `eniX In`, then `ens5 Out` after SNAT): same flags, seq, ack and ports. Addresses are ignored
 * because NAT rewrites them. Sample: `… eni1 In IP 192.168.4.248.40000 > 10.0.0.1.80: Flags [S], seq 7, …`
 * and `… ens5 Out IP 192.168.4.12.40000 > 10.0.0.1.80: Flags [S], seq 7, …` are the same segment.
 */
export function sameSegment(a: Packet, b: Packet): boolean {
  if (a.tcp === undefined || b.tcp === undefined || a.tcp.seq === undefined) return false;
  return (
    a.tcp.flags === b.tcp.flags &&
    a.tcp.seq === b.tcp.seq &&
    a.tcp.seqEnd === b.tcp.seqEnd &&
    a.tcp.ack === b.tcp.ack &&
    a.sport === b.sport &&
    a.dport === b.dport
  );
}
