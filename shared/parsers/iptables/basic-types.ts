/** Small value records shared by rules and matches. */

/** Packet and byte counters. `isApproximate` when `-L` printed them with a K/M/G suffix. */
export interface Counters {
  packets: number;
  bytes: number;
  isApproximate: boolean;
}

/** An address or network as written (`10.0.0.0/8`, `172.30.0.41`), possibly negated with `!`. */
export interface AddressSpec {
  isNegated: boolean;
  address: string;
}

/** An interface name; `isWildcard` when it ends with `+` (`eni+` matches every `eni…`). */
export interface InterfaceSpec {
  isNegated: boolean;
  name: string;
  isWildcard: boolean;
}

/** A protocol (`tcp`, `udp`, `6`), possibly negated. */
export interface ProtocolSpec {
  isNegated: boolean;
  name: string;
}

/** One port or an inclusive range. */
export interface PortRange {
  from: number;
  to: number;
}

/** Ports of `--dport 80`, `--dports 22,80:90` or `dpt:53`, possibly negated. */
export interface PortSpec {
  isNegated: boolean;
  ranges: PortRange[];
  /** The text as written, for ports given by name (`http`) that did not parse as numbers. */
  text: string;
}
