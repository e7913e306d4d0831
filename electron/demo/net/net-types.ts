/**
 * The shapes of a host's kernel networking state (links, routes, policy rules, neighbours) as the
 * demo derives it from the model and the `ip` renderers print it.
 */

export interface Address {
  family: 'inet' | 'inet6';
  local: string;
  prefixlen: number;
  metric?: number;
  broadcast?: string;
  scope: 'host' | 'global' | 'link';
  protocol?: 'kernel_ll';
  isDynamic?: boolean;
  isNoPrefixRoute?: boolean;
  label?: string;
  /** Seconds, or undefined for forever. */
  lifetime?: number;
}

export interface Link {
  ifindex: number;
  ifname: string;
  kind: 'loopback' | 'ena' | 'veth' | 'dummy' | 'ether' | 'bridge' | 'vxlan' | 'ipip';
  flags: string[];
  mtu: number;
  qdisc: string;
  operstate: 'UP' | 'UNKNOWN' | 'DOWN';
  txqlen?: number;
  mac: string;
  altname?: string;
  /** veth: the peer's ifindex in the pod's netns and that netns. */
  peer?: { ifindex: number; netnsName: string; netnsId: number };
  addresses: Address[];
  /** A bridge port's bridge (`master cni0`). */
  master?: string;
  /** What `ip -d link` adds (overlay clusters only): the kind and a tunnel's settings. */
  details?: LinkDetails;
}

export interface LinkDetails {
  kind: 'veth' | 'bridge' | 'vxlan' | 'ipip';
  /** VXLAN: VNI, local address, UDP port and underlay device. */
  vxlan?: { id: number; local: string; port: number; dev: string };
}

export interface Route {
  family: 4 | 6;
  /** A number for the VPC CNI's per-ENI tables. */
  table: 'main' | 'local' | number;
  type?: 'local' | 'broadcast' | 'multicast' | 'blackhole';
  dst: string;
  gateway?: string;
  dev: string;
  protocol?: 'dhcp' | 'kernel' | 'bird' | 'static';
  /** `onlink`: the gateway is reached through the device without a route to it (tunnels). */
  isOnlink?: boolean;
  scope?: 'link' | 'host';
  prefsrc?: string;
  metric?: number;
}

export interface PolicyRule {
  priority: number;
  from: string;
  to?: string;
  fwmark?: { value: string; mask: string };
  table: string;
}

export interface Neighbour {
  dst: string;
  dev: string;
  lladdr: string;
  state: 'REACHABLE' | 'STALE' | 'PERMANENT';
}

export interface HostNet {
  links: Link[];
  routes: Route[];
  rules: PolicyRule[];
  neighbours: Neighbour[];
}
