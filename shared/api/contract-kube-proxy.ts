/**
 * The Service explorer's requests (issue #6): per-host Service data read from kube-proxy's rules
 * (iptables mode or IPVS mode, detected), live distribution counters (zero, then poll), a
 * built-in traffic loop from a chosen pod, and the demo lab's kube-proxy mode switch.
 *
 * Everything is gathered with lab commands through the Host interface, so the same requests work
 * on the demo lab and on SSH workspaces.
 */
import { z } from 'zod';
import { CollectWarning } from '../model/lab-overview';
import { Id } from '../model/workspace';

/** kube-proxy's two modes the explorer knows. */
export const KubeProxyMode = z.enum(['iptables', 'ipvs']);
export type KubeProxyMode = z.infer<typeof KubeProxyMode>;

/** IPVS schedulers kube-proxy accepts (`ipvs.scheduler`). */
export const IpvsScheduler = z.enum([
  'rr',
  'wrr',
  'lc',
  'wlc',
  'lblc',
  'lblcr',
  'dh',
  'sh',
  'sed',
  'nq',
]);
export type IpvsScheduler = z.infer<typeof IpvsScheduler>;

const L4Protocol = z.enum(['tcp', 'udp', 'sctp']);
const Ipv4 = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/,
    'an IPv4 address',
  );
const Port = z.number().int().min(1).max(65535);
/** A Kubernetes object name or namespace (RFC 1123 subdomain). */
const KubeName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/,
    'a Kubernetes name: lower-case letters, digits, "-", "."',
  );
/** kube-proxy's per-Service chains; the only chains the explorer zeroes or lists. */
export const ServiceChainName = z
  .string()
  .regex(/^KUBE-(SVC|SVL|EXT|FW)-[A-Z0-9]{16}$/, 'a kube-proxy Service chain (KUBE-SVC-…)');

// --- The Service model (shared/model/kube-proxy/types.ts) as a schema ---

const SourceLine = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('iptables'),
    table: z.string(),
    chain: z.string(),
    index: z.number().int(),
    line: z.number().int(),
  }),
  z.object({ kind: z.literal('ipvs'), line: z.number().int() }),
]);

const IpvsStats = z.object({
  conns: z.number(),
  inPkts: z.number(),
  outPkts: z.number(),
  inBytes: z.number(),
  outBytes: z.number(),
});

const ServiceEndpoint = z.object({
  ip: z.string().nullable(),
  port: z.number().int().nullable(),
  probability: z.number(),
  ruleProbability: z.number().nullable(),
  sepChain: z.string().optional(),
  lines: z.array(SourceLine),
  ipvs: z
    .object({
      forward: z.string().nullable(),
      weight: z.number().nullable(),
      activeConn: z.number().nullable(),
      inactConn: z.number().nullable(),
      stats: IpvsStats.nullable(),
    })
    .optional(),
});

/** One Service port as kube-proxy programmed it (the `ServicePort` of shared/model/kube-proxy). */
export const ServicePortSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  portName: z.string(),
  protocol: z.string(),
  clusterIP: z.string(),
  port: z.number().int().nullable(),
  nodePort: z.number().int().nullable(),
  externalIPs: z.array(z.string()),
  loadBalancerIPs: z.array(z.string()),
  loadBalancerSourceRanges: z.array(z.string()),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']),
  healthCheckNodePort: z.number().int().nullable(),
  sessionAffinity: z.object({ timeoutSeconds: z.number() }).optional(),
  endpoints: z.array(ServiceEndpoint),
  svcChain: z.string().optional(),
  scheduler: z.string().optional(),
  source: z.enum(['iptables', 'ipvs']),
  issues: z.array(z.string()),
  lines: z.array(SourceLine),
});

// --- kubeproxy:services ---

/** A line the model cites, exactly as the host printed it. */
export const CitedLine = z.object({
  source: z.enum(['iptables', 'ipvs', 'ipset']),
  /** 1-based line in that source's output (iptables-save, ipvsadm -Ln, ipset list). */
  line: z.number().int(),
  text: z.string(),
});
export type CitedLine = z.infer<typeof CitedLine>;

/** Who is behind an endpoint IP (from kubectl on the operator; absent without one). */
export const EndpointOwner = z.object({
  ip: z.string().nullable(),
  podNamespace: z.string().nullable(),
  podName: z.string().nullable(),
  nodeName: z.string().nullable(),
  /** The pod runs on the host the rules were read from; null when unknown. */
  isLocal: z.boolean().nullable(),
});
export type EndpointOwner = z.infer<typeof EndpointOwner>;

/** Which counters show one Service port's distribution, ready for kubeproxy:zero / :counters. */
export const DistributionTarget = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('iptables'), chain: ServiceChainName }).strict(),
  z.object({ mode: z.literal('ipvs'), protocol: L4Protocol, vip: Ipv4, port: Port }).strict(),
]);
export type DistributionTarget = z.infer<typeof DistributionTarget>;

/** One Service port on one host, with what the explorer shows beside the model. */
export const ExplainedService = z.object({
  /** `tcp 10.100.0.10:53`: the same Service port on another host or in another mode. */
  key: z.string(),
  service: ServicePortSchema,
  /** One per `service.endpoints`, same order. */
  owners: z.array(EndpointOwner),
  /** Every line in `service.lines` and the endpoints' `lines`, as printed, in line order. */
  cited: z.array(CitedLine),
  /** Masquerade decisions on the way: KUBE-MARK-MASQ jumps (iptables) or the ipset rule (IPVS). */
  masquerade: z.array(CitedLine),
  /** IPVS mode: whether the cluster IP is bound to kube-ipvs0; null in iptables mode. */
  vipOnKubeIpvs0: z.boolean().nullable(),
  /** Null when the port has no chain or virtual server to count on. */
  counters: DistributionTarget.nullable(),
  /**
   * iptables mode: this port's own chains in full as printed (KUBE-SVC/SVL/EXT/FW and each
   * KUBE-SEP, with affinity and masquerade rules), for the explorer's path view.
   */
  path: z.array(CitedLine).optional(),
});
export type ExplainedService = z.infer<typeof ExplainedService>;

/** One hint of the mode and what it said. */
export const ModeEvidence = z.object({
  kind: z.enum(['configmap', 'kube-ipvs0', 'ipvs-table', 'kube-svc-chains', 'ipset']),
  mode: KubeProxyMode.nullable(),
  detail: z.string(),
});

/** An ipset on the node (IPVS mode's KUBE-CLUSTER-IP, KUBE-LOOP-BACK, …). */
export const IpsetSummary = z.object({
  name: z.string(),
  type: z.string(),
  comment: z.string().nullable(),
  members: z.number().int(),
  /** The first members as listed (at most 64). */
  sample: z.array(z.string()),
});

/** Counts for the scale panel; null when the source was not readable. */
export const KubeProxyScale = z.object({
  natRules: z.number().int().nullable(),
  svcChains: z.number().int().nullable(),
  sepChains: z.number().int().nullable(),
  ipvsVirtualServers: z.number().int().nullable(),
  ipvsRealServers: z.number().int().nullable(),
});

/** Everything the explorer shows for one host. */
export const HostServices = z.object({
  workspaceId: Id,
  hostId: Id,
  collectedAt: z.string(),
  durationMs: z.number().nonnegative(),
  mode: z.object({
    detected: z.enum(['iptables', 'ipvs', 'unknown']),
    /** The kube-proxy ConfigMap's `mode:` (as configured; kube-proxy applies it on restart). */
    configMap: z
      .object({ name: z.string(), mode: z.string(), scheduler: z.string().nullable() })
      .nullable(),
    evidence: z.array(ModeEvidence),
  }),
  services: z.array(ExplainedService),
  /**
   * iptables mode: the nat rules every Service's path shares, as printed (PREROUTING/OUTPUT →
   * KUBE-SERVICES, POSTROUTING → KUBE-POSTROUTING, KUBE-SERVICES → KUBE-NODEPORTS, KUBE-MARK-MASQ
   * and KUBE-POSTROUTING in full); sent once per host rather than per Service.
   */
  sharedPath: z.array(CitedLine).optional(),
  /** IPVS mode's remaining iptables rules (KUBE-SERVICES ipset matches, masquerade) and ipsets. */
  residual: z.object({ rules: z.array(CitedLine), ipsets: z.array(IpsetSummary) }),
  kubeIpvs0: z.object({ state: z.string(), addresses: z.array(z.string()) }).nullable(),
  scale: KubeProxyScale,
  warnings: z.array(CollectWarning),
});
export type HostServices = z.infer<typeof HostServices>;

// --- live distribution ---

/** One endpoint's hits since the last zero. */
export const DistributionRow = z.object({
  ip: z.string().nullable(),
  port: z.number().int().nullable(),
  /** iptables: the KUBE-SEP chain; null for IPVS. */
  sepChain: z.string().nullable(),
  /** New connections sent to it: packets on its jump rules (iptables) or Conns (IPVS). */
  hits: z.number().nonnegative(),
  bytes: z.number().nonnegative(),
  /** The share the rules promise: effective probability, or the scheduler's weight share. */
  expectedShare: z.number().min(0).max(1),
});
export type DistributionRow = z.infer<typeof DistributionRow>;

export const DistributionSample = z.object({
  at: z.string(),
  target: DistributionTarget,
  /** The command that was run, as sent. */
  command: z.string(),
  rows: z.array(DistributionRow),
  total: z.number().nonnegative(),
  /** IPVS scheduler (rr, wrr, …); `random` for iptables mode. */
  scheduler: z.string(),
  warnings: z.array(z.string()),
});
export type DistributionSample = z.infer<typeof DistributionSample>;

/** The built-in request loop's progress. */
export const TrafficState = z.object({
  trafficId: z.string(),
  workspaceId: Id,
  isRunning: z.boolean(),
  /** The command each request runs, as sent to the operator host. */
  command: z.string(),
  sent: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Why it stopped: `stopped`, `session closed`, `operator unavailable`, … */
  endReason: z.string().nullable(),
});
export type TrafficState = z.infer<typeof TrafficState>;

const TrafficId = z.string().regex(/^tr[0-9]{1,12}$/, 'not a traffic id');

/** The Service explorer's requests: `domain:verb` → params and result schemas. */
export const kubeProxyRequests = {
  /**
   * Mode, Services (with the rule lines as printed, endpoint owners, masquerade), residual IPVS
   * rules and ipsets, kube-ipvs0 and scale figures, read now from one host (plus kubectl on the
   * workspace's operator host when there is one).
   */
  'kubeproxy:services': {
    params: z.object({ workspaceId: Id, hostId: Id }).strict(),
    result: HostServices,
  },
  /** `iptables -t nat -Z <chain>` or `ipvsadm -Z -t|-u VIP:PORT` on the host. */
  'kubeproxy:zero': {
    params: z.object({ workspaceId: Id, hostId: Id, target: DistributionTarget }).strict(),
    result: z.object({ command: z.string(), zeroedAt: z.string() }),
  },
  /** Hits per endpoint since the last zero, with the share each should get. */
  'kubeproxy:counters': {
    params: z.object({ workspaceId: Id, hostId: Id, target: DistributionTarget }).strict(),
    result: DistributionSample,
  },
  /**
   * Start a request loop from a pod to a Service (`kubectl exec … -- curl -s -m 2` on the operator
   * host), or stop one. A loop ends when stopped, after `maxRequests`, or when the session closes;
   * its progress arrives as `kubeproxy:traffic` events.
   */
  'kubeproxy:traffic': {
    params: z.discriminatedUnion('action', [
      z
        .object({
          action: z.literal('start'),
          workspaceId: Id,
          /** The operator host that runs kubectl; the workspace's operator unless told. */
          operatorHostId: Id.optional(),
          from: z.object({ namespace: KubeName, pod: KubeName }).strict(),
          to: z.object({ ip: Ipv4, port: Port }).strict(),
          /** Requests per second, 0.2 to 20. */
          ratePerSecond: z.number().min(0.2).max(20),
          maxRequests: z.number().int().min(1).max(100_000).optional(),
        })
        .strict(),
      z.object({ action: z.literal('stop'), trafficId: TrafficId }).strict(),
    ]),
    result: TrafficState,
  },
  /**
   * Demo lab only: set the kube-proxy ConfigMap's `mode:` (and IPVS scheduler) and restart the
   * kube-proxy DaemonSet, through the demo operator's kubectl as seed 003 does by hand.
   */
  'demo:kube-proxy-mode': {
    params: z
      .object({ workspaceId: Id, mode: KubeProxyMode, scheduler: IpvsScheduler.optional() })
      .strict(),
    result: z.object({
      mode: KubeProxyMode,
      scheduler: z.string(),
      /** The commands run on the operator, in order. */
      commands: z.array(z.string()),
    }),
  },
} as const;

/** The Service explorer's events. */
export const kubeProxyEvents = {
  /** A traffic loop's progress (after each request, and once more when it ends). */
  'kubeproxy:traffic': TrafficState,
} as const;
