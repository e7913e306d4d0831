/**
 * The packet journey: one packet seen at several points (hosts × interfaces) joined into one row,
 * its hops in time order, and where NAT rewrote it. A packet keeps what NAT does not touch: the
 * TCP sequence and acknowledgement numbers and flags, the ICMP echo sequence, the DNS id and
 * question. NAT changes one side at a time (DNAT the destination, SNAT the source, and the
 * ICMP id with it), so each further sighting must share a source or destination with the last.
 */
import type { Packet } from '../../parsers/tcpdump';
import { endpoint, type CapturedPacket } from './packet';

/** One sighting of the packet. */
export interface JourneyHop {
  host: string;
  iface: string;
  direction?: string;
  timeUs: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  /** ICMP echo id (SNAT of a ping rewrites it). */
  icmpId?: number;
  /** The view's packet `seq`, to select the row. */
  packetSeq: number;
}

/**
 * An address rewrite between hop `hop - 1` and hop `hop`. `DNAT`/`SNAT` change the destination
 * or source; `un-DNAT`/`un-SNAT` are the reverse rewrites conntrack applies to replies, recognised
 * when another journey in the same set did the forward rewrite.
 */
export interface NatChange {
  kind: 'DNAT' | 'SNAT' | 'un-DNAT' | 'un-SNAT';
  hop: number;
  before: string;
  after: string;
}

/** One packet's way through the captured points. */
export interface Journey {
  kind: 'tcp' | 'icmp' | 'dns';
  /** What the packet is: `TCP [S] seq 1923108487`, `ICMP echo request seq 1`, `DNS 13784 A? x.`. */
  label: string;
  hops: JourneyHop[];
  nat: NatChange[];
}

/** How far apart (µs) two sightings of one packet may be; larger gaps are a retransmission. */
export const JOURNEY_WINDOW_US = 200_000;

function signature(p: Packet): string | undefined {
  const t = p.tcp;
  if (t !== undefined) {
    if (t.seq !== undefined) return `t ${t.flags} ${t.seq} ${t.seqEnd ?? ''} ${t.ack ?? ''}`;
    if (t.ack !== undefined) return `t ${t.flags} a${t.ack} w${t.win ?? ''} l${p.length ?? ''}`;
    return undefined;
  }
  if (p.dns !== undefined) {
    const d = p.dns;
    return `d ${d.id} ${d.kind} ${d.qtype ?? ''} ${d.name ?? ''}`;
  }
  const i = p.icmp;
  if (i?.seq !== undefined) return `i ${i.type} ${i.seq} ${i.length ?? p.length ?? ''}`;
  return undefined;
}

function kindOf(p: Packet): Journey['kind'] {
  if (p.tcp !== undefined) return 'tcp';
  if (p.dns !== undefined) return 'dns';
  return 'icmp';
}

function labelOf(p: Packet): string {
  if (p.tcp !== undefined) {
    const t = p.tcp;
    const seq =
      t.seq === undefined ? '' : ` seq ${t.seq}${t.seqEnd === undefined ? '' : `:${t.seqEnd}`}`;
    const ack = t.ack === undefined ? '' : ` ack ${t.ack}`;
    return `TCP [${t.flags}]${seq}${ack}`;
  }
  if (p.dns !== undefined) {
    const d = p.dns;
    return `DNS ${d.id} ${d.kind === 'query' ? `${d.qtype ?? ''} ${d.name ?? ''}`.trim() : 'answer'}`;
  }
  return `ICMP ${p.icmp?.type ?? ''} seq ${p.icmp?.seq ?? ''}`;
}

function hopOf(c: CapturedPacket): JourneyHop {
  const p = c.packet;
  const hop: JourneyHop = { host: c.host, iface: c.iface, timeUs: c.timeUs, packetSeq: c.seq };
  if (p.direction !== undefined) hop.direction = p.direction;
  if (p.src !== undefined) hop.src = p.src;
  if (p.dst !== undefined) hop.dst = p.dst;
  if (p.sport !== undefined) hop.sport = p.sport;
  if (p.dport !== undefined) hop.dport = p.dport;
  if (p.icmp?.id !== undefined) hop.icmpId = p.icmp.id;
  return hop;
}

const srcOf = (h: JourneyHop) => endpoint(h.src, h.sport);
const idOf = (h: JourneyHop) => (h.icmpId === undefined ? '' : ` id ${h.icmpId}`);
const dstOf = (h: JourneyHop) => endpoint(h.dst, h.dport);
const pointOf = (h: JourneyHop) => `${h.host}\u0000${h.iface}\u0000${h.direction ?? ''}`;

interface Open {
  journey: Journey;
  points: Map<string, number>;
  strong: boolean;
}

/** A SYN's initial sequence number is random over 32 bits: enough alone to tie sightings. */
function isStrong(p: Packet): boolean {
  return p.tcp?.seq !== undefined && p.tcp.flags.includes('S');
}

function compatible(a: JourneyHop, b: JourneyHop): boolean {
  return (
    (a.src === b.src && a.sport === b.sport) ||
    (a.dst === b.dst && a.dport === b.dport) ||
    (a.icmpId !== undefined && a.icmpId === b.icmpId)
  );
}

/**
 * Joins the sightings of each packet across captures. Input in any order; each journey's hops
 * come out in time order (ties: the view's arrival order), journeys by their first hop. The same
 * point seen twice at the same time (overlapping captures, e.g. `any` and `ens5`) counts once.
 * Only packets seen at `minHops` or more points are returned.
 */
export function joinJourneys(
  packets: readonly CapturedPacket[],
  options: { windowUs?: number; minHops?: number } = {},
): Journey[] {
  const windowUs = options.windowUs ?? JOURNEY_WINDOW_US;
  const minHops = options.minHops ?? 2;
  const sorted = [...packets].sort((a, b) => a.timeUs - b.timeUs || a.seq - b.seq);
  const open = new Map<string, Open[]>();
  const all: Open[] = [];
  for (const c of sorted) {
    const sig = signature(c.packet);
    if (sig === undefined) continue;
    const hop = hopOf(c);
    const point = pointOf(hop);
    let list = open.get(sig);
    if (list === undefined) {
      list = [];
      open.set(sig, list);
    }
    const live = list.filter((o) => {
      const last = o.journey.hops[o.journey.hops.length - 1];
      return last !== undefined && c.timeUs - last.timeUs <= windowUs;
    });
    let joined = false;
    for (let k = live.length - 1; k >= 0 && !joined; k--) {
      const o = live[k] as Open;
      const seenAt = o.points.get(point);
      if (seenAt !== undefined) {
        // The same point at the same instant is a duplicate sighting from overlapping captures.
        if (seenAt === c.timeUs && compatible(o.journey.hops[0] as JourneyHop, hop)) joined = true;
        continue;
      }
      const last = o.journey.hops[o.journey.hops.length - 1] as JourneyHop;
      if (o.strong || o.journey.hops.some((h) => compatible(h, hop)) || compatible(last, hop)) {
        o.journey.hops.push(hop);
        o.points.set(point, c.timeUs);
        joined = true;
      }
    }
    if (!joined) {
      const o: Open = {
        journey: { kind: kindOf(c.packet), label: labelOf(c.packet), hops: [hop], nat: [] },
        points: new Map([[point, c.timeUs]]),
        strong: isStrong(c.packet),
      };
      live.push(o);
      all.push(o);
    }
    open.set(sig, live);
  }
  // `all` is in order of each journey's first sighting, which markNat relies on.
  const journeys = all.map((o) => o.journey).filter((j) => j.hops.length >= minHops);
  markNat(journeys);
  return journeys;
}

function markNat(journeys: Journey[]): void {
  // Forward rewrites seen so far (`before after`). Journeys come in time order, so a reply's
  // rewrite meets the forward one it undoes first: the endpoint's address turning back into the
  // VIP on a reply is the DNAT undone, not a SNAT.
  const dnat = new Set<string>();
  const snat = new Set<string>();
  for (const j of journeys) {
    for (let i = 1; i < j.hops.length; i++) {
      const a = j.hops[i - 1] as JourneyHop;
      const b = j.hops[i] as JourneyHop;
      // NAT of a ping rewrites the echo id with the address it changes.
      const idChanged = idOf(a) !== idOf(b);
      if (dstOf(a) !== dstOf(b)) {
        const withId = idChanged && srcOf(a) === srcOf(b);
        const undo = snat.has(`${dstOf(b)} ${dstOf(a)}`);
        if (!undo) dnat.add(`${dstOf(a)} ${dstOf(b)}`);
        j.nat.push({
          kind: undo ? 'un-SNAT' : 'DNAT',
          hop: i,
          before: dstOf(a) + (withId ? idOf(a) : ''),
          after: dstOf(b) + (withId ? idOf(b) : ''),
        });
      }
      if (srcOf(a) !== srcOf(b) || (idChanged && dstOf(a) === dstOf(b))) {
        const undo = dnat.has(`${srcOf(b)} ${srcOf(a)}`);
        if (!undo) snat.add(`${srcOf(a)} ${srcOf(b)}`);
        j.nat.push({
          kind: undo ? 'un-DNAT' : 'SNAT',
          hop: i,
          before: srcOf(a) + idOf(a),
          after: srcOf(b) + idOf(b),
        });
      }
    }
  }
}

/** The journey a packet belongs to, by the view's packet `seq`. */
export function journeyOf(journeys: readonly Journey[], packetSeq: number): Journey | undefined {
  return journeys.find((j) => j.hops.some((h) => h.packetSeq === packetSeq));
}
