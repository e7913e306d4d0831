import { cidrContains, parseIPv4Cidr } from '../../net/ipv4';
import type { IpRoute, IpRule } from '../../parsers/ip';

/** A packet as routing sees it. */
export interface RouteQuery {
  dst: string;
  /** Source address; absent for a locally generated packet that has not picked one yet. */
  src?: string;
  /** Interface it arrived on; `lo` (or absent) for locally generated packets. */
  iif?: string;
  /** Packet mark (fwmark), 0 unless something set one. */
  mark?: number;
}

/** The decision: which rule matched, which route of its table, and where the packet goes. */
export interface RouteDecision {
  rule: IpRule | null;
  route: IpRoute | null;
  /** Egress interface; `lo` for local delivery, null when the packet is dropped or unroutable. */
  dev: string | null;
  via: string | null;
  /** `unreachable`, `blackhole`, `prohibit`, or `no route` when no rule's table had one. */
  failure?: string;
  /** Rules whose table was looked up without a route (or threw) before the one that matched. */
  passed: IpRule[];
}

const TABLE_IDS: Record<string, string> = { '253': 'default', '254': 'main', '255': 'local' };

/** `254` and `main` name the same table. */
export function tableName(table: string): string {
  return TABLE_IDS[table] ?? table;
}

function matchesMark(fwmark: string, mark: number): boolean {
  const [valueText, maskText] = fwmark.split('/');
  const value = Number(valueText);
  const mask = maskText === undefined ? 0xffffffff : Number(maskText);
  if (!Number.isFinite(value) || !Number.isFinite(mask)) return false;
  return (mark & mask) >>> 0 === (value & mask) >>> 0;
}

/** Whether a rule's selectors match the packet (before `not`). */
function selects(rule: IpRule, q: RouteQuery): boolean {
  if (rule.from !== undefined && (q.src === undefined || !cidrContains(rule.from, q.src)))
    return false;
  if (rule.to !== undefined && !cidrContains(rule.to, q.dst)) return false;
  if (rule.fwmark !== undefined && !matchesMark(rule.fwmark, q.mark ?? 0)) return false;
  if (rule.iif !== undefined && rule.iif !== (q.iif ?? 'lo')) return false;
  // Selectors this model does not follow (oif, uid, ports) never match rather than guess.
  if (
    rule.oif !== undefined ||
    rule.uidrange !== undefined ||
    rule.ipproto !== undefined ||
    rule.sport !== undefined ||
    rule.dport !== undefined ||
    rule.l3mdev === true
  )
    return false;
  return true;
}

function prefixOf(route: IpRoute): number {
  if (route.dst === 'default') return 0;
  return parseIPv4Cidr(route.dst, true)?.prefixlen ?? -1;
}

/**
 * The route a table gives for `dst`: longest prefix first, then the lowest metric. Broadcast,
 * multicast and anycast entries are skipped (the question is about one unicast destination).
 */
export function lookupTable(
  routes: readonly IpRoute[],
  table: string,
  dst: string,
): IpRoute | null {
  const name = tableName(table);
  let best: IpRoute | null = null;
  let bestLen = -1;
  for (const r of routes) {
    if (tableName(r.table) !== name) continue;
    if (r.type === 'broadcast' || r.type === 'multicast' || r.type === 'anycast') continue;
    const len = prefixOf(r);
    if (len < 0 || len < bestLen) continue;
    if (r.dst !== 'default' && !cidrContains(r.dst.includes('/') ? r.dst : `${r.dst}/32`, dst))
      continue;
    if (len > bestLen || (r.metric ?? 0) < (best?.metric ?? 0)) {
      best = r;
      bestLen = len;
    }
  }
  return best;
}

/**
 * Walks the policy rules as the kernel does (priority order, `goto`, `not`, a table without a
 * matching route or with `throw` falls through to the next rule) and answers where the packet
 * leaves.
 *
 * @example
 * routeFor(rules, routes, { dst: '192.168.2.9', src: '192.168.3.7', iif: 'eni1a2b3c4d5e6' })
 * // { rule: { priority: 1536, from: '192.168.3.7', table: '2' }, route: { dst: 'default', dev: 'ens6' }, dev: 'ens6' }
 */
export function routeFor(
  rules: readonly IpRule[],
  routes: readonly IpRoute[],
  q: RouteQuery,
): RouteDecision {
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  const passed: IpRule[] = [];
  let floor = -1;
  for (const rule of ordered) {
    if (rule.priority < floor) continue;
    const hit = selects(rule, q) !== (rule.not === true);
    if (!hit) continue;
    if (rule.action === 'goto' && rule.gotoPriority !== undefined) {
      floor = rule.gotoPriority;
      continue;
    }
    if (rule.action === 'nop') continue;
    if (rule.action !== undefined && rule.table === undefined) {
      return { rule, route: null, dev: null, via: null, failure: rule.action, passed };
    }
    if (rule.table === undefined) continue;
    const route = lookupTable(routes, rule.table, q.dst);
    if (route === null || route.type === 'throw') {
      passed.push(rule);
      continue;
    }
    if (route.type === 'unreachable' || route.type === 'blackhole' || route.type === 'prohibit')
      return { rule, route, dev: null, via: null, failure: route.type, passed };
    if (route.type === 'local') return { rule, route, dev: 'lo', via: null, passed };
    const hop = route.nexthops?.[0];
    return {
      rule,
      route,
      dev: route.dev ?? hop?.dev ?? null,
      via: route.via ?? hop?.via ?? null,
      passed,
    };
  }
  return { rule: null, route: null, dev: null, via: null, failure: 'no route', passed };
}

/** A rule's selectors as `ip rule` words: `from 192.168.3.7 to … fwmark 0x80/0x80`. */
export function selectorText(
  rule: { from?: string; to?: string; fwmark?: string; iif?: string } | null,
): string {
  if (rule === null) return 'none';
  const parts = [`from ${rule.from ?? 'all'}`];
  if (rule.to !== undefined) parts.push(`to ${rule.to}`);
  if (rule.fwmark !== undefined) parts.push(`fwmark ${rule.fwmark}`);
  if (rule.iif !== undefined) parts.push(`iif ${rule.iif}`);
  return parts.join(' ');
}
