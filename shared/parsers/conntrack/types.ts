/**
 * One direction of a tracked flow as `conntrack -L` prints it: `src=10.0.0.1 dst=10.96.0.1
 * sport=41244 dport=443`. TCP/UDP/SCTP carry ports; ICMP carries `type`, `code` and `id`.
 */
export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  id?: number;
  /** Per-direction counters, printed only when accounting is on (`nf_conntrack_acct=1`). */
  packets?: number;
  bytes?: number;
  /** Other `key=value` pairs of this tuple (GRE `srckey`, SCTP `vtag`, a tuple `zone`…). */
  extra?: Record<string, string>;
}

/**
 * One connection-tracking entry from `conntrack -L` or `/proc/net/nf_conntrack`, with the line
 * it came from (1-based) and its raw text.
 */
export interface ConntrackEntry {
  line: number;
  raw: string;
  /** Address family: printed by `/proc/net/nf_conntrack` and `-o extended`, else inferred from `src`. */
  l3?: 'ipv4' | 'ipv6';
  /** Printed family number (2 or 10); absent when the output does not print the family. */
  l3num?: number;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `sctp`, `gre`… (`unknown` for protocols conntrack has no name for). */
  protocol: string;
  protonum: number;
  /** Seconds until the entry expires. */
  timeout: number;
  /** Protocol state (`ESTABLISHED`, `TIME_WAIT`, `SYN_SENT`…); UDP and ICMP print none. */
  state?: string;
  /** The tuple as the client sent it: `dst` is the Service VIP for Service traffic. */
  original: ConntrackTuple;
  /** The tuple expected back: `src` is whoever really answers (the backend pod after DNAT). */
  reply: ConntrackTuple;
  /** Bracketed flags in order: `ASSURED`, `UNREPLIED`, `OFFLOAD`, `HW_OFFLOAD`… */
  flags: string[];
  mark?: number;
  zone?: number;
  use?: number;
  secctx?: string;
  /** The kernel's entry id, printed by `conntrack -L -o id`. */
  ctId?: number;
  /** Other trailing `key=value` pairs (`labels`, `delta-time`…), as printed. */
  extra?: Record<string, string>;
}

/**
 * The NAT an entry proves, as `ip:port` strings (`[v6]:port` for IPv6; bare ip for ICMP):
 * client → service (original dst) was answered by backend (reply src).
 */
export interface NatSummary {
  client: string;
  /** What the client dialled: the original destination (a ClusterIP or NodePort). */
  service: string;
  /** Who answered: the reply source (the pod behind the Service when DNAT happened). */
  backend: string;
  /** True when the backend differs from the service, i.e. the destination was rewritten. */
  isDnat: boolean;
  /** Where replies go when the source was rewritten too (node IP for NodePort or egress SNAT). */
  snat?: string;
}
