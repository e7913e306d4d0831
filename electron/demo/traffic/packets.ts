/**
 * The packets of the exchanges the demo simulates — an HTTP GET over TCP (handshake, request,
 * response, close), a refused or unanswered connection, an ICMP echo — and how each looks at a
 * hop of its path (the addresses of that hop's NAT view).
 */
import type { Path, View } from './path';

/** One packet as tcpdump decodes it. */
export interface WirePacket {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  sport?: number;
  dport?: number;
  tcp?: {
    flags: string;
    /** Absolute sequence numbers; tcpdump prints them relative once it saw the SYN. */
    seq?: number;
    seqEnd?: number;
    ack?: number;
    win: number;
    options?: string;
    length: number;
    payload?: string;
  };
  icmp?: { type: 'echo request' | 'echo reply'; id: number; seq: number; length: number };
  udpLength?: number;
  /** A DNS message as tcpdump summarises it: `4711+ A? nginx.default.svc.cluster.local. (49)`. */
  dns?: string;
  /** The same message in wire format, for pcap files. */
  dnsWire?: readonly number[];
}

/** A DNS message: tcpdump's summary of it, and its bytes. */
export interface DnsPayload {
  text: string;
  wire?: readonly number[];
}

/** A packet of an exchange: which way it goes, what it is, and when after the previous one. */
export interface Step {
  way: 'forward' | 'reply';
  gapUs: number;
  make(ends: Ends): WirePacket;
}

/** The two ends of a connection as one hop sees them. */
export interface Ends {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  icmpId?: number;
}

export interface Conversation {
  proto: 'tcp' | 'udp' | 'icmp';
  /** The client's source port (or ICMP id), and the destination port as dialled. */
  sport?: number;
  dport?: number;
  icmpId?: number;
  steps: Step[];
}

const SYN_OPTIONS = (ts: number) => `mss 8961,sackOK,TS val ${ts} ecr 0,nop,wscale 7`;
const u32 = (n: number) => n >>> 0;

/** `GET / HTTP/1.1` to `host` and nginx's answer of `bodyBytes`. */
export function httpExchange(
  rand: () => number,
  sport: number,
  dport: number,
  answer: 'ok' | 'refused' | 'silent',
  bodyBytes = 615,
): Conversation {
  const c = u32(Math.floor(rand() * 2 ** 32));
  const s = u32(Math.floor(rand() * 2 ** 32));
  const tsC = Math.floor(rand() * 2 ** 31);
  const tsS = Math.floor(rand() * 2 ** 31);
  const opt = (a: number, b: number) => `nop,nop,TS val ${a} ecr ${b}`;
  const tcp = (way: Step['way'], gapUs: number, t: NonNullable<WirePacket['tcp']>): Step => ({
    way,
    gapUs,
    make: (e) => ({ src: e.src, dst: e.dst, proto: 'tcp', sport: e.sport, dport: e.dport, tcp: t }),
  });
  const steps: Step[] = [
    tcp('forward', 0, { flags: 'S', seq: c, win: 62727, options: SYN_OPTIONS(tsC), length: 0 }),
  ];
  if (answer === 'refused')
    steps.push(tcp('reply', 40, { flags: 'R.', seq: 0, ack: u32(c + 1), win: 0, length: 0 }));
  if (answer !== 'ok') return { proto: 'tcp', sport, dport, steps };
  const req = 77;
  const res = 238 + bodyBytes;
  steps.push(
    tcp('reply', 45, {
      flags: 'S.',
      seq: s,
      ack: u32(c + 1),
      win: 62643,
      options: `mss 8961,sackOK,TS val ${tsS} ecr ${tsC},nop,wscale 7`,
      length: 0,
    }),
    tcp('forward', 30, {
      flags: '.',
      ack: u32(s + 1),
      win: 491,
      options: opt(tsC, tsS),
      length: 0,
    }),
    tcp('forward', 20, {
      flags: 'P.',
      seq: u32(c + 1),
      seqEnd: u32(c + 1 + req),
      ack: u32(s + 1),
      win: 491,
      options: opt(tsC, tsS),
      length: req,
      payload: 'HTTP: GET / HTTP/1.1',
    }),
    tcp('reply', 25, {
      flags: '.',
      ack: u32(c + 1 + req),
      win: 489,
      options: opt(tsS + 1, tsC),
      length: 0,
    }),
    tcp('reply', 110, {
      flags: 'P.',
      seq: u32(s + 1),
      seqEnd: u32(s + 1 + res),
      ack: u32(c + 1 + req),
      win: 489,
      options: opt(tsS + 1, tsC),
      length: res,
      payload: 'HTTP: HTTP/1.1 200 OK',
    }),
    tcp('forward', 30, {
      flags: '.',
      ack: u32(s + 1 + res),
      win: 485,
      options: opt(tsC + 1, tsS + 1),
      length: 0,
    }),
    tcp('forward', 90, {
      flags: 'F.',
      seq: u32(c + 1 + req),
      ack: u32(s + 1 + res),
      win: 485,
      options: opt(tsC + 1, tsS + 1),
      length: 0,
    }),
    tcp('reply', 40, {
      flags: 'F.',
      seq: u32(s + 1 + res),
      ack: u32(c + 2 + req),
      win: 489,
      options: opt(tsS + 2, tsC + 1),
      length: 0,
    }),
    tcp('forward', 30, {
      flags: '.',
      ack: u32(s + 2 + res),
      win: 485,
      options: opt(tsC + 2, tsS + 2),
      length: 0,
    }),
  );
  return { proto: 'tcp', sport, dport, steps };
}

/** One DNS question over UDP and, when `answerText` is given, its answer. */
export function dnsExchange(sport: number, query: DnsPayload, answer?: DnsPayload): Conversation {
  const udp = (way: Step['way'], gapUs: number, m: DnsPayload): Step => ({
    way,
    gapUs,
    make: (e) => ({
      src: e.src,
      dst: e.dst,
      proto: 'udp',
      sport: e.sport,
      dport: e.dport,
      dns: m.text,
      ...(m.wire ? { dnsWire: m.wire } : {}),
    }),
  });
  const steps = [udp('forward', 0, query)];
  if (answer !== undefined) steps.push(udp('reply', 180, answer));
  return { proto: 'udp', sport, dport: 53, steps };
}

/** One echo of `ping -s size`: the request, and the reply when `isAnswered`. */
export function icmpEcho(id: number, seq: number, size: number, isAnswered: boolean): Conversation {
  const echo = (way: Step['way'], type: 'echo request' | 'echo reply', gapUs: number): Step => ({
    way,
    gapUs,
    make: (e) => ({
      src: e.src,
      dst: e.dst,
      proto: 'icmp',
      icmp: { type, id: e.icmpId ?? id, seq, length: size + 8 },
    }),
  });
  const steps = [echo('forward', 'echo request', 0)];
  if (isAnswered) steps.push(echo('reply', 'echo reply', 50));
  return { proto: 'icmp', icmpId: id, steps };
}

/**
 * The ends a hop sees. `orig`: as the client sent it (the VIP); `dnat`: after kube-proxy's DNAT;
 * `wire`: also after SNAT (the node's address and a new port or ICMP id); `final`: the reply as
 * the client gets it back (the VIP again). Replies swap the ends.
 */
export function endsAt(
  path: Path,
  c: Conversation,
  view: View,
  way: Step['way'],
  snatPort: number,
): Ends {
  const client = { ip: path.client.ip, port: c.sport, id: c.icmpId };
  const original = { ip: path.dialled, port: c.dport };
  const server = path.dnat ? { ip: path.dnat.ip, port: path.dnat.port } : original;
  const natted = path.snat
    ? {
        ip: path.snat.ip,
        port: c.sport === undefined ? undefined : snatPort,
        id: c.icmpId === undefined ? undefined : snatPort,
      }
    : client;
  const pick =
    view === 'orig' || view === 'final'
      ? { from: client, to: original }
      : view === 'dnat'
        ? { from: client, to: server }
        : { from: natted, to: server };
  const forward: Ends = {
    src: pick.from.ip,
    dst: pick.to.ip,
    ...(pick.from.port === undefined ? {} : { sport: pick.from.port }),
    ...(pick.to.port === undefined ? {} : { dport: pick.to.port }),
    ...(pick.from.id === undefined ? {} : { icmpId: pick.from.id }),
  };
  if (way === 'forward') return forward;
  return {
    src: forward.dst,
    dst: forward.src,
    ...(forward.dport === undefined ? {} : { sport: forward.dport }),
    ...(forward.sport === undefined ? {} : { dport: forward.sport }),
    ...(forward.icmpId === undefined ? {} : { icmpId: forward.icmpId }),
  };
}
