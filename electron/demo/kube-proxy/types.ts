/**
 * Input and intermediate types of the kube-proxy / VPC CNI iptables renderer.
 *
 * The input describes one node and the cluster's Service ports as kube-proxy sees them; the
 * `Ruleset` is the structured rule list every renderer (iptables-save, -S, -L, the packet walker)
 * derives from, so they can never disagree with each other.
 */

/** Transport protocols kube-proxy programs (lowercase, as in its chain-name hash). */
export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One backend of a Service port, as an EndpointSlice entry. */
export interface EndpointInput {
  ip: string;
  port: number;
  /** Node the pod runs on; compared with `NodeInput.name` when `isLocal` is not given. */
  nodeName?: string;
  /** Overrides the `nodeName` comparison. */
  isLocal?: boolean;
  /** Not-ready endpoints get no rules, as in kube-proxy. */
  ready: boolean;
}

/** One port of one Service (kube-proxy's unit: a `ServicePortName`). */
export interface ServicePortInput {
  namespace: string;
  name: string;
  /** `''` for an unnamed port; the Service then renders as `ns/name`, without a colon. */
  portName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort?: number;
  /** Default `Cluster`. */
  externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Default `Cluster`. */
  internalTrafficPolicy?: 'Cluster' | 'Local';
  /** Only Services with `externalTrafficPolicy: Local` of type LoadBalancer have one. */
  healthCheckNodePort?: number;
  /** Default `None`. */
  sessionAffinity?: 'None' | 'ClientIP';
  /** `sessionAffinityConfig.clientIP.timeoutSeconds`; Kubernetes defaults it to 10800. */
  sessionAffinityTimeoutSeconds?: number;
  endpoints: readonly EndpointInput[];
}

/** The node whose tables are rendered. */
export interface NodeInput {
  name: string;
  /** Primary IP of the primary ENI: the VPC CNI's SNAT source. */
  primaryIP: string;
  /** Primary ENI device; `ens5` on Amazon Linux 2023, `eth0` on AL2. */
  primaryInterface?: string;
  vpcCIDRs: readonly string[];
  /** `AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS`. */
  excludeSNATCIDRs?: readonly string[];
  /** Adds the AWS-SNAT-CHAIN-0 / AWS-CONNMARK-CHAIN-0 rules of the AWS VPC CNI. */
  isAwsVpcCni: boolean;
  /** Adds flanneld's FLANNEL-POSTRTG / FLANNEL-FWD rules for this pod network and node lease. */
  flannel?: { network: string; subnet: string };
}

/** Everything `buildRuleset` needs. */
export interface KubeProxyInput {
  node: NodeInput;
  servicePorts: readonly ServicePortInput[];
  /**
   * kube-proxy's `clusterCIDR`. EKS leaves it unset, so its KUBE-SVC chains have no
   * `! -s <cidr> -j KUBE-MARK-MASQ` rule; kubeadm clusters set it and get one.
   */
  clusterCIDR?: string;
  /** `MASQUERADE --random-fully`, which kube-proxy adds when iptables supports it. Default true. */
  masqueradeRandomFully?: boolean;
  /**
   * kube-proxy ≥ 1.29 found the kernel's nfacct (nfnetlink_acct): it then counts localhost
   * NodePort packets (an extra `-d 127.0.0.0/8 … -m nfacct` rule per NodePort) and dropped
   * INVALID packets. Default false, as on the EKS captures in the fixture kit.
   */
  nfacct?: boolean;
  /** kube-proxy's mode; `ipvs` writes IPVS mode's few iptables rules instead of per-Service chains. Default iptables. */
  mode?: 'iptables' | 'ipvs';
  /** IPVS mode's scheduler (`ipvs.scheduler`, default rr). */
  ipvsScheduler?: string;
}

/** An `-s`/`-d` operand. `cidr` always carries its prefix length (`10.0.0.5/32`). */
export interface AddressMatch {
  cidr: string;
  negate?: boolean;
}

/** An `-i`/`-o` operand; a trailing `+` is iptables' prefix wildcard. */
export interface InterfaceMatch {
  name: string;
  negate?: boolean;
}

/** Conntrack states kube-proxy and the VPC CNI match on. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'DNAT';

/** A `-m` match module with its options, in the order the rule lists them. */
export type Match =
  | { kind: 'comment'; comment: string }
  /** `-m tcp|udp|sctp [--dport N]`. */
  | { kind: 'port'; protocol: Protocol; dport?: number }
  | {
      kind: 'addrtype';
      srcType?: 'LOCAL';
      dstType?: 'LOCAL';
      negateDst?: boolean;
      limitIfaceIn?: boolean;
    }
  | { kind: 'conntrack'; states: readonly CtState[]; negate?: boolean }
  | { kind: 'mark'; value: number; mask: number; negate?: boolean }
  /** `probability` is the 31-bit fraction the kernel stores: round(p × 2^31). */
  | { kind: 'statistic'; probability: number }
  | { kind: 'recent'; mode: 'set' | 'rcheck'; name: string; seconds?: number; reap?: boolean }
  /** `-m nfacct --nfacct-name name`: counts into a named kernel accounting object, always matches. */
  | { kind: 'nfacct'; name: string }
  /** `-m set --match-set NAME dst,dst`: IPVS mode's ipset lookups (`flags` as written, e.g. `dst,dst,src`). */
  | { kind: 'set'; name: string; flags: string; negate?: boolean };

/** A `-j` target with its options. */
export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'verdict'; verdict: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'reject' }
  /** `ip:port`. */
  | { kind: 'dnat'; toDestination: string }
  | { kind: 'snat'; toSource: string; randomFully: boolean }
  | { kind: 'masquerade'; randomFully: boolean }
  /** `MARK --set-xmark value/mask`. */
  | { kind: 'mark'; value: number; mask: number }
  /** `CONNMARK --set-xmark value/mask`. */
  | { kind: 'connmark-set'; value: number; mask: number }
  /** `CONNMARK --restore-mark --nfmask m --ctmask m`. */
  | { kind: 'connmark-restore'; mask: number };

/** One rule. Without a target it only counts packets (iptables allows that). */
export interface Rule {
  source?: AddressMatch;
  destination?: AddressMatch;
  inInterface?: InterfaceMatch;
  outInterface?: InterfaceMatch;
  protocol?: Protocol;
  matches: readonly Match[];
  target?: Target;
}

/** What a chain is for, so views can link a KUBE-SEP chain back to its Service and pod. */
export type ChainOrigin =
  | { kind: 'service'; servicePortName: string; role: 'SVC' | 'SVL' | 'EXT' }
  | { kind: 'endpoint'; servicePortName: string; endpoint: string };

/** A chain; built-in chains carry their policy, user chains do not. */
export interface Chain {
  name: string;
  policy?: 'ACCEPT' | 'DROP';
  rules: readonly Rule[];
  origin?: ChainOrigin;
}

/** The five iptables tables, in the order iptables-nft prints them. */
export type TableName = 'mangle' | 'security' | 'raw' | 'filter' | 'nat';

/** Built-in chains first (in hook order), then user chains sorted by name, as iptables lists them. */
export interface Table {
  name: TableName;
  chains: readonly Chain[];
}

/** The tables that exist on the node, in iptables-save order. */
export interface Ruleset {
  tables: readonly Table[];
}
