/**
 * A node's routes and policy rules in the topology model, each with the line `ip route show
 * table all` / `ip rule` prints for it, so a view can show "the routes and rules that mention a
 * pod's IP" in the words an operator knows. Pure: from the parsed `ip -j` records.
 */
import type { IpRoute, IpRule } from '../parsers/ip';
import type { TopologyNode, TopologyRoute, TopologyRule } from './topology';

/**
 * The line `ip route show table all` prints for a route, in iproute2's order: type, dst, via,
 * dev, table (not for main), proto, scope (not global), src, metric, flags, pref.
 * Sample: `{ dst: '10.0.1.7', dev: 'eni1a2b', scope: 'link', table: 'main' }` → `10.0.1.7 dev eni1a2b scope link`.
 */
export function formatIpRoute(r: IpRoute): string {
  const words: string[] = [];
  if (r.type !== undefined) words.push(r.type);
  words.push(r.dst);
  if (r.via !== undefined) words.push('via', r.via);
  if (r.dev !== undefined) words.push('dev', r.dev);
  if (r.table !== 'main') words.push('table', r.table);
  if (r.proto !== undefined) words.push('proto', r.proto);
  if (r.scope !== undefined && r.scope !== 'global') words.push('scope', r.scope);
  if (r.src !== undefined) words.push('src', r.src);
  if (r.metric !== undefined) words.push('metric', String(r.metric));
  words.push(...r.flags);
  if (r.onlink === true && !r.flags.includes('onlink')) words.push('onlink');
  for (const hop of r.nexthops ?? []) {
    words.push('nexthop');
    if (hop.via !== undefined) words.push('via', hop.via);
    if (hop.dev !== undefined) words.push('dev', hop.dev);
    if (hop.weight !== undefined) words.push('weight', String(hop.weight));
    words.push(...hop.flags);
  }
  if (r.pref !== undefined) words.push('pref', r.pref);
  return words.join(' ');
}

/**
 * The line `ip rule` prints for a rule: `<priority>:\tfrom <src|all> [to …] [selectors] <action>`.
 * Sample: `{ priority: 512, to: '10.0.1.7', table: 'main' }` → `512:\tfrom all to 10.0.1.7 lookup main`.
 */
export function formatIpRule(r: IpRule): string {
  const words: string[] = [];
  if (r.not === true) words.push('not');
  words.push('from', r.from ?? 'all');
  const selectors: [string, string | undefined][] = [
    ['to', r.to],
    ['tos', r.tos],
    ['fwmark', r.fwmark],
    ['iif', r.iif],
    ['oif', r.oif],
  ];
  for (const [key, value] of selectors) if (value !== undefined) words.push(key, value);
  if (r.l3mdev === true) words.push('l3mdev');
  const more: [string, string | undefined][] = [
    ['uidrange', r.uidrange],
    ['ipproto', r.ipproto],
    ['sport', r.sport],
    ['dport', r.dport],
  ];
  for (const [key, value] of more) if (value !== undefined) words.push(key, value);
  if (r.table !== undefined) words.push('lookup', r.table);
  else if (r.action === 'goto') words.push('goto', String(r.gotoPriority ?? ''));
  else if (r.action !== undefined) words.push(r.action);
  if (r.suppressPrefixlength !== undefined)
    words.push('suppress_prefixlength', String(r.suppressPrefixlength));
  return `${r.priority}:\t${words.join(' ')}`;
}

/** The model's route records: the printed line plus the keys a view filters on. */
export function topologyRoutes(routes: readonly IpRoute[]): TopologyRoute[] {
  return routes.map((r) => ({
    text: formatIpRoute(r),
    table: r.table,
    dst: r.dst,
    ...(r.dev === undefined ? {} : { dev: r.dev }),
  }));
}

/** The model's rule records: the printed line plus priority, selectors and table. */
export function topologyRules(rules: readonly IpRule[]): TopologyRule[] {
  return rules.map((r) => ({
    text: formatIpRule(r),
    priority: r.priority,
    ...(r.from === undefined ? {} : { from: r.from }),
    ...(r.to === undefined ? {} : { to: r.to }),
    ...(r.table === undefined ? {} : { table: r.table }),
  }));
}

/** Whether a line names the address as a whole word (`10.0.1.7`, `10.0.1.7/32`), not a prefix of another. */
function mentions(text: string, ip: string): boolean {
  return text
    .split(/\s+/)
    .some((word) => word === ip || word === `${ip}/32` || word === `${ip}/128`);
}

/**
 * The routes and rules of a node that mention an address (a pod's IP): as destination, gateway,
 * source or rule selector. Sample: pod 10.0.1.7 on a secondary ENI → its `/32` route to the
 * veth, `to 10.0.1.7 lookup main` and `from 10.0.1.7 lookup 2`.
 */
export function routesAndRulesFor(
  node: Pick<TopologyNode, 'routes' | 'rules'>,
  ip: string,
): { routes: TopologyRoute[]; rules: TopologyRule[] } {
  return {
    routes: (node.routes ?? []).filter((r) => mentions(r.text, ip)),
    rules: (node.rules ?? []).filter((r) => mentions(r.text, ip)),
  };
}
