import { parseIpAddrJson, parseIpRoute, parseIpRule } from '../../parsers/ip';
import type { IpLink, IpRoute, IpRule } from '../../parsers/ip';
import { parseIptables, type IptablesTable } from '../../parsers/iptables';
import { parseIpvsadm } from '../../parsers/ipvsadm';
import { splitLines } from '../../parsers/parse-result';
import { servicesFromIpvs, servicesFromIptables, type ServicePort } from '../kube-proxy';
import { cidrContains } from '../../net/ipv4';
import { tableName } from './policy-routing';
import type { NodeOutputs } from './types';

/** One node's outputs, parsed once. */
export interface NodeState {
  host: string;
  rules: IpRule[];
  routes: IpRoute[];
  links: IpLink[];
  nat: IptablesTable | undefined;
  /** Service ports from iptables mode, else from IPVS. */
  services: ServicePort[];
  mode: 'iptables' | 'ipvs' | 'none';
  ipvsLines: string[];
  /** Every IPv4 address configured on the node. */
  addresses: Set<string>;
  warnings: string[];
}

/** Parses what {@link NodeOutputs} holds; parse warnings become the node's warnings. */
export function readNode(out: NodeOutputs): NodeState {
  const warnings: string[] = [];
  const note = (what: string, ws: { line: number; message: string }[]) => {
    for (const w of ws.slice(0, 5))
      warnings.push(`${out.host}: ${what} line ${w.line}: ${w.message}`);
  };
  const rules = parseIpRule(out.ipRule);
  note('ip rule', rules.warnings);
  const routes = parseIpRoute(out.ipRoute);
  note('ip route', routes.warnings);
  const links = parseIpAddrJson(out.ipAddrJson);
  note('ip -j addr', links.warnings);
  const ruleset = parseIptables(out.iptablesNat);
  const nat = ruleset.value.tables.find((t) => t.name === 'nat');
  let services: ServicePort[] = [];
  let mode: NodeState['mode'] = 'none';
  if (nat !== undefined && nat.chains.some((c) => c.name.startsWith('KUBE-SVC-'))) {
    services = servicesFromIptables(ruleset.value).value;
    mode = 'iptables';
  } else if (out.ipvsadm.trim() !== '') {
    const listing = parseIpvsadm(out.ipvsadm);
    note('ipvsadm', listing.warnings);
    services = servicesFromIpvs(listing.value).value;
    mode = services.length > 0 ? 'ipvs' : 'none';
  }
  const addresses = new Set<string>();
  for (const l of links.value)
    for (const a of l.addresses) if (a.family === 'inet') addresses.add(a.address);
  return {
    host: out.host,
    rules: rules.value,
    routes: routes.value,
    links: links.value,
    nat,
    services,
    mode,
    ipvsLines: splitLines(out.ipvsadm),
    addresses,
    warnings,
  };
}

/** The main-table host route to `ip` through a device (a pod's veth), if the node has one. */
export function hostRouteTo(node: NodeState, ip: string): IpRoute | undefined {
  return node.routes.find(
    (r) =>
      tableName(r.table) === 'main' &&
      r.type === undefined &&
      r.dev !== undefined &&
      r.via === undefined &&
      (r.dst === ip || r.dst === `${ip}/32`),
  );
}

/**
 * The connected route of a bridge (Flannel's and the bridge plugin's `cni0`) holding `ip`: pods
 * behind a bridge have no /32 route, only their node's block on the bridge. A device counts as a
 * bridge when some link names it as its master, so an uplink's subnet route never qualifies.
 */
export function bridgeRouteTo(node: NodeState, ip: string): IpRoute | undefined {
  const bridges = new Set(node.links.flatMap((l) => (l.master === undefined ? [] : [l.master])));
  return node.routes.find(
    (r) =>
      tableName(r.table) === 'main' &&
      r.type === undefined &&
      r.via === undefined &&
      r.dev !== undefined &&
      bridges.has(r.dev) &&
      r.dst !== undefined &&
      r.dst.includes('/') &&
      cidrContains(r.dst, ip),
  );
}

/**
 * The node behind which `ip` lives: a host route to a veth, a bridge's connected route holding
 * it, or an address of its own.
 */
export function ownerOf(
  nodes: readonly NodeState[],
  ip: string,
): { node: NodeState; route?: IpRoute } | undefined {
  for (const node of nodes) {
    const route = hostRouteTo(node, ip);
    if (route !== undefined) return { node, route };
  }
  for (const node of nodes) {
    const route = bridgeRouteTo(node, ip);
    if (route !== undefined) return { node, route };
  }
  const own = nodes.find((n) => n.addresses.has(ip));
  return own === undefined ? undefined : { node: own };
}

/** The first IPv4 address of a device (the source a node picks for traffic leaving it). */
export function addressOf(node: NodeState, dev: string): string | undefined {
  return node.links.find((l) => l.ifname === dev)?.addresses.find((a) => a.family === 'inet')
    ?.address;
}

/**
 * The address a node's own packet takes when its route names none (a pod's veth has no
 * address): the kernel picks the primary one, as on the default route (`src` or its device's).
 */
export function primaryAddress(node: NodeState): string | undefined {
  const main = node.routes.find((r) => r.dst === 'default' && tableName(r.table) === 'main');
  return main?.src ?? (main?.dev === undefined ? undefined : addressOf(node, main.dev));
}
