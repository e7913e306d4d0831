/**
 * A packet's path from a source (pod, node or host) to a destination (Service name, VIP:port or
 * pod IP), as `kubelab trace` prints it: steps built from the parsed state of the hosts involved,
 * each citing the lines it used exactly as the host printed them.
 */

/** What a step is about, in the order a packet meets them. */
export type TraceStepKind =
  'dns' | 'netfilter' | 'masquerade' | 'routing' | 'destination' | 'reply' | 'note';

/** One step of the path. */
export interface TraceStep {
  kind: TraceStepKind;
  /** The host whose state this step was read from (its id in the workspace). */
  host: string;
  /** What happens here, in plain words. */
  text: string;
  /** The rule, route or table lines used, verbatim (`-A KUBE-SVC-… -j KUBE-SEP-…`, `512: from all to …`). */
  lines: string[];
  /** The endpoint (`ip:port`) this step is about, when the path forks per endpoint. */
  endpoint?: string;
}

/** One place the DNAT may send the connection, with the share of new connections it gets. */
export interface TraceEndpoint {
  ip: string;
  port: number | null;
  /** Effective share of new connections (iptables p_k × Π(1 − p_j); IPVS by weight). */
  probability: number;
  /** The host that owns the endpoint (its route to the pod's veth, or its own address); null when none of the hosts does. */
  node: string | null;
  /** The source node's egress interface for this endpoint after DNAT: `eni…` when local, else ens5/ens6/a tunnel. */
  egressInterface: string | null;
  /** The interface that delivers to the endpoint on its node (the pod's veth), when known. */
  podInterface: string | null;
  /** The source address the endpoint sees after masquerade/SNAT (the client's own when none). */
  sourceAfterNat: string | null;
}

/** What a trace found. */
export interface Trace {
  from: string;
  to: string;
  steps: TraceStep[];
  endpoints: TraceEndpoint[];
  /** The frontend the client dials after DNS (`VIP:port`), or the pod address for a direct trace. */
  frontend: { ip: string; port: number | null; protocol: string } | null;
  /** Where the source sits: its node, address and the veth its packets arrive on (null for a node). */
  origin: { host: string; ip: string | null; iif: string | null } | null;
  /** Things that could not be read or decided (missing hosts, unparseable lines). */
  warnings: string[];
}

/** The raw outputs collected from one node, as its commands printed them. */
export interface NodeOutputs {
  /** Host id in the workspace. */
  host: string;
  /** `ip rule` */
  ipRule: string;
  /** `ip route show table all` */
  ipRoute: string;
  /** `ip -j addr` */
  ipAddrJson: string;
  /** `iptables-save -t nat` (empty when not readable). */
  iptablesNat: string;
  /** `ipvsadm -Ln` (empty when IPVS is not in use or the tool is missing). */
  ipvsadm: string;
}

/** Where the packet starts. */
export type TraceSource =
  /** A pod (or any address behind a node's veth): its IP, resolv.conf, and the node that hosts it. */
  | { kind: 'pod'; label: string; ip: string; resolvConf: string | null }
  /** A node itself: locally generated traffic (nat OUTPUT, no iif). */
  | { kind: 'node'; label: string; host: string; resolvConf: string | null };

/** Where the packet goes, as given on the command line. */
export type TraceTarget =
  | { kind: 'name'; name: string; port: number | null }
  | { kind: 'address'; ip: string; port: number | null };

/** Everything {@link buildTrace} reads. */
export interface TraceInput {
  source: TraceSource;
  target: TraceTarget;
  /** Every node collected; the source's node must be among them. */
  nodes: NodeOutputs[];
  /** Pod names by IP (`ns/name`), when kubectl told them. */
  podNames?: ReadonlyMap<string, string>;
}
