/**
 * The shape check of a captured packet, written out by hand: the same rules as the zod schema
 * `CapturePacket` in shared/api/contract-capture.ts (which stays the reference, and the test
 * holds the two together), at a fraction of its cost and without copying the packet. A
 * `capture:packets` batch carries up to 2000 packets and is checked at each transport hop, so at
 * 80,000 packets/s the zod object parse (a new object per packet and per nested record) was
 * most of a core. Unknown keys pass through unchanged instead of being stripped.
 */

/* The checks are written out field by field: named property reads stay monomorphic and fast, where
   a table of (key, check) pairs read `value[key]` through a generic keyed load at ~4× the cost. */

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const isObject = (v: unknown): v is Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const optNumber = (v: unknown): boolean => v === undefined || isNumber(v);
const optString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function isTimeFormat(v: unknown): boolean {
  return v === 'tttt' || v === 'default' || v === 'none' || v === 'tt' || v === 'ttt';
}
function isFamily(v: unknown): boolean {
  return v === 'ip' || v === 'ip6' || v === 'arp' || v === 'other';
}
function isProtocol(v: unknown): boolean {
  return (
    v === 'tcp' ||
    v === 'udp' ||
    v === 'icmp' ||
    v === 'other' ||
    v === 'icmp6' ||
    v === 'arp' ||
    v === 'vxlan'
  );
}
function isDirection(v: unknown): boolean {
  return v === 'In' || v === 'Out' || v === 'P' || v === 'M' || v === 'B';
}

function tcpProblem(t: unknown): string | undefined {
  if (!isObject(t)) return 'expected an object';
  if (typeof t.flags !== 'string') return 'flags: expected a string';
  if (!optNumber(t.seq)) return 'seq: expected a number';
  if (!optNumber(t.seqEnd)) return 'seqEnd: expected a number';
  if (!optNumber(t.ack)) return 'ack: expected a number';
  if (!optNumber(t.win)) return 'win: expected a number';
  if (!optString(t.options)) return 'options: expected a string';
  if (!optNumber(t.length)) return 'length: expected a number';
  return undefined;
}

function icmpProblem(i: unknown): string | undefined {
  if (!isObject(i)) return 'expected an object';
  if (typeof i.type !== 'string') return 'type: expected a string';
  if (!optNumber(i.id)) return 'id: expected a number';
  if (!optNumber(i.seq)) return 'seq: expected a number';
  if (!optNumber(i.length)) return 'length: expected a number';
  if (typeof i.text !== 'string') return 'text: expected a string';
  return undefined;
}

function arpProblem(a: unknown): string | undefined {
  if (!isObject(a)) return 'expected an object';
  const op: unknown = a.op;
  if (op !== 'who-has' && op !== 'is-at' && op !== 'reply' && op !== 'other')
    return 'op: expected who-has, is-at, reply or other';
  if (!optString(a.target)) return 'target: expected a string';
  if (!optString(a.tell)) return 'tell: expected a string';
  if (!optString(a.mac)) return 'mac: expected a string';
  return undefined;
}

function dnsProblem(d: unknown): string | undefined {
  if (!isObject(d)) return 'expected an object';
  if (!isNumber(d.id)) return 'id: expected a number';
  if (d.kind !== 'query' && d.kind !== 'answer') return 'kind: expected query or answer';
  if (!optString(d.qtype)) return 'qtype: expected a string';
  if (!optString(d.name)) return 'name: expected a string';
  if (!optString(d.rcode)) return 'rcode: expected a string';
  const answers: unknown = d.answers;
  if (!Array.isArray(answers) || !answers.every((x) => typeof x === 'string'))
    return 'answers: expected strings';
  const counts: unknown = d.counts;
  if (
    counts !== undefined &&
    !(Array.isArray(counts) && counts.length === 3 && counts.every(isNumber))
  )
    return 'counts: expected 3 numbers';
  if (typeof d.flags !== 'string') return 'flags: expected a string';
  return undefined;
}

function ethernetProblem(e: unknown): string | undefined {
  if (!isObject(e)) return 'expected an object';
  if (typeof e.src !== 'string') return 'src: expected a string';
  if (typeof e.dst !== 'string') return 'dst: expected a string';
  if (!optString(e.ethertype)) return 'ethertype: expected a string';
  if (!optNumber(e.length)) return 'length: expected a number';
  return undefined;
}

function encapsulationProblem(e: unknown): string | undefined {
  if (!isObject(e)) return 'expected an object';
  if (e.kind !== 'vxlan' && e.kind !== 'ipip' && e.kind !== 'mpls')
    return 'kind: expected vxlan, ipip or mpls';
  if (!optNumber(e.vni)) return 'vni: expected a number';
  const labels: unknown = e.labels;
  if (labels !== undefined && !(Array.isArray(labels) && labels.every(isNumber)))
    return 'labels: expected numbers';
  if (e.inner === undefined) return undefined;
  const inner = packetProblem(e.inner);
  return inner === undefined ? undefined : `inner: ${inner}`;
}

const nested = (name: string, problem: string | undefined) =>
  problem === undefined ? undefined : `${name}: ${problem}`;

/** What is wrong with `p` as a parser `Packet` (shared/parsers/tcpdump), or undefined. */
function packetProblem(p: unknown): string | undefined {
  if (!isObject(p)) return 'expected an object';
  if (!isNumber(p.line)) return 'line: expected a number';
  if (typeof p.raw !== 'string') return 'raw: expected a string';
  if (!optNumber(p.number)) return 'number: expected a number';
  if (!optString(p.time)) return 'time: expected a string';
  if (!isTimeFormat(p.timeFormat)) return 'timeFormat: expected default, tttt, ttt, tt or none';
  if (!optString(p.interface)) return 'interface: expected a string';
  if (p.direction !== undefined && !isDirection(p.direction))
    return 'direction: expected In, Out, P, M or B';
  if (p.ethernet !== undefined && ethernetProblem(p.ethernet) !== undefined)
    return nested('ethernet', ethernetProblem(p.ethernet));
  if (!isFamily(p.family)) return 'family: expected ip, ip6, arp or other';
  if (!optString(p.src)) return 'src: expected a string';
  if (!optString(p.dst)) return 'dst: expected a string';
  if (!optNumber(p.sport)) return 'sport: expected a number';
  if (!optNumber(p.dport)) return 'dport: expected a number';
  if (!isProtocol(p.protocol))
    return 'protocol: expected tcp, udp, icmp, icmp6, arp, vxlan or other';
  if (p.tcp !== undefined && tcpProblem(p.tcp) !== undefined)
    return nested('tcp', tcpProblem(p.tcp));
  if (p.udp !== undefined && !(isObject(p.udp) && optNumber(p.udp.length)))
    return 'udp: expected { length?: number }';
  if (p.icmp !== undefined && icmpProblem(p.icmp) !== undefined)
    return nested('icmp', icmpProblem(p.icmp));
  if (p.arp !== undefined && arpProblem(p.arp) !== undefined)
    return nested('arp', arpProblem(p.arp));
  if (p.dns !== undefined && dnsProblem(p.dns) !== undefined)
    return nested('dns', dnsProblem(p.dns));
  if (p.encapsulation !== undefined && encapsulationProblem(p.encapsulation) !== undefined)
    return nested('encapsulation', encapsulationProblem(p.encapsulation));
  if (!optNumber(p.length)) return 'length: expected a number';
  if (!optString(p.payload)) return 'payload: expected a string';
  return undefined;
}

/**
 * What is wrong with `value` as a `CapturePacket` (`field: problem`), or undefined when it is one.
 * Sample: `{ line: 1, raw: '…', n: 0, … }` → `'n: expected a positive integer'`.
 */
export function capturePacketProblem(value: unknown): string | undefined {
  const problem = packetProblem(value);
  if (problem !== undefined) return problem;
  const p = value as Loose;
  if (!(Number.isSafeInteger(p.n) && p.n > 0)) return 'n: expected a positive integer';
  if (!optNumber(p.ts)) return 'ts: expected a number';
  return undefined;
}
