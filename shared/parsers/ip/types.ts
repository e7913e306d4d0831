/**
 * Records read from iproute2 output. Every record keeps where it came from: for text, `line`
 * (1-based) and `raw` (the line as printed); for `ip -j`, `line` is 0, `raw` is the element's
 * compact JSON and `path` its index (`[3]`).
 */
export interface IpSource {
  line: number;
  raw: string;
  path?: string;
}

/**
 * One policy-routing rule (`ip rule`, `ip -j rule`). Selectors that say `all` are left out:
 * `from` is absent for `from all`. `table` is always a string ("main", "local", "2", "eni-1").
 */
export interface IpRule extends IpSource {
  priority: number;
  /** `not` before the selector: the rule matches packets the selector does NOT match. */
  not?: boolean;
  from?: string;
  to?: string;
  /** Mark and optional mask as printed: `0x80/0x80`, `0x200/0xf00`. */
  fwmark?: string;
  iif?: string;
  oif?: string;
  tos?: string;
  uidrange?: string;
  ipproto?: string;
  sport?: string;
  dport?: string;
  l3mdev?: boolean;
  /** Table looked up, when the action is `lookup` (also written `table`). */
  table?: string;
  /** Non-lookup actions: `blackhole`, `unreachable`, `prohibit`, `goto`, `nop`. */
  action?: string;
  gotoPriority?: number;
  suppressPrefixlength?: number;
  /** Tokens the parser did not recognise, in order (each also raised a warning). */
  extra?: string[];
}

/** One nexthop of a multipath route (`nexthop via … dev … weight …`). */
export interface IpNexthop {
  via?: string;
  dev?: string;
  weight?: number;
  flags: string[];
}

/**
 * One route (`ip route`, `ip route show table all`, `ip -j route`). `dst` is `default` for the
 * default route; `table` is `main` when the output does not say.
 */
export interface IpRoute extends IpSource {
  dst: string;
  /** Route type when printed or not unicast: local, broadcast, blackhole, unreachable, prohibit, throw, multicast, anycast, nat. */
  type?: string;
  via?: string;
  dev?: string;
  table: string;
  proto?: string;
  scope?: string;
  src?: string;
  metric?: number;
  mtu?: number;
  pref?: string;
  /** Per-route flags: onlink, linkdown, pervasive, offload, trap, dead, notify… */
  flags: string[];
  onlink?: boolean;
  nexthops?: IpNexthop[];
  extra?: string[];
}

/** One address of a link (`inet …`, `inet6 …` lines, `addr_info[]`). */
export interface IpAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefixlen: number;
  /** Point-to-point peer (`peer 10.0.0.2/32`). */
  peer?: string;
  scope?: string;
  broadcast?: string;
  label?: string;
  secondary?: boolean;
  metric?: number;
  /** Other address flags: dynamic, noprefixroute, mngtmpaddr, temporary, tentative, deprecated… */
  flags: string[];
  /** Line of the `inet` line in text output (0 for JSON). */
  line: number;
}

/**
 * One network interface (`ip addr`, `ip link`, `ip -br addr`, `ip -j addr|link`). Fields a
 * format does not print are absent: `ip -br addr` gives only ifname, state and addresses.
 */
export interface IpLink extends IpSource {
  ifindex?: number;
  ifname: string;
  /** Peer interface index of a veth, from `eth0@if231` or `link_index`. */
  peerIfindex?: number;
  /**
   * The device named after `@` when it is a name, not `ifN`: a VLAN's lower device
   * (`vlan.eth.2@eth2`) or a veth peer in the same namespace. From `link` in JSON.
   */
  linkName?: string;
  /** `link-netnsid 4`: the peer's network namespace id. */
  linkNetnsid?: number;
  /** `link-netns cni-…`: the peer's network namespace by name (newer iproute2). */
  linkNetns?: string;
  /** link/ether, link/loopback, link/none, link/ipip… */
  linkType?: string;
  /** Link-layer address as printed: a MAC for ether links, an IPv4 address for sit/ipip. */
  mac?: string;
  mtu?: number;
  /** Operational state: UP, DOWN, UNKNOWN, LOWERLAYERDOWN… */
  state: string;
  /** Interface flags between `<…>`: BROADCAST, UP, LOWER_UP, NO-CARRIER, M-DOWN… */
  flags: string[];
  master?: string;
  altnames: string[];
  qdisc?: string;
  addresses: IpAddress[];
}

/** One neighbour (ARP/NDP) entry (`ip neigh`, `ip -j neigh`). */
export interface IpNeighbor extends IpSource {
  address: string;
  dev?: string;
  lladdr?: string;
  /** NUD states: REACHABLE, STALE, PERMANENT, FAILED, INCOMPLETE, DELAY, PROBE, NOARP… */
  states: string[];
  router?: boolean;
  proxy?: boolean;
}
