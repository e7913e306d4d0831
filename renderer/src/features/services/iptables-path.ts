import type { ServicePort } from '../../../../shared/model/kube-proxy/types';
import { explainLadder, ladderSummary } from './probabilities';
import { noteFor, ruleProbability, ruleTarget, type RuleNote } from './rule-notes';
import type { RuleLine, RuleSource } from './rule-source';

/** A rule on the path with its note; `isOnPath` false for neighbours shown for context. */
export interface PathRule extends RuleLine {
  note: RuleNote;
  isOnPath: boolean;
  /** For the endpoint rules of a KUBE-SVC chain: the ladder's explanation of its probability. */
  ladder?: string;
}

/** One stop of a new connection's walk through the nat table. */
export interface PathStep {
  id: string;
  title: string;
  chain: string;
  explain: string;
  rules: PathRule[];
  /** `ip:port` of the endpoint this step leads to (KUBE-SEP steps). */
  endpoint?: string;
}

const hashOf = (chain: string | undefined) => chain?.replace(/^KUBE-(SVC|SVL)-/, '') ?? null;

function onPath(rules: readonly RuleLine[] | undefined, isOnPath = true): PathRule[] {
  return (rules ?? []).map((r) => ({ ...r, note: noteFor(r.raw), isOnPath }));
}

function citedRules(port: ServicePort, source: RuleSource, chain: string): PathRule[] {
  const rules = source.chain(chain) ?? [];
  const out: PathRule[] = [];
  for (const line of port.lines) {
    if (line.kind !== 'iptables' || line.table !== 'nat' || line.chain !== chain) continue;
    // By line number: a reply may carry only some of a chain's rules, so indexes can shift.
    const rule = rules.find((r) => r.line === line.line);
    // The model's index is the rule's true position, even when the source holds only some rules.
    if (rule !== undefined)
      out.push({ ...rule, index: line.index, note: noteFor(rule.raw), isOnPath: true });
  }
  return out;
}

export function endpointKey(ip: string | null, port: number | null): string {
  return `${ip ?? '?'}:${port ?? '?'}`;
}

/**
 * The walk of a new connection to one Service port through the nat table, as the steps the
 * explorer shows: PREROUTING/OUTPUT → KUBE-SERVICES → (KUBE-NODEPORTS → KUBE-EXT → KUBE-SVL) →
 * KUBE-SVC → each KUBE-SEP → DNAT, then the masquerade chains. Every rule is the host's own line.
 */
export function iptablesPath(port: ServicePort, source: RuleSource): PathStep[] {
  const steps: PathStep[] = [];
  const entry = ['PREROUTING', 'OUTPUT'].flatMap((c) =>
    onPath(source.chain(c)?.filter((r) => ruleTarget(r.raw) === 'KUBE-SERVICES')),
  );
  steps.push({
    id: 'entry',
    title: 'PREROUTING / OUTPUT',
    chain: 'PREROUTING',
    explain:
      'Both nat entry points jump to KUBE-SERVICES: PREROUTING for packets from pods and other hosts, OUTPUT for this host’s own.',
    rules: entry,
  });
  const services = citedRules(port, source, 'KUBE-SERVICES');
  const last = source.chain('KUBE-SERVICES')?.find((r) => ruleTarget(r.raw) === 'KUBE-NODEPORTS');
  if (last !== undefined) services.push({ ...last, note: noteFor(last.raw), isOnPath: false });
  const position = services[0]?.index;
  // A partial source numbers only the rules it holds: the chain's length is unknown then.
  const total = source.isPartial === true ? undefined : last?.index;
  steps.push({
    id: 'services',
    title: 'KUBE-SERVICES',
    chain: 'KUBE-SERVICES',
    explain:
      position === undefined
        ? 'No rule of KUBE-SERVICES names this Service port.'
        : `This port’s rule is rule ${position}${total === undefined ? '' : ` of ${total}`} in KUBE-SERVICES: a new connection to it is compared with the ${position - 1} rule${position === 2 ? '' : 's'} above first.`,
    rules: services,
  });
  const hash = hashOf(port.svcChain);
  const nodePorts = citedRules(port, source, 'KUBE-NODEPORTS');
  if (port.nodePort !== null || nodePorts.length > 0) {
    steps.push({
      id: 'nodeports',
      title: 'KUBE-NODEPORTS',
      chain: 'KUBE-NODEPORTS',
      explain: `NodePort ${port.nodePort ?? '?'}: reached from KUBE-SERVICES’ last rule for connections to the node’s own addresses.`,
      rules: nodePorts,
    });
  }
  for (const prefix of ['KUBE-EXT', 'KUBE-SVL', 'KUBE-FW'] as const) {
    const name = hash === null ? null : `${prefix}-${hash}`;
    const rules = name === null ? undefined : source.chain(name);
    if (name === null || rules === undefined || name === port.svcChain) continue;
    steps.push({
      id: prefix.toLowerCase(),
      title: name,
      chain: name,
      explain:
        prefix === 'KUBE-EXT'
          ? `External traffic (NodePort, external and load-balancer IPs). Policy here: externalTrafficPolicy ${port.externalTrafficPolicy}.`
          : prefix === 'KUBE-SVL'
            ? 'Only the endpoints on this node (externalTrafficPolicy Local).'
            : 'Load-balancer source ranges: other sources are dropped.',
      rules: onPath(rules),
    });
  }
  if (port.svcChain !== undefined) {
    const rules = onPath(source.chain(port.svcChain));
    const ladderRules = rules.filter((r) => ruleTarget(r.raw)?.startsWith('KUBE-SEP-') === true);
    const isAffinity = rules.some((r) => r.note.kind === 'affinity-check');
    const picks = isAffinity
      ? ladderRules.filter((r) => r.note.kind !== 'affinity-check')
      : ladderRules;
    const ladder = explainLadder(picks.map((r) => ruleProbability(r.raw)));
    picks.forEach((r, i) => {
      const step = ladder[i];
      if (step === undefined) return;
      r.ladder = step.text;
      // The ladder says it with this Service's numbers; the generic note would repeat it.
      r.note = { ...r.note, note: '' };
    });
    steps.push({
      id: 'svc',
      title: port.svcChain,
      chain: port.svcChain,
      explain:
        ladderSummary(port.endpoints.length) +
        (port.sessionAffinity === undefined
          ? ''
          : ` Session affinity: a client keeps its endpoint for ${port.sessionAffinity.timeoutSeconds} s.`),
      rules,
    });
  }
  for (const e of port.endpoints) {
    if (e.sepChain === undefined) continue;
    steps.push({
      id: `sep:${e.sepChain}`,
      title: e.sepChain,
      chain: e.sepChain,
      explain: `Endpoint ${endpointKey(e.ip, e.port)}: ${(e.probability * 100).toFixed(1)}% of new connections.`,
      rules: onPath(source.chain(e.sepChain)),
      endpoint: endpointKey(e.ip, e.port),
    });
  }
  const masq = [
    ...onPath(source.chain('KUBE-MARK-MASQ')),
    ...onPath(source.chain('POSTROUTING')?.filter((r) => ruleTarget(r.raw) === 'KUBE-POSTROUTING')),
    ...onPath(source.chain('KUBE-POSTROUTING')),
  ];
  if (masq.length > 0)
    steps.push({
      id: 'masq',
      title: 'KUBE-MARK-MASQ → KUBE-POSTROUTING',
      chain: 'KUBE-POSTROUTING',
      explain:
        'Only packets marked above are masqueraded, after routing. A pod calling a Service with no mark keeps its own source IP.',
      rules: masq,
    });
  return steps;
}
