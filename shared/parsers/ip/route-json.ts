import { clip, fieldsOf, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import type { IpNexthop, IpRoute } from './types';

function nexthopFromJson(f: JsonFields): IpNexthop {
  const hop: IpNexthop = { flags: f.strings('flags') };
  const via = f.string('gateway');
  const dev = f.string('dev');
  const weight = f.number('weight');
  if (via !== undefined) hop.via = via;
  if (dev !== undefined) hop.dev = dev;
  if (weight !== undefined) hop.weight = weight;
  return hop;
}

function routeFromJson(f: JsonFields, index: number): IpRoute | undefined {
  const dst = f.string('dst', true);
  if (dst === undefined) return undefined;
  const route: IpRoute = {
    dst,
    table: f.string('table') ?? 'main',
    flags: f.strings('flags'),
    line: 0,
    raw: clip(JSON.stringify(f.obj), 4096),
    path: `[${index}]`,
  };
  const type = f.string('type');
  if (type !== undefined && type !== 'unicast') route.type = type;
  const text: [keyof IpRoute & ('via' | 'dev' | 'proto' | 'scope' | 'src' | 'pref'), string][] = [
    ['via', 'gateway'],
    ['dev', 'dev'],
    ['proto', 'protocol'],
    ['scope', 'scope'],
    ['src', 'prefsrc'],
    ['pref', 'pref'],
  ];
  for (const [key, jsonKey] of text) {
    const value = f.string(jsonKey);
    if (value !== undefined) route[key] = value;
  }
  const metric = f.number('metric');
  if (metric !== undefined) route.metric = metric;
  if (route.flags.includes('onlink')) route.onlink = true;
  const hops = f.objects('nexthops').map(nexthopFromJson);
  if (hops.length > 0) route.nexthops = hops;
  return route;
}

/**
 * Parses `ip -j route` / `ip -j route show table all` (a JSON array on one line).
 *
 * Sample element: `{"type":"broadcast","dst":"192.168.178.255","dev":"enp0s31f6","table":"local",
 * "protocol":"kernel","scope":"link","prefsrc":"192.168.178.62","flags":[]}`
 * → `{ dst: '192.168.178.255', type: 'broadcast', table: 'local', dev: 'enp0s31f6', proto: 'kernel',
 * scope: 'link', src: '192.168.178.62', flags: [], line: 0, path: '[6]' }`.
 * Output: the same {@link IpRoute} records as `parseIpRoute`; `table` is `main` when absent.
 */
export function parseIpRouteJson(text: string): Parsed<IpRoute[]> {
  const warnings = new WarningList();
  const routes: IpRoute[] = [];
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) return { value: routes, warnings: warnings.items };
  if (!Array.isArray(parsed.value)) {
    warnings.add(0, 'expected a JSON array of routes (ip -j route)');
    return { value: routes, warnings: warnings.items };
  }
  parsed.value.forEach((item, i) => {
    const f = fieldsOf(item, `[${i}]`, warnings);
    const route = f === undefined ? undefined : routeFromJson(f, i);
    if (route !== undefined) routes.push(route);
  });
  return { value: routes, warnings: warnings.items };
}
