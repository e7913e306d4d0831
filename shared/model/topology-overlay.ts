/**
 * The overlay side of a node (minikube/Calico, kubeadm/Flannel, and the veths of any CNI): the
 * bridges with their member veths (`cni0`), tunnel devices with their kind (`tunl0` ipip,
 * `vxlan.calico` and `flannel.1` vxlan), the host ends of veth pairs with their peer's interface
 * index and namespace id (`@ifN`, `link-netnsid`), and the node's pod CIDRs from kubectl.
 * Read from `ip -j addr` (addresses, master, peers) and `ip -j -d link` (each link's kind).
 */
import { z } from 'zod';
import type { IpLink } from '../parsers/ip';
import type { Parsed, ParseWarning } from '../parsers/parse-result';
import type { TopologyOverlay } from './topology';

/** What `ip -j -d link` adds for one link: its kind and, for a tunnel, its settings. */
export interface LinkDetails {
  ifname: string;
  /** `linkinfo.info_kind`: bridge, veth, vxlan, ipip, … */
  kind?: string;
  /** VXLAN network identifier (`info_data.id`). */
  vni?: number;
  /** Tunnel's local address (`info_data.local`). */
  local?: string;
  /** VXLAN UDP port (`info_data.port`). */
  port?: number;
}

const DetailsJson = z.object({
  ifname: z.string(),
  linkinfo: z
    .object({
      info_kind: z.string().optional(),
      info_data: z
        .object({
          id: z.number().int().optional(),
          local: z.string().optional(),
          port: z.number().int().optional(),
        })
        .loose()
        .optional(),
    })
    .loose()
    .optional(),
});

/**
 * Parses `ip -j -d link`: one {@link LinkDetails} per link. Never throws; an element without
 * `ifname` is a warning. Sample element: `{"ifname":"flannel.1","linkinfo":{"info_kind":"vxlan",
 * "info_data":{"id":1,"local":"192.168.49.2","port":8472}}}` → `{ ifname: 'flannel.1',
 * kind: 'vxlan', vni: 1, local: '192.168.49.2', port: 8472 }`.
 */
export function parseIpLinkDetails(text: string): Parsed<LinkDetails[]> {
  const warnings: ParseWarning[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { value: [], warnings: [{ line: 1, message: `not JSON: ${message}` }] };
  }
  if (!Array.isArray(data))
    return { value: [], warnings: [{ line: 1, message: 'expected a JSON array (ip -j -d link)' }] };
  const value: LinkDetails[] = [];
  data.forEach((item, i) => {
    const parsed = DetailsJson.safeParse(item);
    if (!parsed.success) {
      warnings.push({ line: 0, message: `[${i}]: not a link with an ifname` });
      return;
    }
    const info = parsed.data.linkinfo;
    const d = info?.info_data;
    value.push({
      ifname: parsed.data.ifname,
      ...(info?.info_kind === undefined ? {} : { kind: info.info_kind }),
      ...(d?.id === undefined ? {} : { vni: d.id }),
      ...(d?.local === undefined ? {} : { local: d.local }),
      ...(d?.port === undefined ? {} : { port: d.port }),
    });
  });
  return { value, warnings };
}

const TUNNEL_KINDS = new Set(['vxlan', 'ipip', 'gre', 'geneve', 'sit', 'ip6tnl', 'wireguard']);

const inet = (link: IpLink) =>
  link.addresses.filter((a) => a.family === 'inet').map((a) => `${a.address}/${a.prefixlen}`);

/**
 * A node's overlay from its links and their details; undefined when neither source answered.
 * Without `ip -j -d link`, a bridge is known by having members and a veth by its peer's
 * namespace; tunnels need their kind (ipip's `link/ipip` is enough).
 */
export function nodeOverlay(
  links: readonly IpLink[] | undefined,
  details: readonly LinkDetails[] | undefined,
  podCidrs: readonly string[] | undefined,
  sources: string[],
): TopologyOverlay | undefined {
  if (!links && !details) return undefined;
  const kindOf = new Map((details ?? []).map((d) => [d.ifname, d]));
  const all =
    links ??
    details?.map((d): IpLink => ({
      ifname: d.ifname,
      line: 0,
      raw: '',
      state: '',
      flags: [],
      altnames: [],
      addresses: [],
    })) ??
    [];
  const masters = new Set(all.flatMap((l) => (l.master ? [l.master] : [])));
  const bridges = all
    .filter((l) => {
      const kind = kindOf.get(l.ifname)?.kind;
      return kind === 'bridge' || (kind === undefined && masters.has(l.ifname));
    })
    .map((l) => ({
      name: l.ifname,
      addresses: inet(l),
      members: all.filter((m) => m.master === l.ifname).map((m) => m.ifname),
    }));
  const tunnels = all.flatMap((l) => {
    const d = kindOf.get(l.ifname);
    const kind = d?.kind ?? (l.linkType === 'ipip' ? 'ipip' : undefined);
    if (kind === undefined || !TUNNEL_KINDS.has(kind)) return [];
    return [
      {
        name: l.ifname,
        kind,
        ...(d?.vni === undefined ? {} : { vni: d.vni }),
        ...(d?.local === undefined ? {} : { local: d.local }),
        ...(d?.port === undefined ? {} : { port: d.port }),
        addresses: inet(l),
      },
    ];
  });
  const veths = all.flatMap((l) => {
    const kind = kindOf.get(l.ifname)?.kind;
    const isVeth = kind === 'veth' || (kind === undefined && l.linkNetnsid !== undefined);
    if (!isVeth) return [];
    return [
      {
        name: l.ifname,
        ...(l.ifindex === undefined ? {} : { ifindex: l.ifindex }),
        // `@ifN` / link_index: the peer's index in its own namespace.
        ...(l.peerIfindex === undefined ? {} : { peerIfindex: l.peerIfindex }),
        ...(l.linkNetnsid === undefined ? {} : { peerNetnsId: l.linkNetnsid }),
        // A peer in the same namespace is named (`veth1@eth0`).
        ...(l.linkName === undefined ? {} : { peerName: l.linkName }),
        ...(l.master === undefined ? {} : { master: l.master }),
        isCalico: l.ifname.startsWith('cali'),
      },
    ];
  });
  return {
    ...(podCidrs && podCidrs.length > 0 ? { podCidrs: [...podCidrs] } : {}),
    bridges,
    tunnels,
    veths,
    sources,
  };
}
