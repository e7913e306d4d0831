/**
 * `ip route`, `ip rule`, `ip neigh`, `ip route get` and net-tools' `route -n`, rendered from a
 * host's `HostNet` in iproute2 6.x's shapes (fixtures/ip/route-eks-node1-table-main.txt,
 * rule-eks-vpccni-3eni-34pods-lookup-2-3.txt, route-json-netplan-test-ip-j-route-table-all-v4.json).
 */
import { inCidr, netmaskOf } from '../model/ipv4';
import type { HostNet, Neighbour, PolicyRule, Route } from '../net/host-net';
import { paintAddress, type Paint } from './colors';

export interface RouteQuery {
  /** `all`, `main`, `local` or a table number, as given after `table`. */
  table: string;
  family?: 4 | 6;
  dev?: string;
}

/** The routes `ip route show` lists for a query; undefined when the table does not exist. */
export function selectRoutes(net: HostNet, q: RouteQuery): Route[] | undefined {
  const byTable = (r: Route) => q.table === 'all' || String(r.table) === q.table;
  // iproute2 dumps IPv4 only for the main table or a numbered one unless asked for IPv6.
  const bothFamilies = q.table === 'all' || q.table === 'local';
  const family = q.family ?? (bothFamilies ? undefined : 4);
  const routes = net.routes.filter(
    (r) => byTable(r) && (!family || r.family === family) && (!q.dev || r.dev === q.dev),
  );
  const known = net.routes.some(byTable) || q.table === 'default';
  return known ? routes : undefined;
}

function showsTable(r: Route, q: RouteQuery): boolean {
  return q.table === 'all' && r.table !== 'main';
}

export function renderRoutes(routes: Route[], q: RouteQuery, p: Paint): string {
  const out = routes.map((r) => {
    let line = r.type ? `${r.type} ` : '';
    line += r.dst === 'default' ? 'default' : paintAddress(p, r.dst);
    if (r.gateway) line += ` via ${paintAddress(p, r.gateway)}`;
    // A blackhole route has no device.
    if (!q.dev && r.dev) line += ` dev ${p.ifname(r.dev)}`;
    if (showsTable(r, q)) line += ` table ${r.table}`;
    if (r.protocol) line += ` proto ${r.protocol}`;
    if (r.scope) line += ` scope ${r.scope}`;
    if (r.prefsrc) line += ` src ${paintAddress(p, r.prefsrc)}`;
    if (r.metric !== undefined) line += ` metric ${r.metric}`;
    if (r.isOnlink) line += ' onlink';
    if (r.family === 6) line += ' pref medium';
    return line;
  });
  return out.length ? `${out.join('\n')}\n` : '';
}

export function renderRoutesJson(routes: Route[], q: RouteQuery): string {
  const items = routes.map((r) => {
    const o: Record<string, unknown> = {};
    if (r.type) o.type = r.type;
    o.dst = r.dst;
    if (r.gateway) o.gateway = r.gateway;
    if (!q.dev && r.dev) o.dev = r.dev;
    if (showsTable(r, q)) o.table = String(r.table);
    if (r.protocol) o.protocol = r.protocol;
    if (r.scope) o.scope = r.scope;
    if (r.prefsrc) o.prefsrc = r.prefsrc;
    if (r.metric !== undefined) o.metric = r.metric;
    o.flags = r.isOnlink ? ['onlink'] : [];
    if (r.family === 6) o.pref = 'medium';
    return o;
  });
  return `${JSON.stringify(items)}\n`;
}

/** `ip rule`: priority, a tab, then the selector and the table. */
export function renderRules(rules: PolicyRule[], p: Paint): string {
  const out = rules.map((r) => {
    let line = `${r.priority}:\tfrom ${r.from === 'all' ? 'all' : paintAddress(p, r.from)}`;
    if (r.to) line += ` to ${paintAddress(p, r.to)}`;
    if (r.fwmark) line += ` fwmark ${r.fwmark.value}/${r.fwmark.mask}`;
    return `${line} lookup ${r.table}`;
  });
  return `${out.join('\n')}\n`;
}

export function renderRulesJson(rules: PolicyRule[]): string {
  const items = rules.map((r) => ({
    priority: r.priority,
    src: r.from,
    ...(r.to ? { dst: r.to } : {}),
    ...(r.fwmark ? { fwmark: r.fwmark.value, fwmask: r.fwmark.mask } : {}),
    table: r.table,
  }));
  return `${JSON.stringify(items)}\n`;
}

/** net-tools `route -n`: the main IPv4 table in the kernel's fixed-width layout. */
export function renderRouteN(net: HostNet): string {
  const rows = net.routes
    .filter((r) => r.family === 4 && r.table === 'main')
    .map((r) => {
      const [dst = '', prefixText] = r.dst === 'default' ? ['0.0.0.0', '0'] : r.dst.split('/');
      const prefix = Number(prefixText ?? 32);
      const flags = `U${r.gateway ? 'G' : ''}${prefix === 32 ? 'H' : ''}`;
      // A blackhole route (Calico's own block) has no device: /proc/net/route names it `*`.
      return (
        `${dst.padEnd(15)} ${(r.gateway ?? '0.0.0.0').padEnd(15)} ${netmaskOf(prefix).padEnd(15)} ` +
        `${flags.padEnd(5)} ${String(r.metric ?? 0).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${r.dev || '*'}`
      );
    });
  return (
    [
      'Kernel IP routing table',
      'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
      ...rows,
    ].join('\n') + '\n'
  );
}

export function renderNeighbours(list: Neighbour[], dev: string | undefined, p: Paint): string {
  const out = list
    .filter((n) => !dev || n.dev === dev)
    .map(
      (n) =>
        `${paintAddress(p, n.dst)}${dev ? '' : ` dev ${p.ifname(n.dev)}`} lladdr ${p.mac(n.lladdr)} ${n.state}`,
    );
  return out.length ? `${out.join('\n')}\n` : '';
}

export function renderNeighboursJson(list: Neighbour[], dev: string | undefined): string {
  const items = list
    .filter((n) => !dev || n.dev === dev)
    .map((n) => ({
      dst: n.dst,
      ...(dev ? {} : { dev: n.dev }),
      lladdr: n.lladdr,
      state: [n.state],
    }));
  return `${JSON.stringify(items)}\n`;
}

export interface RouteLookup {
  dst: string;
  type?: 'local';
  gateway?: string;
  dev: string;
  prefsrc: string;
  table?: string;
}

/** `ip route get`: walks the policy rules the way the kernel does for a locally sent packet. */
export function lookupRoute(
  net: HostNet,
  dst: string,
  localIps: string[],
): RouteLookup | undefined {
  if (localIps.includes(dst) || dst.startsWith('127.')) {
    return { dst, type: 'local', dev: 'lo', prefsrc: dst.startsWith('127.') ? '127.0.0.1' : dst };
  }
  for (const rule of net.rules) {
    if (rule.from !== 'all' || rule.fwmark || (rule.to && rule.to !== dst)) continue;
    if (rule.table === 'local') continue;
    const candidates = net.routes.filter(
      (r) =>
        r.family === 4 &&
        String(r.table) === rule.table &&
        (r.dst === 'default' || inCidr(dst, r.dst.includes('/') ? r.dst : `${r.dst}/32`)),
    );
    const best = candidates.sort((a, b) => prefixLength(b) - prefixLength(a))[0];
    if (!best) continue;
    if (best.type === 'blackhole') return undefined;
    const prefsrc = best.prefsrc ?? overlaySource(net, best.dev) ?? localIps[0] ?? '';
    return {
      dst,
      ...(best.gateway ? { gateway: best.gateway } : {}),
      dev: best.dev,
      prefsrc,
      ...(rule.table !== 'main' ? { table: rule.table } : {}),
    };
  }
  return undefined;
}

/** Out of a tunnel or bridge the kernel takes the device's own address (`10.244.1.0` on flannel.1). */
function overlaySource(net: HostNet, dev: string): string | undefined {
  const link = net.links.find((l) => l.ifname === dev);
  if (!link || !['ipip', 'vxlan', 'bridge'].includes(link.kind)) return undefined;
  return link.addresses.find((a) => a.family === 'inet')?.local;
}

function prefixLength(r: Route): number {
  return r.dst === 'default' ? 0 : Number(r.dst.split('/')[1] ?? 32);
}

export function renderRouteGet(found: RouteLookup, uid: number, p: Paint): string {
  let line = found.type ? `local ${paintAddress(p, found.dst)}` : paintAddress(p, found.dst);
  if (found.gateway) line += ` via ${paintAddress(p, found.gateway)}`;
  line += ` dev ${p.ifname(found.dev)}`;
  if (found.table) line += ` table ${found.table}`;
  line += ` src ${paintAddress(p, found.prefsrc)} uid ${uid}`;
  return `${line}\n    cache${found.type ? ' <local>' : ''}\n`;
}
