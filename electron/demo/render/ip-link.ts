/**
 * `ip addr`, `ip link` and their `-br` / `-j` forms, in the shape iproute2 6.x prints on an
 * Amazon Linux 2023 EKS node (fixtures/ip/addr-eks-node1-ens5-ens6-altname.txt): no trailing
 * blanks, `altname enp0s5`, `proto kernel_ll` on link-local addresses, `link-netns cni-…` on veths.
 */
import type { Address, Link } from '../net/host-net';
import { paintAddress, type Paint } from './colors';

export interface LinkView {
  family?: 'inet' | 'inet6';
  paint: Paint;
  /** `ip -d`: the kind lines (JSON `linkinfo`) of links that carry details. */
  details?: boolean;
}

function ifnameWithPeer(link: Link): string {
  if (link.kind === 'ipip') return `${link.ifname}@NONE`;
  return link.peer ? `${link.ifname}@if${link.peer.ifindex}` : link.ifname;
}

/** `link/ether`, `link/loopback` or `link/ipip` and the broadcast address of that type. */
function linkType(link: Link): { type: string; brd: string } {
  if (link.kind === 'loopback') return { type: 'loopback', brd: '00:00:00:00:00:00' };
  if (link.kind === 'ipip') return { type: 'ipip', brd: '0.0.0.0' };
  return { type: 'ether', brd: 'ff:ff:ff:ff:ff:ff' };
}

/** What `ip -d link` prints under the link line (iproute2 6.x, shortened to the kind's settings). */
function detailLines(link: Link): string[] {
  const d = link.details;
  if (!d) return [];
  const head = `    promiscuity ${d.kind === 'bridge' || link.master ? 1 : 0} allmulti 0 minmtu 68 maxmtu 65535 `;
  switch (d.kind) {
    case 'veth':
      return link.master
        ? [
            `${head}`,
            '    veth ',
            `    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off root_block off fastleave off learning on flood on mcast_flood on`,
          ]
        : [`${head}`, '    veth addrgenmode eui64 numtxqueues 1 numrxqueues 1'];
    case 'bridge':
      return [
        `${head}`,
        '    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q addrgenmode eui64 numtxqueues 1 numrxqueues 1',
      ];
    case 'ipip':
      return [
        `${head}`,
        '    ipip any remote any local any ttl inherit nopmtudisc addrgenmode eui64 numtxqueues 1 numrxqueues 1',
      ];
    case 'vxlan': {
      const v = d.vxlan;
      return [
        `${head}`,
        `    vxlan id ${v?.id ?? 0} local ${v?.local ?? 'any'} dev ${v?.dev ?? ''} srcport 0 0 dstport ${v?.port ?? 0} nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1`,
      ];
    }
  }
}

/** `ip -j -d link`'s `linkinfo` for a link that carries details. */
function linkInfoJson(link: Link): JsonObject | undefined {
  const d = link.details;
  if (!d) return undefined;
  const info: JsonObject = { info_kind: d.kind };
  if (d.kind === 'vxlan' && d.vxlan)
    info.info_data = {
      id: d.vxlan.id,
      local: d.vxlan.local,
      link: d.vxlan.dev,
      port: d.vxlan.port,
      port_range: { low: 0, high: 0 },
      learning: false,
      ttl: 0,
      ageing: 300,
    };
  if (d.kind === 'ipip')
    info.info_data = { proto: 'ip', remote: 'any', local: 'any', ttl: 0, pmtudisc: false };
  if (d.kind === 'bridge') info.info_data = { forward_delay: 1500, stp_state: 0, priority: 32768 };
  if (link.master) info.info_slave_kind = 'bridge';
  return info;
}

function header(link: Link, p: Paint, mode: 'addr' | 'link'): string {
  const qlen = link.txqlen ? ` qlen ${link.txqlen}` : '';
  const modeText = mode === 'link' ? ' mode DEFAULT' : '';
  const master = link.master ? ` master ${link.master}` : '';
  return (
    `${link.ifindex}: ${p.ifname(ifnameWithPeer(link))}: <${link.flags.join(',')}> mtu ${link.mtu} qdisc ${link.qdisc}${master} ` +
    `state ${p.state(link.operstate)}${modeText} group default${qlen}`
  );
}

/** `link-netns cni-…` for a named netns; an unnamed one (the host's, seen from a pod) by id. */
function netnsText(peer: NonNullable<Link['peer']>): string {
  return peer.netnsName ? ` link-netns ${peer.netnsName}` : ` link-netnsid ${peer.netnsId}`;
}

function linkLine(link: Link, p: Paint): string {
  const { type, brd } = linkType(link);
  const netns = link.peer ? netnsText(link.peer) : '';
  return `    link/${type} ${p.mac(link.mac)} brd ${p.mac(brd)}${netns}`;
}

function addressLines(a: Address, p: Paint): string[] {
  let line = `    ${a.family} ${paintAddress(p, a.local)}/${a.prefixlen}`;
  if (a.metric !== undefined) line += ` metric ${a.metric}`;
  if (a.broadcast) line += ` brd ${paintAddress(p, a.broadcast)}`;
  line += ` scope ${a.scope}`;
  if (a.protocol) line += ` proto ${a.protocol}`;
  if (a.isDynamic) line += ' dynamic';
  if (a.isNoPrefixRoute) line += ' noprefixroute';
  if (a.label) line += ` ${a.label}`;
  const lft = a.lifetime === undefined ? 'forever' : `${a.lifetime}sec`;
  return [line, `       valid_lft ${lft} preferred_lft ${lft}`];
}

function addressesOf(link: Link, view: LinkView): Address[] {
  return link.addresses.filter((a) => !view.family || a.family === view.family);
}

/** `ip addr [show]`. With a family filter, links without such an address are left out. */
export function renderAddr(links: Link[], view: LinkView): string {
  const out: string[] = [];
  for (const link of links) {
    const addrs = addressesOf(link, view);
    if (view.family && addrs.length === 0) continue;
    // With -4/-6 iproute2 drops the link/ether line and moves `link-netns` onto the header.
    const netns = view.family && link.peer ? netnsText(link.peer) : '';
    out.push(header(link, view.paint, 'addr') + netns);
    if (!view.family) out.push(linkLine(link, view.paint));
    if (!view.family && view.details) out.push(...detailLines(link));
    if (link.altname) out.push(`    altname ${link.altname}`);
    for (const a of addrs) out.push(...addressLines(a, view.paint));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `ip link [show]`. */
export function renderLink(links: Link[], view: LinkView): string {
  const out: string[] = [];
  for (const link of links) {
    out.push(header(link, view.paint, 'link'), linkLine(link, view.paint));
    if (view.details) out.push(...detailLines(link));
    if (link.altname) out.push(`    altname ${link.altname}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function briefName(link: Link, p: Paint): string {
  const name = ifnameWithPeer(link);
  return p.ifname(name) + ' '.repeat(Math.max(1, 17 - name.length));
}

function briefState(link: Link, p: Paint): string {
  return p.state(link.operstate) + ' '.repeat(Math.max(1, 15 - link.operstate.length));
}

/** `ip -br addr`: name (16 wide), state (14 wide), then the addresses. */
export function renderBriefAddr(links: Link[], view: LinkView): string {
  const out: string[] = [];
  for (const link of links) {
    const addrs = addressesOf(link, view);
    if (view.family && addrs.length === 0) continue;
    const cells = addrs.map(
      (a) =>
        `${paintAddress(view.paint, a.local)}/${a.prefixlen}${a.metric !== undefined ? ` metric ${a.metric}` : ''}`,
    );
    out.push(
      (briefName(link, view.paint) + briefState(link, view.paint) + cells.join(' ')).trimEnd(),
    );
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** `ip -br link`: name, state, MAC and flags. */
export function renderBriefLink(links: Link[], view: LinkView): string {
  const out = links.map(
    (link) =>
      `${briefName(link, view.paint)}${briefState(link, view.paint)}${view.paint.mac(link.mac)} <${link.flags.join(',')}>`,
  );
  return out.length ? `${out.join('\n')}\n` : '';
}

type JsonObject = Record<string, unknown>;

function linkJson(link: Link, mode: 'addr' | 'link', details = false): JsonObject {
  const o: JsonObject = { ifindex: link.ifindex };
  if (link.peer) o.link_index = link.peer.ifindex;
  Object.assign(o, {
    ifname: link.ifname,
    flags: link.flags,
    mtu: link.mtu,
    qdisc: link.qdisc,
  });
  if (link.master) o.master = link.master;
  o.operstate = link.operstate;
  if (mode === 'link') o.linkmode = 'DEFAULT';
  o.group = 'default';
  if (link.txqlen) o.txqlen = link.txqlen;
  const { type, brd } = linkType(link);
  o.link_type = type;
  o.address = link.mac;
  o.broadcast = brd;
  if (link.peer) o.link_netnsid = link.peer.netnsId;
  const info = details ? linkInfoJson(link) : undefined;
  if (info) o.linkinfo = info;
  if (link.altname) o.altnames = [link.altname];
  return o;
}

function addressJson(a: Address): JsonObject {
  const o: JsonObject = { family: a.family, local: a.local, prefixlen: a.prefixlen };
  if (a.metric !== undefined) o.metric = a.metric;
  if (a.broadcast) o.broadcast = a.broadcast;
  o.scope = a.scope;
  if (a.protocol) o.protocol = a.protocol;
  if (a.isDynamic) o.dynamic = true;
  if (a.isNoPrefixRoute) o.noprefixroute = true;
  if (a.label) o.label = a.label;
  const lft = a.lifetime ?? 4294967295;
  o.valid_life_time = lft;
  o.preferred_life_time = lft;
  return o;
}

/** `ip -j addr`: one line of JSON, as iproute2 prints it. */
export function renderAddrJson(links: Link[], view: LinkView): string {
  const items = links.flatMap((link) => {
    const addrs = addressesOf(link, view);
    if (view.family && addrs.length === 0) return [];
    return [{ ...linkJson(link, 'addr', view.details), addr_info: addrs.map(addressJson) }];
  });
  return `${JSON.stringify(items)}\n`;
}

export function renderLinkJson(links: Link[], view?: LinkView): string {
  return `${JSON.stringify(links.map((l) => linkJson(l, 'link', view?.details)))}\n`;
}

/** `ip -j -br addr`. */
export function renderBriefAddrJson(links: Link[], view: LinkView): string {
  const items = links.flatMap((link) => {
    const addrs = addressesOf(link, view);
    if (view.family && addrs.length === 0) return [];
    const o: JsonObject = link.peer ? { link_index: link.peer.ifindex } : {};
    Object.assign(o, { ifname: link.ifname, operstate: link.operstate });
    o.addr_info = addrs.map((a) => ({
      local: a.local,
      prefixlen: a.prefixlen,
      ...(a.metric !== undefined ? { metric: a.metric } : {}),
    }));
    return [o];
  });
  return `${JSON.stringify(items)}\n`;
}

export function renderBriefLinkJson(links: Link[]): string {
  const items = links.map((link) => ({
    ...(link.peer ? { link_index: link.peer.ifindex } : {}),
    ifname: link.ifname,
    operstate: link.operstate,
    address: link.mac,
    flags: link.flags,
  }));
  return `${JSON.stringify(items)}\n`;
}
