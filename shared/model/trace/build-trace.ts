import type { ServiceEndpoint, ServicePort, SourceLine } from '../kube-proxy';
import { resolveName } from './dns';
import { citeLine, jumpInto, masqRules, serviceFor, walkCniChain } from './netfilter';
import { addressOf, ownerOf, primaryAddress, readNode, type NodeState } from './node-state';
import { routeFor, selectorText } from './policy-routing';
import type { Trace, TraceEndpoint, TraceInput, TraceStep } from './types';

/** The mark the VPC CNI's connmark restores for pod traffic leaving the VPC (rule 1024). */
const AWS_CONNMARK = 0x80;

const pct = (p: number): string => `${(p * 100).toFixed(p === 1 || p === 0 ? 0 : 1)}%`;

/** Where the source sits: its node, the veth it arrives on, its address. */
interface Origin {
  node: NodeState;
  src: string | undefined;
  iif: string | undefined;
}

function findOrigin(input: TraceInput, nodes: NodeState[], warnings: string[]): Origin | null {
  const source = input.source;
  if (source.kind === 'node') {
    const node = nodes.find((n) => n.host === source.host);
    if (node === undefined) warnings.push(`node ${source.host} was not collected`);
    return node === undefined ? null : { node, src: undefined, iif: undefined };
  }
  const owner = ownerOf(nodes, source.ip);
  if (owner === undefined) {
    warnings.push(
      `no collected node has a route to ${source.ip} (the source pod's node is not among the hosts)`,
    );
    return null;
  }
  return { node: owner.node, src: source.ip, iif: owner.route?.dev };
}

/**
 * Builds the path of a new connection from the source to the target out of the parsed state of
 * the nodes: DNS (for a name), the source node's netfilter DNAT with every endpoint's share, the
 * masquerade decision, policy routing after DNAT, the destination node's route to the pod, and
 * the conntrack entry the reply will match. Pure: the same outputs give the same trace.
 *
 * @example
 * buildTrace({ source: { kind: 'pod', label: 'host/pod1', ip: '192.168.3.7', resolvConf },
 *   target: { kind: 'name', name: 'web', port: null }, nodes: [node1, node2] })
 * // { steps: [{ kind: 'dns', … }, { kind: 'netfilter', … }, …], endpoints: [{ ip, port, probability, node, egressInterface }] }
 */
export function buildTrace(input: TraceInput): Trace {
  const nodes = input.nodes.map(readNode);
  const warnings = nodes.flatMap((n) => n.warnings);
  const steps: TraceStep[] = [];
  const to = input.target.kind === 'name' ? input.target.name : input.target.ip;
  const toText = `${to}${input.target.port === null ? '' : `:${input.target.port}`}`;
  const trace: Trace = {
    from: input.source.label,
    to: toText,
    steps,
    endpoints: [],
    frontend: null,
    origin: null,
    warnings,
  };
  const origin = findOrigin(input, nodes, warnings);
  if (origin === null) return trace;
  const { node } = origin;
  trace.origin = { host: node.host, ip: origin.src ?? null, iif: origin.iif ?? null };
  steps.push({
    kind: 'note',
    host: node.host,
    text:
      input.source.kind === 'pod'
        ? `${input.source.label} (${input.source.ip}) sends from behind ${origin.iif ?? '?'} on ${node.host}; kube-proxy there runs in ${node.mode} mode`
        : `${node.host} itself sends (nat OUTPUT); kube-proxy there runs in ${node.mode} mode`,
    lines: [],
  });

  let service: ServicePort | undefined;
  if (input.target.kind === 'name') {
    const resolved = resolveName(
      node,
      input.target.name,
      input.target.port,
      input.source.resolvConf,
    );
    steps.push(...resolved.steps);
    warnings.push(...resolved.warnings);
    service = resolved.service;
    if (service === undefined) {
      warnings.push(`no Service named ${input.target.name} in ${node.host}'s kube-proxy rules`);
      return trace;
    }
  } else {
    service = serviceFor(node.services, input.target.ip, input.target.port, 'tcp');
  }

  const cite = (s: SourceLine) => citeLine(node.nat, node.ipvsLines, s);
  const cited = (ls: readonly SourceLine[]) => ls.map(cite).filter((l): l is string => l !== null);
  let choices: { ep: ServiceEndpoint; ip: string; port: number | null }[];
  let frontendDst: { ip: string; port: number | null };
  if (service === undefined) {
    if (input.target.kind !== 'address') return trace;
    frontendDst = { ip: input.target.ip, port: input.target.port };
    trace.frontend = { ...frontendDst, protocol: 'tcp' };
    steps.push({
      kind: 'netfilter',
      host: node.host,
      text: `no KUBE-SERVICES rule matches ${toText}: no DNAT, the packet keeps its destination`,
      lines: [],
    });
    const ep: ServiceEndpoint = {
      ip: frontendDst.ip,
      port: frontendDst.port,
      probability: 1,
      ruleProbability: null,
      lines: [],
    };
    choices = [{ ep, ip: frontendDst.ip, port: frontendDst.port }];
  } else {
    frontendDst = { ip: service.clusterIP, port: service.port };
    trace.frontend = { ...frontendDst, protocol: service.protocol };
    const how =
      service.source === 'ipvs'
        ? `IPVS virtual server ${service.clusterIP}:${service.port ?? '?'} (scheduler ${service.scheduler ?? '?'})`
        : `${service.svcChain ?? 'its Service chain'}`;
    steps.push({
      kind: 'netfilter',
      host: node.host,
      text: `${service.clusterIP}:${service.port ?? '?'}/${service.protocol} is ${service.namespace}/${service.name}${service.portName ? `:${service.portName}` : ''}: KUBE-SERVICES → ${how}, ${service.endpoints.length} endpoint(s)${service.sessionAffinity ? `, session affinity ${service.sessionAffinity.timeoutSeconds}s` : ''}`,
      lines: cited(service.lines),
    });
    if (service.endpoints.length === 0)
      warnings.push(
        `${service.namespace}/${service.name} has no endpoints: the connection is rejected`,
      );
    choices = service.endpoints
      .filter((ep) => ep.ip !== null)
      .map((ep) => ({ ep, ip: ep.ip as string, port: ep.port }));
    for (const { ep, ip, port } of choices) {
      steps.push({
        kind: 'netfilter',
        host: node.host,
        endpoint: `${ip}:${port ?? '?'}`,
        text:
          service.source === 'ipvs'
            ? `${pct(ep.probability)} of new connections: real server ${ip}:${port ?? '?'} (${ep.ipvs?.forward ?? '?'}, weight ${ep.ipvs?.weight ?? '?'}, scheduler ${service.scheduler ?? '?'})`
            : `${pct(ep.probability)} of new connections: ${ep.ruleProbability === null ? 'no statistic match (takes what is left)' : `probability ${ep.ruleProbability}`} → ${ep.sepChain ?? 'DNAT'} → DNAT to ${ip}:${port ?? '?'}`,
        lines: cited(ep.lines),
      });
    }
  }

  for (const choice of choices) {
    trace.endpoints.push(followEndpoint(input, nodes, origin, service, frontendDst, choice, steps));
  }
  return trace;
}

function followEndpoint(
  input: TraceInput,
  nodes: NodeState[],
  origin: Origin,
  service: ServicePort | undefined,
  frontend: { ip: string; port: number | null },
  choice: { ep: ServiceEndpoint; ip: string; port: number | null },
  steps: TraceStep[],
): TraceEndpoint {
  const { node } = origin;
  const endpoint = `${choice.ip}:${choice.port ?? '?'}`;
  const step = (s: Omit<TraceStep, 'endpoint'>) => steps.push({ ...s, endpoint });

  // Policy routing after DNAT; pod traffic to outside the VPC carries the CNI's connmark.
  const connmark = origin.iif?.startsWith('eni')
    ? walkCniChain(node.nat, 'AWS-CONNMARK-CHAIN-0', choice.ip)
    : { outcome: 'none' as const, lines: [] };
  const mark = connmark.outcome === 'mark' ? AWS_CONNMARK : 0;
  const decision = routeFor(node.rules, node.routes, {
    dst: choice.ip,
    ...(origin.src === undefined ? {} : { src: origin.src }),
    ...(origin.iif === undefined ? {} : { iif: origin.iif }),
    mark,
  });
  const src =
    origin.src ??
    decision.route?.src ??
    (decision.dev ? addressOf(node, decision.dev) : undefined) ??
    primaryAddress(node);

  // Masquerade: kube-proxy's mark (hairpin, or sources outside the cluster CIDR), then the CNI's SNAT.
  const masq = [
    ...masqRules(node.nat, service?.svcChain, src, choice.ip),
    ...masqRules(node.nat, choice.ep.sepChain, src, choice.ip),
  ];
  const snat = walkCniChain(node.nat, 'AWS-SNAT-CHAIN-0', choice.ip);
  const snatJump = jumpInto(node.nat, 'POSTROUTING', 'AWS-SNAT-CHAIN-0');
  let replyTo = src;
  const masqText: string[] = [];
  if (masq.length > 0) {
    // MASQUERADE takes the egress device's address; a pod veth has none, so the kernel picks the
    // node's primary one (a hairpin connection, pod to itself through its Service).
    const egressAddr =
      (decision.dev ? addressOf(node, decision.dev) : undefined) ?? primaryAddress(node);
    masqText.push(
      `KUBE-MARK-MASQ marks it 0x4000 and KUBE-POSTROUTING masquerades it to ${egressAddr ?? 'the egress address'}`,
    );
    replyTo = egressAddr ?? replyTo;
  } else masqText.push('no KUBE-MARK-MASQ rule matches this source');
  if (snat.outcome === 'snat') {
    masqText.push(`AWS-SNAT-CHAIN-0 SNATs it to ${snat.toSource ?? '?'}`);
    if (masq.length === 0) replyTo = snat.toSource || replyTo;
  } else if (snat.outcome === 'return')
    masqText.push(`AWS-SNAT-CHAIN-0 returns (${choice.ip} is inside the VPC CIDR): no SNAT`);
  step({
    kind: 'masquerade',
    host: node.host,
    text: `source ${src ?? '?'}: ${masqText.join('; ')}`,
    lines: [
      ...masq.map((r) => r.raw),
      ...(snat.outcome === 'none' || snatJump === null ? [] : [snatJump]),
      ...snat.lines,
    ],
  });

  const routeLines = [
    ...connmark.lines,
    ...decision.passed.map((r) => r.raw),
    ...(decision.rule ? [decision.rule.raw] : []),
    ...(decision.route ? [decision.route.raw] : []),
  ];
  step({
    kind: 'routing',
    host: node.host,
    text:
      decision.dev === null
        ? `no route for ${choice.ip} from ${src ?? 'the node'}: ${decision.failure ?? 'dropped'}`
        : `ip rule ${decision.rule?.priority ?? '?'} (${selectorText(decision.rule)}) → table ${decision.rule?.table ?? '?'} → ${decision.route?.dst ?? '?'}${decision.via ? ` via ${decision.via}` : ''} dev ${decision.dev}${mark ? ` (fwmark 0x${mark.toString(16)})` : ''}`,
    lines: routeLines,
  });

  const owner = ownerOf(nodes, choice.ip);
  const podName = input.podNames?.get(choice.ip);
  const who = podName === undefined ? choice.ip : `${podName} (${choice.ip})`;
  if (owner === undefined) {
    // A control-plane ENI, a node not among the hosts, or outside the cluster: a fact, not a failure.
    step({
      kind: 'destination',
      host: node.host,
      text: `${who} is on none of the collected nodes (a control-plane ENI, a node not among the hosts, or outside the cluster)`,
      lines: [],
    });
  } else if (owner.route === undefined) {
    step({
      kind: 'destination',
      host: owner.node.host,
      text: `${who} is an address of ${owner.node.host} itself (host network)`,
      lines: [],
    });
  } else {
    const there = routeFor(owner.node.rules, owner.node.routes, {
      dst: choice.ip,
      ...(replyTo === undefined ? {} : { src: replyTo }),
      iif: owner.node === node ? (origin.iif ?? 'lo') : (decision.dev ?? 'ens5'),
    });
    const local = owner.node === node;
    step({
      kind: 'destination',
      host: owner.node.host,
      text: `${local ? 'on the same node, ' : `on ${owner.node.host}, `}ip rule ${there.rule?.priority ?? '?'} → ${owner.route.dst} dev ${owner.route.dev ?? '?'}: ${owner.route.dst?.includes('/') === true ? 'the bridge in front of' : 'the veth of'} ${who}`,
      lines: [...(there.rule ? [there.rule.raw] : []), owner.route.raw],
    });
  }

  const proto = service?.protocol ?? 'tcp';
  const original = `src=${src ?? '?'} dst=${frontend.ip} sport=* dport=${frontend.port ?? '*'}`;
  const reply = `src=${choice.ip} dst=${replyTo ?? '?'} sport=${choice.port ?? '*'} dport=*`;
  step({
    kind: 'reply',
    host: node.host,
    text:
      service === undefined
        ? `conntrack on ${node.host} tracks ${proto} ${original} with reply ${reply}; no NAT to undo`
        : `conntrack on ${node.host}: ${proto} ${original} ↔ reply ${reply}; replies from ${choice.ip}:${choice.port ?? '?'} are un-DNATed back to ${frontend.ip}:${frontend.port ?? '?'}${replyTo !== src ? ` and un-SNATed to ${src ?? '?'}` : ''}`,
    lines: [`${proto} ${original} ${reply}`],
  });

  return {
    ip: choice.ip,
    port: choice.port,
    probability: choice.ep.probability,
    node: owner?.node.host ?? null,
    egressInterface: decision.dev,
    podInterface: owner?.route?.dev ?? null,
    sourceAfterNat: replyTo ?? null,
  };
}
