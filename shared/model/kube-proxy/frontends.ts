import { newSummary, summarizeRule } from '../../parsers/iptables';
import type { IptablesChain, IptablesTable, RuleSummary } from '../../parsers/iptables';
import { lineOf, ruleCount, type ChainWalker } from './chain-walker';
import {
  addOnce,
  chainHash,
  keysFor,
  nameFrom,
  newDraft,
  singleAddress,
  type Drafts,
} from './drafts';
import { frontendKind, parseServiceComment, serviceKey } from './service-comment';
import type { SourceLine } from './types';

function ref(table: IptablesTable, chain: IptablesChain, index: number): SourceLine {
  return {
    kind: 'iptables',
    table: table.name,
    chain: chain.name,
    index: index + 1,
    line: lineOf(chain, index),
  };
}

function protocolOf(s: RuleSummary): string {
  return (s.protocol ?? '').toLowerCase();
}

function isPassThroughChain(name: string): boolean {
  return name.startsWith('KUBE-MARK-');
}

/**
 * Reads the Service frontends of nat KUBE-SERVICES: one rule per cluster, external or
 * load-balancer address and port, jumping to a per-Service chain (or DNATing directly). Chains
 * that are not kube-proxy's and are jumped to without an address are searched the same way.
 */
export function collectServiceFrontends(
  walker: ChainWalker,
  nat: IptablesTable,
  chain: IptablesChain,
  drafts: Drafts,
  depth = 0,
  visited: Set<string> = new Set([chain.name]),
): void {
  const s = newSummary();
  const n = ruleCount(chain);
  for (let i = 0; i < n; i++) {
    summarizeRule(chain, i, s, true);
    const isChain = s.target === 'jump' || s.target === 'goto';
    if (isChain && (s.targetChain === 'KUBE-NODEPORTS' || isPassThroughChain(s.targetChain)))
      continue;
    const ip = s.isDestinationNegated ? null : singleAddress(s.destination);
    if (ip === null || s.dport === null) {
      const next =
        isChain && !s.targetChain.startsWith('KUBE-') ? walker.chain(s.targetChain) : undefined;
      if (next !== undefined && depth < 3 && !visited.has(next.name)) {
        visited.add(next.name);
        collectServiceFrontends(walker, nat, next, drafts, depth + 1, visited);
      }
      continue;
    }
    if (!isChain && s.target !== 'dnat') continue;
    const protocol = protocolOf(s);
    const comment = s.comments.length > 0 ? parseServiceComment(s.comments[0] as string) : null;
    const target = isChain ? s.targetChain : null;
    const kind =
      frontendKind(comment) ??
      (target?.startsWith('KUBE-EXT-') === true
        ? 'external'
        : target?.startsWith('KUBE-FW-') === true
          ? 'loadbalancer'
          : 'cluster');
    const keys = keysFor(target, comment, kind === 'cluster' ? ip : null, s.dport, protocol);
    const draft = drafts.get(keys, () => newDraft(chainHash(target), comment, protocol));
    nameFrom(draft, comment);
    const line = ref(nat, chain, i);
    draft.port.lines.push(line);
    const p = draft.port;
    if (kind === 'external') addOnce(p.externalIPs, ip);
    else if (kind === 'loadbalancer') addOnce(p.loadBalancerIPs, ip);
    else if (p.clusterIP === '' || (p.clusterIP === ip && p.port === s.dport)) {
      p.clusterIP = ip;
      p.port = s.dport;
      p.protocol = protocol;
      const probability = Number.isNaN(s.probability) ? null : s.probability;
      const dnat = s.target === 'dnat' ? { ip: s.dnatIp, port: s.dnatPort } : null;
      draft.ladder.push({ probability, chain: target, dnat, line });
    }
  }
}

/** Reads KUBE-NODEPORTS of the nat table: `--dport N -j KUBE-EXT-…` (or `KUBE-SVC-…` in old releases). */
export function collectNodePorts(nat: IptablesTable, chain: IptablesChain, drafts: Drafts): void {
  const s = newSummary();
  const n = ruleCount(chain);
  for (let i = 0; i < n; i++) {
    summarizeRule(chain, i, s, true);
    if ((s.target !== 'jump' && s.target !== 'goto') || s.dport === null) continue;
    if (isPassThroughChain(s.targetChain)) continue;
    const protocol = protocolOf(s);
    const comment = s.comments.length > 0 ? parseServiceComment(s.comments[0] as string) : null;
    const keys = keysFor(s.targetChain, comment, null, null, protocol);
    const draft = drafts.get(keys, () => newDraft(chainHash(s.targetChain), comment, protocol));
    nameFrom(draft, comment);
    draft.port.lines.push(ref(nat, chain, i));
    draft.port.nodePort ??= s.dport;
  }
}

/**
 * Reads the filter table's kube-proxy chains: `KUBE-SERVICES … has no endpoints -j REJECT`
 * (a Service port with no ready endpoints), `KUBE-EXTERNAL-SERVICES` (its NodePort and external
 * addresses; `has no local endpoints` means externalTrafficPolicy Local), and `KUBE-NODEPORTS`
 * `health check node port` rules.
 */
export function collectFilterRules(
  filter: IptablesTable,
  drafts: Drafts,
  find: (name: string) => IptablesChain | undefined,
): void {
  const s = newSummary();
  for (const name of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS']) {
    const chain = find(name);
    if (chain === undefined) continue;
    const n = ruleCount(chain);
    for (let i = 0; i < n; i++) {
      summarizeRule(chain, i, s, true);
      const comment = s.comments.length > 0 ? parseServiceComment(s.comments[0] as string) : null;
      const protocol = protocolOf(s);
      const ip = s.isDestinationNegated ? null : singleAddress(s.destination);
      const nameKey = comment === null ? null : serviceKey(comment, protocol);
      if (name === 'KUBE-NODEPORTS') {
        const draft = drafts.find(nameKey);
        if (draft !== undefined && comment?.rest === 'health check node port' && s.dport !== null) {
          draft.port.healthCheckNodePort = s.dport;
          draft.port.lines.push(ref(filter, chain, i));
        }
        continue;
      }
      if (s.target !== 'reject' && s.target !== 'drop') continue;
      if (name === 'KUBE-SERVICES') {
        if (ip === null || s.dport === null) continue;
        const draft = drafts.get(keysFor(null, comment, ip, s.dport, protocol), () =>
          newDraft(null, comment, protocol),
        );
        nameFrom(draft, comment);
        if (draft.port.clusterIP === '') {
          draft.port.clusterIP = ip;
          draft.port.port = s.dport;
        }
        draft.port.lines.push(ref(filter, chain, i));
        continue;
      }
      const draft = drafts.find(nameKey);
      if (draft === undefined) continue;
      draft.port.lines.push(ref(filter, chain, i));
      if (comment?.rest === 'has no local endpoints') draft.port.externalTrafficPolicy = 'Local';
      if (s.isDstLocal && s.dport !== null) draft.port.nodePort ??= s.dport;
      else if (ip !== null && !draft.port.loadBalancerIPs.includes(ip))
        addOnce(draft.port.externalIPs, ip);
    }
  }
}
