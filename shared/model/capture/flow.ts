/**
 * Flows: a direction-agnostic 5-tuple, so a request and its reply share one key, one colour and
 * one "follow" selection. ICMP echo has no ports: its exchange is the address pair plus the id.
 */
import type { Packet } from '../../parsers/tcpdump';
import { endpoint } from './packet';

/** Number of distinct flow colours the view's palette has. */
export const FLOW_COLORS = 12;

/**
 * The flow a packet belongs to, the same for both directions, or undefined for packets without
 * addresses (ARP keeps its own key per asked address).
 * Sample: `10.0.0.2.80 > 10.0.0.1.4000 tcp` and the reverse → `tcp 10.0.0.1:4000 10.0.0.2:80`.
 */
export function flowKey(p: Packet): string | undefined {
  if (p.protocol === 'arp') return p.arp?.target === undefined ? undefined : `arp ${p.arp.target}`;
  if (p.src === undefined || p.dst === undefined) return undefined;
  if (p.protocol === 'icmp' || p.protocol === 'icmp6') {
    const [a, b] = p.src < p.dst ? [p.src, p.dst] : [p.dst, p.src];
    return p.icmp?.id === undefined
      ? `${p.protocol} ${a} ${b}`
      : `${p.protocol} ${a} ${b} id ${p.icmp.id}`;
  }
  const one = endpoint(p.src, p.sport);
  const two = endpoint(p.dst, p.dport);
  const [a, b] = compareEndpoints(p.src, p.sport, p.dst, p.dport) <= 0 ? [one, two] : [two, one];
  return `${p.protocol} ${a} ${b}`;
}

function compareEndpoints(
  a: string,
  ap: number | undefined,
  b: string,
  bp: number | undefined,
): number {
  if (a !== b) return a < b ? -1 : 1;
  return (ap ?? -1) - (bp ?? -1);
}

/**
 * A stable colour slot in [0, FLOW_COLORS) for a flow key (FNV-1a), so a flow keeps its colour
 * across captures, reloads and filters.
 */
export function flowColor(key: string | undefined): number {
  if (key === undefined) return -1;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % FLOW_COLORS;
}
