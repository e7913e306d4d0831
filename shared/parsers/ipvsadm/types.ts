/**
 * The structured form of `ipvsadm -L [-n] [--stats | --rate]`: virtual services, each with its
 * real servers. Absent facts are `null`.
 */

/** An address column: `10.0.0.1:443`, `[fd00::1]:53`, `100.64.134.163:postgresql`, or a hostname cut to the column. */
export interface IpvsAddress {
  /** As printed. */
  text: string;
  /** The IP: printed, or recovered from an `ip-10-100-0-1…` hostname; null when unknown. */
  ip: string | null;
  port: number | null;
  /** The hostname when `-n` was not given. */
  hostname: string | null;
  /** The service name when the port was printed by name (`http`). */
  portName: string | null;
  /** True when ip and port are both known for certain (printed as numbers, or a known port name). */
  isResolved: boolean;
  /** Why not: `hostname cut to the column width`, `unknown port name "x"`, … */
  problem: string | null;
}

/** `--stats` totals. `isApproximate` when ipvsadm printed a K/M/G suffix. */
export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  isApproximate: boolean;
}

/** `--rate` per-second figures. */
export interface IpvsRate {
  cps: number;
  inPps: number;
  outPps: number;
  inBps: number;
  outBps: number;
  isApproximate: boolean;
}

/** `  -> 10.244.0.5:53  Masq  1  0  0`. */
export interface IpvsRealServer {
  address: IpvsAddress;
  /** Masq, Route, Tunnel, Local. */
  forward: string | null;
  weight: number | null;
  activeConn: number | null;
  inactConn: number | null;
  /** `--persistent-conn` listings. */
  persistConn: number | null;
  stats: IpvsStats | null;
  rate: IpvsRate | null;
  line: number;
  raw: string;
}

/** `TCP  10.0.0.1:443 rr persistent 10800` and its real servers. */
export interface IpvsVirtualService {
  /** TCP, UDP, SCTP or FWM. */
  protocol: string;
  address: IpvsAddress;
  /** For FWM services: the firewall mark. */
  fwmark: number | null;
  scheduler: string | null;
  /** `persistent N`: seconds; null when not persistent. */
  persistentTimeout: number | null;
  /** `mask M` of a persistent service. */
  netmask: string | null;
  /** `ops`: one-packet scheduling. */
  isOnePacket: boolean;
  /** `pe NAME`: persistence engine. */
  persistenceEngine: string | null;
  /** Words after the scheduler that were not understood, kept as printed. */
  flags: string[];
  stats: IpvsStats | null;
  rate: IpvsRate | null;
  realServers: IpvsRealServer[];
  line: number;
  raw: string;
}

/** Which columns the listing had (a paste may hold several). */
export type IpvsColumns = 'list' | 'stats' | 'rate' | 'persistent-conn' | 'thresholds';

/** One `ipvsadm` listing. */
export interface IpvsListing {
  /** `IP Virtual Server version 1.2.1 (size=4096)`. */
  version: string | null;
  tableSize: number | null;
  columns: IpvsColumns[];
  services: IpvsVirtualService[];
}
