import { clip, lineWarner, pushExtra, type LineWarner } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import type { IpNexthop, IpRoute } from './types';

/** Route types iproute2 prints before the destination (unicast only with `table all`). */
export const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'anycast',
]);
/** Per-route and per-nexthop flags: words that stand alone. */
export const ROUTE_FLAGS = new Set([
  'onlink',
  'linkdown',
  'pervasive',
  'offload',
  'trap',
  'dead',
  'notify',
  'rt_offload',
  'rt_trap',
  'rt_offload_failed',
  'offload_failed',
  'cache',
  'cloned',
  'unresolved',
]);
/** Keys with one value that the model does not keep (metrics, cache details…). */
const SKIPPED_KEYS = new Set([
  'advmss',
  'rtt',
  'rttvar',
  'reordering',
  'window',
  'cwnd',
  'initcwnd',
  'initrwnd',
  'ssthresh',
  'realms',
  'realm',
  'rto_min',
  'hoplimit',
  'features',
  'quickack',
  'congctl',
  'fastopen_no_cookie',
  'expires',
  'error',
  'nhid',
  'tos',
  'dsfield',
  'from',
  'iif',
  'uid',
  'ipid',
  'age',
  'users',
  'used',
  'as',
  'ttl-propagate',
  'mark',
]);

/** Options for reading `ip route` text. */
export interface IpRouteOptions {
  /**
   * Table of routes whose line does not name one. `ip route show table 2` omits `table 2`,
   * so pass `{ table: '2' }` for it; the default, `main`, fits `ip route` and `table all`.
   */
  table?: string;
}

interface RouteCursor {
  route: IpRoute;
  hop?: IpNexthop;
  warn: LineWarner;
}

function setFlag(c: RouteCursor, flag: string): void {
  if (c.hop !== undefined) c.hop.flags.push(flag);
  else {
    c.route.flags.push(flag);
    if (flag === 'onlink') c.route.onlink = true;
  }
}

function numberValue(c: RouteCursor, key: string, value: string): number | undefined {
  if (/^\d{1,10}$/.test(value)) return Number(value);
  c.warn(`${key} "${clip(value, 40)}" is not a number`);
  return undefined;
}

/** Reads one `key value` pair; returns how many extra tokens were consumed. */
function setValue(c: RouteCursor, key: string, tokens: string[], i: number): number {
  let value = tokens[i + 1] ?? '';
  let used = 1;
  const { route, hop } = c;
  if (key === 'via' && (value === 'inet' || value === 'inet6') && tokens[i + 2] !== undefined) {
    value = tokens[i + 2] ?? '';
    used = 2;
  }
  if (key === 'mtu' && value === 'lock' && tokens[i + 2] !== undefined) {
    value = tokens[i + 2] ?? '';
    used = 2;
  }
  if (hop !== undefined && (key === 'via' || key === 'dev' || key === 'weight')) {
    if (key === 'via') hop.via = value;
    else if (key === 'dev') hop.dev = value;
    else {
      const n = numberValue(c, key, value);
      if (n !== undefined) hop.weight = n;
    }
    return used;
  }
  switch (key) {
    case 'via':
      route.via = value;
      break;
    case 'dev':
      route.dev = value;
      break;
    case 'table':
      route.table = value;
      break;
    case 'proto':
      route.proto = value;
      break;
    case 'scope':
      route.scope = value;
      break;
    case 'src':
      route.src = value;
      break;
    case 'pref':
      route.pref = value;
      break;
    case 'metric': {
      const n = numberValue(c, key, value);
      if (n !== undefined) route.metric = n;
      break;
    }
    case 'mtu': {
      const n = numberValue(c, key, value);
      if (n !== undefined) route.mtu = n;
      break;
    }
  }
  return used;
}

const VALUE_KEYS = new Set([
  'via',
  'dev',
  'table',
  'proto',
  'scope',
  'src',
  'pref',
  'metric',
  'mtu',
  'weight',
]);

function readTokens(c: RouteCursor, tokens: string[], start: number): void {
  const extra: string[] = c.route.extra ?? [];
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === 'nexthop') {
      c.hop = { flags: [] };
      (c.route.nexthops ??= []).push(c.hop);
    } else if (ROUTE_FLAGS.has(token)) setFlag(c, token);
    else if (VALUE_KEYS.has(token) || SKIPPED_KEYS.has(token)) {
      if (tokens[i + 1] === undefined) {
        c.warn(`"${clip(token, 40)}" has no value`);
        pushExtra(extra, token);
      } else if (SKIPPED_KEYS.has(token)) i++;
      else i += setValue(c, token, tokens, i);
    } else {
      c.warn(`unknown route token "${clip(token, 40)}"`);
      pushExtra(extra, token);
    }
  }
  if (extra.length > 0) c.route.extra = extra;
}

/**
 * Parses `ip route`, `ip route show table <t>`, `ip route show table all` and `ip -6 route` text.
 *
 * Sample line: `10.244.82.0/26 via 172.18.0.5 dev tunl0 proto bird onlink`
 * → `{ dst: '10.244.82.0/26', via: '172.18.0.5', dev: 'tunl0', proto: 'bird', onlink: true,
 * flags: ['onlink'], table: 'main', line, raw }`. `blackhole 10.48.0.0/26 proto bird` gives
 * `type: 'blackhole'`. Old two-space output (`dev eth0  proto kernel  scope link`) reads the same.
 * Indented `nexthop …` lines become the previous route's `nexthops`.
 * Output: one {@link IpRoute} per route line; unknown tokens become warnings (and `extra`).
 */
export function parseIpRoute(text: string, options: IpRouteOptions = {}): Parsed<IpRoute[]> {
  const warnings = new WarningList();
  const routes: IpRoute[] = [];
  const defaultTable = options.table ?? 'main';
  let last: RouteCursor | undefined;
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const body = raw.trim();
    if (body === '') return;
    const tokens = body.split(/\s+/);
    if (/^\s/.test(raw)) {
      if (last === undefined || (tokens[0] !== 'nexthop' && tokens[0] !== 'cache')) {
        warnings.add(lineNo, 'indented line that does not continue a route', clip(raw));
        return;
      }
      readTokens({ ...last, warn: lineWarner(warnings, lineNo, raw) }, tokens, 0);
      return;
    }
    let start = 0;
    let type: string | undefined;
    if (ROUTE_TYPES.has(tokens[0] ?? '') && tokens.length > 1) {
      type = tokens[0];
      start = 1;
    }
    const dst = tokens[start] ?? '';
    if (!/^(default|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(dst)) {
      warnings.add(
        lineNo,
        `not an ip route line: destination "${clip(dst, 40)}" is not an address`,
        clip(raw),
      );
      last = undefined;
      return;
    }
    const route: IpRoute = {
      dst,
      table: defaultTable,
      flags: [],
      line: lineNo,
      raw: clip(raw, 4096),
    };
    if (type !== undefined && type !== 'unicast') route.type = type;
    last = { route, warn: lineWarner(warnings, lineNo, raw) };
    readTokens(last, tokens, start + 1);
    last.hop = undefined;
    routes.push(route);
  });
  return { value: routes, warnings: warnings.items };
}
