/**
 * The runbook format: a lab as YAML (title, intro, what it needs, variables, steps), validated
 * here so that a typo is an error at a line and field before anything runs on a host.
 * runbooks/README.md documents it for users.
 */
import { z } from 'zod';

/** A variable's name: `podIp`, or dotted for bound pods (`web.0.ip`). */
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `${name}` or `${web.0.ip}` inside a string. */
export const VAR_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}/g;

/** A network interface name as the kernel allows it (15 chars), or a variable giving one. */
const IFACE = /^(?:[A-Za-z0-9_.:@-]{1,15}|\$\{[A-Za-z0-9_.]+\})$/;

const VarName = z
  .string()
  .regex(VAR_NAME, 'a name is letters, digits and _, not starting with a digit');
const Markdown = z.string().max(20_000);

const Ip = z.string().min(1).max(100);
const ServiceName = z
  .string()
  .regex(/^(?:[a-z0-9-]+\/[a-z0-9.-]+|\$\{[A-Za-z0-9_.]+\})$/, 'a Service is namespace/name');

/** "A KUBE-SEP DNAT to an endpoint of Service X exists" (in iptables-save / -t nat -S output). */
export const DnatCheck = z.strictObject({
  service: ServiceName,
  /** Port name or number, when the Service has several. */
  port: z.union([z.string().min(1), z.number().int()]).optional(),
  /** The endpoint IP the DNAT must go to; any endpoint when absent. */
  endpoint: Ip.optional(),
  /** Exactly this many endpoints (DNATs) for the Service (after scaling, after one left). */
  endpoints: z.number().int().min(0).max(10_000).optional(),
});

/** "conntrack holds an entry from A to VIP with the reply from an endpoint" (`conntrack -L`). */
export const ConntrackCheck = z.strictObject({
  from: Ip.optional(),
  to: Ip,
  dport: z.number().int().min(1).max(65535).optional(),
  /** The reply must come from this address… */
  replyFrom: Ip.optional(),
  /** …or from an endpoint of this Service (read from iptables output in the step, else the topology). */
  endpointOf: ServiceName.optional(),
});

/** "ip rule has `from <pod IP> lookup N`" (`ip rule` or `ip -j rule`). */
export const IpRuleCheck = z
  .strictObject({
    from: Ip.optional(),
    /** `to <pod IP> lookup main` (priority 512 on EKS), instead of or with `from`. */
    to: Ip.optional(),
    table: z.union([z.string().min(1), z.number().int()]).optional(),
  })
  .refine((r) => r.from !== undefined || r.to !== undefined, 'name from, to or both');

/** "The ENI count on some node increased" between two topology snapshots. */
export const EniCountCheck = z.strictObject({
  /** Compared with the snapshot at the start of the run or of this step. */
  since: z.enum(['run', 'step']).default('step'),
  /** By at least this many ENIs (default 1). */
  by: z.number().int().min(1).max(50).default(1),
});

/** One checkable expectation: exactly one of match, dnat, conntrack, ipRule, eniCountIncreased. */
export const Expectation = z
  .strictObject({
    /** A regular expression (JavaScript syntax, multiline) that some output must match. */
    match: z.string().min(1).max(2000).optional(),
    dnat: DnatCheck.optional(),
    conntrack: ConntrackCheck.optional(),
    ipRule: IpRuleCheck.optional(),
    eniCountIncreased: EniCountCheck.optional(),
    /** Only outputs from this host (id, `operator`, `nodes`, or `${var}`). */
    on: z.string().min(1).max(200).optional(),
    /** Passes when the check does NOT hold (a rule gone after the endpoint left). */
    not: z.boolean().default(false),
    /** A short name for the report; generated from the check when absent. */
    name: z.string().max(200).optional(),
  })
  .superRefine((e, ctx) => {
    const checks = (['match', 'dnat', 'conntrack', 'ipRule', 'eniCountIncreased'] as const).filter(
      (k) => e[k] !== undefined,
    );
    if (checks.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `name exactly one check of match, dnat, conntrack, ipRule, eniCountIncreased (found ${checks.length === 0 ? 'none' : checks.join(', ')})`,
      });
    if (e.match !== undefined) {
      try {
        new RegExp(e.match, 'm');
      } catch (cause) {
        ctx.addIssue({
          code: 'custom',
          path: ['match'],
          message: `not a regular expression: ${cause instanceof Error ? cause.message : String(cause)}`,
        });
      }
    }
  });
export type Expectation = z.infer<typeof Expectation>;

/** One command of a step (or of its cleanup) and how to run it. */
export const RunItem = z
  .strictObject({
    /** `operator`, `nodes` (every node), `all`, a host id (`node1`), or `${var}` giving one. */
    on: z.string().min(1).max(200),
    /** The command line for the host's shell; `${var}` is replaced by the value, shell-quoted. */
    command: z.string().min(1).max(4000).optional(),
    mode: z.enum(['once', 'watch', 'capture']).default('once'),
    /** watch: seconds between runs (default 2). */
    interval: z.number().min(0.1).max(600).optional(),
    /** watch: at most this many runs (default 10; stops early once `expect` passes). capture: packets. */
    count: z.number().int().min(1).max(1000).optional(),
    /** capture: the interface for tcpdump (`any`, `ens5`, `${vethOfWeb}`). */
    iface: z
      .string()
      .regex(IFACE, 'an interface name (up to 15 of A-Z a-z 0-9 _ . : @ -)')
      .optional(),
    /** capture: a pcap filter expression (`icmp and host ${podIp}`). */
    filter: z.string().max(1024).optional(),
    /** Seconds before the command is ended (default 30); capture: how long it may go on after the step's other commands (default 2). */
    timeout: z.number().min(0.1).max(3600).optional(),
    /** Variables to bind from this command's output: name → regex whose first group is the value. */
    bind: z.record(VarName, z.string().min(1).max(500)).optional(),
    /** watch: stop once these pass (default: the step's own expectations). */
    until: z.array(Expectation).max(20).optional(),
    /** A non-zero exit does not fail the step (grep finding nothing, a probe expected to fail). */
    allowFailure: z.boolean().default(false),
  })
  .superRefine((item, ctx) => {
    if (item.mode === 'capture') {
      if (item.iface === undefined)
        ctx.addIssue({ code: 'custom', path: ['iface'], message: 'a capture needs an iface' });
      if (item.command !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['command'],
          message: 'a capture builds its tcpdump command from iface and filter; leave command out',
        });
    } else if (item.command === undefined) {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'a command is required' });
    }
    if (item.mode !== 'watch' && item.until !== undefined)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'until is for mode: watch' });
    if (item.mode !== 'watch' && item.interval !== undefined)
      ctx.addIssue({ code: 'custom', path: ['interval'], message: 'interval is for mode: watch' });
    if (item.mode !== 'capture' && (item.iface !== undefined || item.filter !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['iface'],
        message: 'iface and filter are for mode: capture',
      });
  });
export type RunItem = z.infer<typeof RunItem>;

export const Step = z.strictObject({
  title: z.string().min(1).max(200),
  explain: Markdown.optional(),
  run: z.array(RunItem).max(50).default([]),
  expect: z.array(Expectation).max(50).default([]),
  /** Runs after the step whatever happened (scale back, delete what it made); never fails the run. */
  cleanup: z.array(RunItem).max(20).default([]),
});
export type Step = z.infer<typeof Step>;

/** Pods the runbook needs, found with kubectl on the operator before the first step. */
export const PodRequirement = z.strictObject({
  /** Binds `${name.count}`, `${name.0.ip}`, `${name.0.name}`, `${name.0.node}`, `${name.0.host}`. */
  name: VarName,
  namespace: z
    .string()
    .regex(/^[a-z0-9-]{1,63}$/)
    .default('default'),
  /** A label selector, `app=nginx` or `app=nginx,tier=web`. */
  selector: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+=[A-Za-z0-9_.-]*(?:,[A-Za-z0-9_./-]+=[A-Za-z0-9_.-]*)*$/),
  min: z.number().int().min(1).max(1000).default(1),
  /** Ask for pods on at least this many different nodes (pod ↔ pod across nodes). */
  nodes: z.number().int().min(1).max(100).optional(),
});
export type PodRequirement = z.infer<typeof PodRequirement>;

export const Requirements = z.strictObject({
  operator: z.boolean().default(false),
  /** At least this many worker nodes. */
  nodes: z.number().int().min(0).max(1000).default(0),
  pods: z.array(PodRequirement).max(20).default([]),
});

export const Runbook = z.strictObject({
  title: z.string().min(1).max(200),
  intro: Markdown.optional(),
  requires: Requirements.default({ operator: false, nodes: 0, pods: [] }),
  /** Constants used as `${name}`; `kubelab lab run --var name=value` overrides them. */
  variables: z.record(VarName, z.union([z.string().max(1000), z.number()])).default({}),
  /** A topology snapshot at the start, and at every step boundary (default on). */
  snapshots: z.boolean().default(true),
  steps: z.array(Step).min(1).max(100),
});
export type Runbook = z.infer<typeof Runbook>;
