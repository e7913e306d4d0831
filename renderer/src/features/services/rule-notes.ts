/** What kind of rule a kube-proxy nat line is, for its plain-language note. */
export type RuleKind =
  | 'entry'
  | 'postrouting-entry'
  | 'service-match'
  | 'nodeports-jump'
  | 'nodeport-match'
  | 'mark-masq-outside'
  | 'mark-masq-hairpin'
  | 'mark-masq-jump'
  | 'mark-set'
  | 'masq-return'
  | 'masq-clear'
  | 'masquerade'
  | 'affinity-check'
  | 'affinity-set'
  | 'statistic'
  | 'fallthrough'
  | 'dnat'
  | 'ext-jump'
  | 'local-jump'
  | 'no-endpoints'
  | 'ipset-match'
  | 'other';

/** A rule line's kind and what it means. */
export interface RuleNote {
  kind: RuleKind;
  note: string;
}

const after = (raw: string, flag: string): string | null => {
  const m = raw.match(new RegExp(`(?:^|\\s)${flag}\\s+(\\S+)`));
  return m?.[1] ?? null;
};

/** What each of kube-proxy's IPVS-mode ipsets holds and why a rule matches it. */
const IPSETS: Record<string, string> = {
  'KUBE-CLUSTER-IP':
    'every ClusterIP:port; a connection to one of them from outside the pod network is marked for SNAT (the IPVS-mode form of KUBE-MARK-MASQ).',
  'KUBE-LOOP-BACK':
    'pod IP, port, same pod IP: a pod reaching itself through its Service (hairpin) is masqueraded.',
  'KUBE-IPVS-IPS':
    'every address bound to kube-ipvs0; a new connection to one of them on a port with no virtual server is rejected.',
  'KUBE-EXTERNAL-IP': 'externalIPs of Services, handled like ClusterIPs from outside.',
  'KUBE-EXTERNAL-IP-LOCAL': 'externalIPs of Services with externalTrafficPolicy Local.',
  'KUBE-NODE-PORT-TCP': 'TCP NodePorts; connections to them are marked for SNAT.',
  'KUBE-NODE-PORT-UDP': 'UDP NodePorts; connections to them are marked for SNAT.',
  'KUBE-NODE-PORT-LOCAL-TCP': 'TCP NodePorts with externalTrafficPolicy Local: not masqueraded.',
  'KUBE-NODE-PORT-LOCAL-UDP': 'UDP NodePorts with externalTrafficPolicy Local: not masqueraded.',
  'KUBE-HEALTH-CHECK-NODE-PORT': 'health-check NodePorts of Local Services: accepted.',
  'KUBE-LOAD-BALANCER': 'load-balancer IPs of Services.',
};

/** The ipset a rule matches (`--match-set NAME`), or null. */
export function matchedSet(raw: string): string | null {
  return after(raw, '--match-set');
}

/** The `--probability` a rule carries, or null. */
export function ruleProbability(raw: string): number | null {
  const p = after(raw, '--probability');
  const value = p === null ? NaN : Number(p);
  return Number.isFinite(value) ? value : null;
}

/** The target or jump (`-j X`), or null. */
export function ruleTarget(raw: string): string | null {
  return after(raw, '-j');
}

/**
 * Classifies one nat rule line (iptables-save form) and says in plain words what it does and
 * when. The probability note is left to the ladder explanation, which knows the endpoint count.
 */
export function noteFor(raw: string): RuleNote {
  const target = ruleTarget(raw) ?? '';
  const chain = after(raw, '-A') ?? '';
  const has = (s: string) => raw.includes(s);
  if ((chain === 'PREROUTING' || chain === 'OUTPUT') && target === 'KUBE-SERVICES')
    return {
      kind: 'entry',
      note:
        chain === 'PREROUTING'
          ? 'Packets arriving from pods and other hosts enter kube-proxy’s rules here (nat PREROUTING). Only the first packet of a connection walks the nat table; conntrack handles the rest.'
          : 'Connections opened by this host’s own processes (curl on the node, kubelet) enter here (nat OUTPUT).',
    };
  if (chain === 'POSTROUTING' && target === 'KUBE-POSTROUTING')
    return {
      kind: 'postrouting-entry',
      note: 'After routing, every packet leaving passes KUBE-POSTROUTING, where the masquerade decision made earlier is carried out.',
    };
  if (target === 'KUBE-NODEPORTS')
    return {
      kind: 'nodeports-jump',
      note: 'The last rule of KUBE-SERVICES: anything addressed to one of this node’s own addresses is checked against the NodePorts.',
    };
  if (has('--match-set')) {
    const set = matchedSet(raw) ?? '';
    const holds = IPSETS[set];
    return {
      kind: 'ipset-match',
      note:
        holds === undefined
          ? `Matches the ipset ${set}: one hash lookup instead of one rule per Service.`
          : `${set} holds ${holds}`,
    };
  }
  if (target === 'KUBE-MARK-MASQ') {
    if (/\s!\s+-s\s/.test(raw))
      return {
        kind: 'mark-masq-outside',
        note: 'A connection to the ClusterIP from outside the pod network (the node itself, another host) is marked for SNAT, so the reply comes back through this node to be un-DNATed.',
      };
    if (chain.startsWith('KUBE-SEP-') && /\s-s\s/.test(raw))
      return {
        kind: 'mark-masq-hairpin',
        note: 'Hairpin: when a pod reaches its own Service and is picked as the endpoint, the packet would go back to itself; marking it forces SNAT to the node address so the reply is un-DNATed correctly.',
      };
    return {
      kind: 'mark-masq-jump',
      note: chain.startsWith('KUBE-EXT-')
        ? 'Traffic from outside (NodePort, external IP, load balancer) is marked for SNAT: with externalTrafficPolicy Cluster the endpoint may be on another node, and the reply must return through this one.'
        : 'Marks the packet for SNAT (KUBE-MARK-MASQ sets 0x4000; KUBE-POSTROUTING masquerades it on the way out).',
    };
  }
  if (chain === 'KUBE-MARK-MASQ' && target === 'MARK')
    return {
      kind: 'mark-set',
      note: 'KUBE-MARK-MASQ only sets bit 0x4000 of the packet mark; nothing is rewritten yet. The decision is acted on in KUBE-POSTROUTING, after routing.',
    };
  if (chain === 'KUBE-POSTROUTING' && target === 'RETURN')
    return {
      kind: 'masq-return',
      note: 'Packets without the 0x4000 mark leave untouched: a pod talking to a Service keeps its own source IP.',
    };
  if (chain === 'KUBE-POSTROUTING' && target === 'MARK')
    return {
      kind: 'masq-clear',
      note: 'Clears the mark so the packet is not masqueraded twice if it is routed again.',
    };
  if (target === 'MASQUERADE')
    return {
      kind: 'masquerade',
      note: 'Marked packets get the outgoing interface’s address as source (SNAT); conntrack undoes it on the reply.',
    };
  if (has('--rcheck'))
    return {
      kind: 'affinity-check',
      note: `Session affinity (ClientIP): a client seen within the last ${after(raw, '--seconds') ?? '?'} s goes back to the endpoint it had before, ahead of the random choice.`,
    };
  const isAffinitySet = /\s--set(\s|$)/.test(raw) && has('-m recent');
  if (target === 'DNAT')
    return {
      kind: 'dnat',
      note:
        `Rewrites the destination to ${after(raw, '--to-destination') ?? 'the endpoint'}. conntrack remembers it: the rest of the connection and the replies are translated without walking these rules again.` +
        (isAffinitySet
          ? ' It also records the client’s address (-m recent --set) for session affinity.'
          : ''),
    };
  if (isAffinitySet)
    return {
      kind: 'affinity-set',
      note: 'Session affinity: remembers this client’s address in the endpoint’s recent list.',
    };
  if (chain === 'KUBE-SERVICES' && target.startsWith('KUBE-SVC-'))
    return {
      kind: 'service-match',
      note: `Matches the ClusterIP ${after(raw, '-d') ?? ''} and port ${after(raw, '--dport') ?? ''}. KUBE-SERVICES holds one such rule per Service port and a new connection is compared with them in order.`,
    };
  if (chain === 'KUBE-SERVICES' && target.startsWith('KUBE-EXT-'))
    return {
      kind: 'ext-jump',
      note: 'An external IP or load-balancer IP of the Service: handled like a NodePort.',
    };
  if (chain === 'KUBE-NODEPORTS')
    return {
      kind: 'nodeport-match',
      note: `NodePort ${after(raw, '--dport') ?? ''}: a connection to this port on any of the node’s addresses is sent to the Service.`,
    };
  if (
    target.startsWith('KUBE-SVL-') ||
    (chain.startsWith('KUBE-EXT-') && target.startsWith('KUBE-SVC-'))
  )
    return {
      kind: 'local-jump',
      note: target.startsWith('KUBE-SVL-')
        ? 'externalTrafficPolicy Local: external traffic only goes to endpoints on this node (KUBE-SVL), keeping the client’s source IP; a node without one drops it.'
        : 'externalTrafficPolicy Cluster: external traffic goes on to the Service chain and may land on any node.',
    };
  if (target === 'REJECT' || target === 'KUBE-MARK-DROP' || target === 'DROP')
    return {
      kind: 'no-endpoints',
      note: 'The Service has no ready endpoint: new connections are rejected (or dropped).',
    };
  if (target.startsWith('KUBE-SEP-'))
    return ruleProbability(raw) === null
      ? {
          kind: 'fallthrough',
          note: 'No probability: takes every connection the rules above let through.',
        }
      : {
          kind: 'statistic',
          note: 'Picks this endpoint at random with the probability written on the rule.',
        };
  return { kind: 'other', note: '' };
}
