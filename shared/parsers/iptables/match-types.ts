import type { InterfaceSpec, PortSpec } from './basic-types';

/** Match records of a decoded rule, one per `-m module`, discriminated by `kind`. */

/** `--src-type LOCAL` / `dst-type !LOCAL` of the addrtype match. */
export interface AddrTypeSpec {
  isNegated: boolean;
  types: string[];
}

/** `-m comment --comment "…"`; a rule may carry several. */
export interface CommentMatch {
  kind: 'comment';
  module: string;
  text: string;
}

/** Port matches of `-m tcp|udp|sctp|udplite|dccp` and `-m multiport`. */
export interface PortsMatch {
  kind: 'ports';
  module: string;
  sport: PortSpec | null;
  dport: PortSpec | null;
  /** multiport `--ports` (either direction). */
  ports: PortSpec | null;
  /** Options kept as text: `--tcp-flags FIN,SYN SYN`, `--syn`, … */
  args: string[];
}

/** `-m statistic --mode random --probability 0.5` or `--mode nth --every 2 --packet 0`. */
export interface StatisticMatch {
  kind: 'statistic';
  module: string;
  isNegated: boolean;
  mode: string | null;
  probability: number | null;
  every: number | null;
  packet: number | null;
}

/** `-m mark --mark 0x4000/0x4000` and `-m connmark --mark …`. */
export interface MarkMatch {
  kind: 'mark';
  module: string;
  isNegated: boolean;
  /** As written, e.g. `0x4000/0x4000`. */
  text: string;
  value: number | null;
  mask: number | null;
}

/** `-m addrtype [!] --src-type T [!] --dst-type T`. */
export interface AddrTypeMatch {
  kind: 'addrtype';
  module: string;
  srcType: AddrTypeSpec | null;
  dstType: AddrTypeSpec | null;
  args: string[];
}

/** `-m recent --name N --rcheck --seconds 10800 --reap --rsource --mask M` (session affinity). */
export interface RecentMatch {
  kind: 'recent';
  module: string;
  isNegated: boolean;
  name: string | null;
  action: 'set' | 'rcheck' | 'update' | 'remove' | null;
  seconds: number | null;
  hitcount: number | null;
  isReap: boolean;
  isRttl: boolean;
  side: 'source' | 'dest' | null;
  mask: string | null;
}

/** `-m set [!] --match-set NAME dst,dst`. */
export interface SetMatch {
  kind: 'set';
  module: string;
  isNegated: boolean;
  setName: string;
  /** `dst,dst` → `['dst', 'dst']`. */
  flags: string[];
  args: string[];
}

/** `-m conntrack [!] --ctstate A,B` and `-m state --state A,B`. */
export interface ConntrackMatch {
  kind: 'conntrack';
  module: string;
  isNegated: boolean;
  states: string[] | null;
  /** Other conntrack options (`--ctstatus`, `--ctorigdst`, …) as text. */
  args: string[];
}

/** `-m ipvs [!] --ipvs [--vaddr …]`. */
export interface IpvsMatch {
  kind: 'ipvs';
  module: string;
  isNegated: boolean;
  args: string[];
}

/** `-m physdev --physdev-in X --physdev-is-bridged …`. */
export interface PhysdevMatch {
  kind: 'physdev';
  module: string;
  physdevIn: InterfaceSpec | null;
  physdevOut: InterfaceSpec | null;
  isIn: boolean;
  isOut: boolean;
  isBridged: boolean;
  args: string[];
}

/** Any other match module, kept as its option tokens (`-m nfacct --nfacct-name x`). */
export interface GenericMatch {
  kind: 'generic';
  module: string;
  args: string[];
}

/** One `-m module …` of a rule, discriminated by `kind`. */
export type IptablesMatch =
  | CommentMatch
  | PortsMatch
  | StatisticMatch
  | MarkMatch
  | AddrTypeMatch
  | RecentMatch
  | SetMatch
  | ConntrackMatch
  | IpvsMatch
  | PhysdevMatch
  | GenericMatch;
