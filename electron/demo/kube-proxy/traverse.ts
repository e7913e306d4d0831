/**
 * Walks one packet through one table's hook, the way netfilter evaluates the rules, so the demo
 * can send "traffic" that moves the counters and can show the path (KUBE-SERVICES → KUBE-SVC →
 * KUBE-SEP → DNAT). Deterministic: `-m statistic` draws from a PRNG seeded by the packet's
 * 5-tuple unless the caller passes its own `random`, so the same flow always lands on the same pod.
 */
import { cidrContains } from '../../../shared/net/ipv4';
import { findChain, getTable } from './build-ruleset';
import type { CounterStore } from './counters';
import { targetName } from './list-cells';
import type {
  AddressMatch,
  CtState,
  InterfaceMatch,
  Match,
  Protocol,
  Rule,
  Ruleset,
  Table,
  TableName,
} from './types';

/** The packet as the walk sees and rewrites it. */
export interface SimPacket {
  src: string;
  dst: string;
  protocol: Protocol | 'icmp';
  sport?: number;
  dport?: number;
  /** Bytes added to every counter the packet hits. */
  length: number;
  inInterface?: string;
  outInterface?: string;
  mark?: number;
  ctmark?: number;
  /** Default `NEW` (the nat table only ever sees a connection's first packet). */
  ctState?: CtState;
}

/** `-m recent` lists: `name` + source address → last time seen (seconds). Keep it across packets. */
export type RecentTable = Map<string, number>;

/** Context of a walk. */
export interface TraverseOptions {
  /** Addresses the node owns, for `-m addrtype --dst-type LOCAL` (127.0.0.0/8 always counts). */
  localAddresses: readonly string[];
  /** Uniform draws in [0, 1) for `-m statistic`; default seeded by the packet's 5-tuple. */
  random?: () => number;
  recent?: RecentTable;
  /** Clock for `-m recent`, in seconds. Default 0. */
  nowSeconds?: number;
  /** Source MASQUERADE picks; default the first local address. */
  masqueradeAddress?: string;
  /** ipsets for `-m set` (IPVS mode); a set that is not given matches nothing. */
  ipsets?: ReadonlyMap<string, IpsetView>;
}

/** An ipset as `-m set` sees it: its type and its members as `ipset list` prints them. */
export interface IpsetView {
  type: string;
  members: ReadonlySet<string>;
}

/**
 * xt_set's lookup: each `src`/`dst` flag picks the packet's address or port for the next
 * dimension of the set's type (`hash:ip,port` with `dst,dst` → `10.100.0.10,tcp:53`).
 */
export function ipsetHas(set: IpsetView | undefined, flags: string, pkt: SimPacket): boolean {
  if (set === undefined) return false;
  const dims = set.type.replace(/^(hash|bitmap):/, '').split(',');
  const sides = flags.split(',');
  const parts: string[] = [];
  for (const [i, dim] of dims.entries()) {
    const side = sides[i] ?? sides[sides.length - 1];
    if (dim === 'ip' || dim === 'net') parts.push(side === 'src' ? pkt.src : pkt.dst);
    else if (dim === 'port') {
      const port = side === 'src' ? pkt.sport : pkt.dport;
      if (port === undefined) return false;
      parts.push(set.type.startsWith('bitmap:') ? String(port) : `${pkt.protocol}:${port}`);
    } else return false;
  }
  return set.members.has(parts.join(','));
}

/** One rule that matched. */
export interface TraceStep {
  chain: string;
  /** 0-based index in the chain. */
  rule: number;
  /** The target column as `iptables -L` shows it (`''` for a rule without target). */
  target: string;
}

/** Where the packet ended up. */
export interface TraverseResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The packet after NAT and mark changes. */
  packet: SimPacket;
  trace: TraceStep[];
}

type Outcome = { kind: 'fallthrough' } | { kind: 'verdict'; verdict: TraverseResult['verdict'] };

const MAX_DEPTH = 64;

/** A small PRNG (mulberry32) seeded from a string, so draws repeat for the same flow. */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i += 1) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addressMatches(m: AddressMatch | undefined, ip: string): boolean {
  return m === undefined || cidrContains(m.cidr, ip) !== (m.negate ?? false);
}

function interfaceMatches(m: InterfaceMatch | undefined, name: string | undefined): boolean {
  if (m === undefined) return true;
  const hit =
    name !== undefined &&
    (m.name.endsWith('+') ? name.startsWith(m.name.slice(0, -1)) : name === m.name);
  return hit !== (m.negate ?? false);
}

/**
 * Evaluates one table's built-in `chain` for `packet`, adding to `counters` for every rule that
 * matches (jumps included) and to the policy counter when the packet falls off the end.
 */
export function traverse(
  ruleset: Ruleset,
  counters: CounterStore,
  tableName: TableName,
  chain: string,
  packet: SimPacket,
  options: TraverseOptions,
): TraverseResult {
  const table = getTable(ruleset, tableName);
  const pkt: SimPacket = { ...packet };
  const trace: TraceStep[] = [];
  const random =
    options.random ??
    seededRandom(
      `${packet.protocol}|${packet.src}:${packet.sport ?? 0}>${packet.dst}:${packet.dport ?? 0}`,
    );
  const isLocal = (ip: string): boolean =>
    options.localAddresses.includes(ip) || cidrContains('127.0.0.0/8', ip);

  const matchOk = (m: Match): boolean => {
    switch (m.kind) {
      case 'comment':
      case 'nfacct':
        return true;
      case 'port':
        return pkt.protocol === m.protocol && (m.dport === undefined || pkt.dport === m.dport);
      case 'addrtype':
        return (
          (m.srcType === undefined || isLocal(pkt.src)) &&
          (m.dstType === undefined || isLocal(pkt.dst) !== (m.negateDst ?? false))
        );
      case 'conntrack':
        return m.states.includes(pkt.ctState ?? 'NEW') !== (m.negate ?? false);
      case 'mark':
        return (((pkt.mark ?? 0) & m.mask) >>> 0 === m.value) !== (m.negate ?? false);
      case 'statistic':
        // xt_statistic: (prandom_u32() & 0x7FFFFFFF) < stored probability.
        return Math.floor(random() * 0x80000000) < m.probability;
      case 'set':
        return ipsetHas(options.ipsets?.get(m.name), m.flags, pkt) !== (m.negate ?? false);
      case 'recent': {
        const key = `${m.name}|${pkt.src}`;
        const now = options.nowSeconds ?? 0;
        if (m.mode === 'set') {
          options.recent?.set(key, now);
          return true;
        }
        const seen = options.recent?.get(key);
        return seen !== undefined && (m.seconds === undefined || now - seen <= m.seconds);
      }
    }
  };
  const ruleOk = (r: Rule): boolean =>
    addressMatches(r.source, pkt.src) &&
    addressMatches(r.destination, pkt.dst) &&
    interfaceMatches(r.inInterface, pkt.inInterface) &&
    interfaceMatches(r.outInterface, pkt.outInterface) &&
    (r.protocol === undefined || r.protocol === pkt.protocol) &&
    r.matches.every(matchOk);

  const walk = (name: string, depth: number, t: Table): Outcome => {
    const c = findChain(t, name);
    if (!c || depth > MAX_DEPTH) return { kind: 'fallthrough' };
    for (const [index, r] of c.rules.entries()) {
      if (!ruleOk(r)) continue;
      counters.add(t.name, name, index, 1, pkt.length);
      trace.push({ chain: name, rule: index, target: targetName(r.target) });
      const target = r.target;
      if (!target) continue;
      switch (target.kind) {
        case 'jump': {
          const sub = walk(target.chain, depth + 1, t);
          if (sub.kind === 'verdict') return sub;
          continue;
        }
        case 'verdict':
          if (target.verdict === 'RETURN') return { kind: 'fallthrough' };
          return { kind: 'verdict', verdict: target.verdict };
        case 'reject':
          return { kind: 'verdict', verdict: 'REJECT' };
        case 'dnat': {
          const [ip = pkt.dst, port] = target.toDestination.split(':');
          pkt.dst = ip;
          if (port !== undefined) pkt.dport = Number(port);
          return { kind: 'verdict', verdict: 'ACCEPT' };
        }
        case 'snat':
          pkt.src = target.toSource;
          return { kind: 'verdict', verdict: 'ACCEPT' };
        case 'masquerade':
          pkt.src = options.masqueradeAddress ?? options.localAddresses[0] ?? pkt.src;
          return { kind: 'verdict', verdict: 'ACCEPT' };
        case 'mark':
          pkt.mark = (((pkt.mark ?? 0) & ~target.mask) ^ target.value) >>> 0;
          continue;
        case 'connmark-set':
          pkt.ctmark = (((pkt.ctmark ?? 0) & ~target.mask) ^ target.value) >>> 0;
          continue;
        case 'connmark-restore':
          pkt.mark = (((pkt.mark ?? 0) & ~target.mask) | ((pkt.ctmark ?? 0) & target.mask)) >>> 0;
          continue;
      }
    }
    return { kind: 'fallthrough' };
  };

  const outcome = walk(chain, 0, table);
  if (outcome.kind === 'verdict') return { verdict: outcome.verdict, packet: pkt, trace };
  const policy = findChain(table, chain)?.policy ?? 'ACCEPT';
  counters.add(table.name, chain, 'policy', 1, pkt.length);
  return { verdict: policy, packet: pkt, trace };
}
