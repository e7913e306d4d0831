/**
 * The checks a runbook step can `expect`, each a pure function over what the step's commands
 * printed (parsed with the app's own parsers) and the topology snapshots, answering pass/fail
 * with a sentence saying why — the sentence the report prints and the CLI exits with.
 */
import { servicesFromIptables, type ServicePort } from '../kube-proxy';
import { parseConntrack } from '../../parsers/conntrack';
import { parseIpRule, parseIpRuleJson } from '../../parsers/ip';
import { parseIptables } from '../../parsers/iptables';
import type { Topology } from '../topology';
import type { Expectation } from './schema';

/** One command's latest output, as the checks see it. */
export interface StepOutput {
  hostId: string;
  command: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface ExpectContext {
  /** Outputs of this step (already narrowed to the expectation's `on`). */
  outputs: readonly StepOutput[];
  /** Every output of this step, for facts a check borrows (a Service's endpoints). */
  allOutputs: readonly StepOutput[];
  runStart?: Topology;
  stepStart?: Topology;
  /** The newest snapshot (after the step's commands ran). */
  current?: Topology;
}

export interface ExpectResult {
  name: string;
  ok: boolean;
  why: string;
}

type Verdict = { ok: boolean; why: string };

const where = (o: StepOutput) => `${o.hostId} \`${o.command}\``;
const firstLine = (s: string) => s.split('\n', 1)[0] ?? '';

/** What the report calls an expectation when the runbook gives it no name. */
export function describeExpectation(e: Expectation): string {
  const prefix = e.not ? 'not: ' : '';
  if (e.name !== undefined) return e.name;
  if (e.match !== undefined) return `${prefix}output matches /${e.match}/`;
  if (e.dnat !== undefined)
    return `${prefix}a KUBE-SEP DNAT to ${e.dnat.endpoint ?? 'an endpoint'} of Service ${e.dnat.service}${e.dnat.port === undefined ? '' : `:${e.dnat.port}`}${e.dnat.endpoints === undefined ? '' : ` (${e.dnat.endpoints} endpoints)`}`;
  if (e.conntrack !== undefined) {
    const c = e.conntrack;
    const reply =
      c.replyFrom ?? (c.endpointOf ? `an endpoint of ${c.endpointOf}` : 'a translated address');
    return `${prefix}conntrack holds ${c.from ?? 'a client'} → ${c.to}${c.dport ? `:${c.dport}` : ''} answered by ${reply}`;
  }
  if (e.ipRule !== undefined) {
    const sel = [e.ipRule.from && `from ${e.ipRule.from}`, e.ipRule.to && `to ${e.ipRule.to}`];
    return `${prefix}ip rule has \`${sel.filter(Boolean).join(' ')} lookup ${e.ipRule.table ?? 'N'}\``;
  }
  if (e.eniCountIncreased !== undefined)
    return `${prefix}ENI count on some node increased by ≥ ${e.eniCountIncreased.by} since the ${e.eniCountIncreased.since} started`;
  return `${prefix}(no check)`;
}

/** Evaluates one expectation (its `${vars}` already substituted). Never throws. */
export function evaluateExpectation(e: Expectation, ctx: ExpectContext): ExpectResult {
  const name = describeExpectation(e);
  let v: Verdict;
  if (e.match !== undefined) v = checkMatch(e.match, ctx.outputs);
  else if (e.dnat !== undefined) v = checkDnat(e.dnat, ctx.outputs);
  else if (e.conntrack !== undefined) v = checkConntrack(e.conntrack, ctx);
  else if (e.ipRule !== undefined) v = checkIpRule(e.ipRule, ctx.outputs);
  else if (e.eniCountIncreased !== undefined) v = checkEniCount(e.eniCountIncreased, ctx);
  else v = { ok: false, why: 'the expectation names no check' };
  if (!e.not) return { name, ...v };
  return {
    name,
    ok: !v.ok,
    why: v.ok ? `it holds, but should not: ${v.why}` : `as it should not hold: ${v.why}`,
  };
}

function none(outputs: readonly StepOutput[], what: string): Verdict {
  if (outputs.length === 0) return { ok: false, why: 'no command of this step ran on that host' };
  return { ok: false, why: `${what} (checked ${outputs.map(where).join(', ')})` };
}

function checkMatch(pattern: string, outputs: readonly StepOutput[]): Verdict {
  const re = new RegExp(pattern, 'm');
  for (const o of outputs) {
    const m = re.exec(o.stdout) ?? re.exec(o.stderr);
    if (m) return { ok: true, why: `${where(o)} printed “${firstLine(m[0]).slice(0, 160)}”` };
  }
  return none(outputs, `no output matched /${pattern}/`);
}

/** Service ports from iptables output, or undefined when the text holds no rules. */
function iptablesServices(text: string): ServicePort[] | undefined {
  const { value: ruleset } = parseIptables(text);
  const rules = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
  if (rules === 0) return undefined;
  return servicesFromIptables(ruleset).value;
}

function sameService(s: ServicePort, name: string, port?: string | number): boolean {
  if (`${s.namespace}/${s.name}` !== name) return false;
  if (port === undefined) return true;
  return String(port) === s.portName || String(port) === String(s.port);
}

function checkDnat(c: NonNullable<Expectation['dnat']>, outputs: readonly StepOutput[]): Verdict {
  const seen: string[] = [];
  for (const o of outputs) {
    const services = iptablesServices(o.stdout);
    if (services === undefined) {
      seen.push(`${where(o)}: no iptables rules in it`);
      continue;
    }
    const ports = services.filter((s) => sameService(s, c.service, c.port));
    if (ports.length === 0) {
      seen.push(`${where(o)}: no Service ${c.service} in the rules`);
      continue;
    }
    const dnats = ports.flatMap((p) =>
      p.endpoints.filter((ep) => ep.sepChain !== undefined && ep.ip !== null),
    );
    if (c.endpoints !== undefined && dnats.length !== c.endpoints) {
      const ips = dnats.map((d) => d.ip).join(', ') || 'none';
      seen.push(
        `${where(o)}: ${c.service} has ${dnats.length} KUBE-SEP DNATs (${ips}), not ${c.endpoints}`,
      );
      continue;
    }
    const hit = dnats.find((ep) => c.endpoint === undefined || ep.ip === c.endpoint);
    if (hit) {
      const count = c.endpoints === undefined ? '' : ` (${dnats.length} endpoints)`;
      return {
        ok: true,
        why: `${where(o)}: ${c.service} → ${hit.sepChain ?? '?'} DNAT --to-destination ${hit.ip ?? '?'}:${hit.port ?? '?'}${count}`,
      };
    }
    seen.push(
      dnats.length === 0
        ? `${where(o)}: ${c.service} has no KUBE-SEP DNAT (no endpoints)`
        : `${where(o)}: ${c.service} DNATs to ${dnats.map((d) => d.ip).join(', ')}, not ${c.endpoint}`,
    );
  }
  return {
    ok: false,
    why: seen.length ? seen.join('; ') : 'no command of this step ran on that host',
  };
}

/** Endpoint IPs of a Service: from any iptables output of the step, else the topology. */
function endpointsOf(service: string, ctx: ExpectContext): string[] {
  const ips = new Set<string>();
  for (const o of ctx.allOutputs)
    for (const s of iptablesServices(o.stdout) ?? [])
      if (sameService(s, service)) for (const ep of s.endpoints) if (ep.ip !== null) ips.add(ep.ip);
  if (ips.size > 0 || !ctx.current) return [...ips];
  const svc = ctx.current.services.find((s) => `${s.namespace}/${s.name}` === service);
  for (const ref of svc?.endpointPods ?? []) {
    const pod = ctx.current.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
    if (pod?.ip) ips.add(pod.ip);
  }
  return [...ips];
}

function checkConntrack(c: NonNullable<Expectation['conntrack']>, ctx: ExpectContext): Verdict {
  const endpoints = c.endpointOf === undefined ? undefined : endpointsOf(c.endpointOf, ctx);
  if (endpoints !== undefined && endpoints.length === 0)
    return {
      ok: false,
      why: `no endpoints of ${c.endpointOf} known: list the nat rules (iptables-save -t nat) in this step`,
    };
  const seen: string[] = [];
  for (const o of ctx.outputs) {
    const entries = parseConntrack(o.stdout).value.filter(
      (e) =>
        e.original.dst === c.to &&
        (c.from === undefined || e.original.src === c.from) &&
        (c.dport === undefined || e.original.dport === c.dport),
    );
    if (entries.length === 0) {
      seen.push(`${where(o)}: no entry ${c.from ?? '*'} → ${c.to}`);
      continue;
    }
    const hit = entries.find((e) => {
      const src = e.reply.src;
      if (c.replyFrom !== undefined) return src === c.replyFrom;
      if (endpoints !== undefined) return endpoints.includes(src);
      return src !== c.to;
    });
    if (hit)
      return {
        ok: true,
        why: `${where(o)} line ${hit.line}: ${hit.original.src} → ${hit.original.dst}:${hit.original.dport ?? ''} answered by ${hit.reply.src}`,
      };
    const replies = [...new Set(entries.map((e) => e.reply.src))].join(', ');
    seen.push(
      `${where(o)}: ${entries.length} entries to ${c.to}, answered by ${replies}${endpoints ? ` (endpoints: ${endpoints.join(', ')})` : ''}`,
    );
  }
  return {
    ok: false,
    why: seen.length ? seen.join('; ') : 'no command of this step ran on that host',
  };
}

function checkIpRule(
  c: NonNullable<Expectation['ipRule']>,
  outputs: readonly StepOutput[],
): Verdict {
  const seen: string[] = [];
  const bare = (a: string) => a.replace(/\/32$/, '');
  for (const o of outputs) {
    const parse = /^\s*\[/.test(o.stdout) ? parseIpRuleJson : parseIpRule;
    const rules = parse(o.stdout).value;
    const same = (a: string | undefined, b: string | undefined) =>
      b === undefined || (a !== undefined && bare(a) === bare(b));
    const selected = rules.filter((r) => same(r.from, c.from) && same(r.to, c.to));
    const hit = selected.find((r) => c.table === undefined || r.table === String(c.table));
    if (hit) return { ok: true, why: `${where(o)}: \`${hit.raw.trim()}\`` };
    const sel = [c.from && `from ${c.from}`, c.to && `to ${c.to}`].filter(Boolean).join(' ');
    if (rules.length === 0) seen.push(`${where(o)}: no ip rules in it`);
    else if (selected.length === 0) seen.push(`${where(o)}: no rule ${sel} among ${rules.length}`);
    else seen.push(`${where(o)}: ${sel} looks up ${selected.map((r) => r.table).join(', ')}`);
  }
  return {
    ok: false,
    why: seen.length ? seen.join('; ') : 'no command of this step ran on that host',
  };
}

function checkEniCount(
  c: NonNullable<Expectation['eniCountIncreased']>,
  ctx: ExpectContext,
): Verdict {
  const base = c.since === 'run' ? ctx.runStart : ctx.stepStart;
  if (!base || !ctx.current)
    return {
      ok: false,
      why: `no topology snapshot at the ${c.since} start and now (snapshots: false?)`,
    };
  const key = (n: Topology['nodes'][number]) => n.hostId ?? n.nodeName ?? n.instanceId ?? '?';
  const before = new Map(base.nodes.map((n) => [key(n), n.enis.length]));
  const changes = ctx.current.nodes.map((n) => ({
    node: key(n),
    from: before.get(key(n)) ?? 0,
    to: n.enis.length,
  }));
  const grown = changes.filter((x) => x.to - x.from >= c.by);
  const text = (list: typeof changes) =>
    list.map((x) => `${x.node} ${x.from} → ${x.to}`).join(', ');
  if (grown.length > 0) return { ok: true, why: `ENIs per node: ${text(grown)}` };
  return {
    ok: false,
    why: `no node gained ${c.by} ENI(s): ${text(changes) || 'no nodes in the topology'}`,
  };
}
