/**
 * kube-proxy's per-Service iptables rules, following `syncProxyRules` in
 * kubernetes/pkg/proxy/iptables/proxier.go (v1.29+): per Service port the KUBE-SERVICES capture,
 * KUBE-SVC/SVL/EXT chains, the probability ladder, KUBE-SEP hairpin-masquerade and DNAT rules,
 * NodePort rules and the filter-table REJECT/DROP rules.
 * LoadBalancer ingress IPs, externalIPs, source ranges (KUBE-FW) and nfacct rules are not modelled.
 */
import {
  endpointChainName,
  externalChainName,
  serviceChainName,
  serviceLocalChainName,
  servicePortName,
} from './chain-names';
import { kubeProxyProbability, storedProbability } from './probability';
import {
  comment,
  dstLocal,
  hostCidr,
  jump,
  portMatch,
  rule,
  srcLocal,
  verdict,
} from './rule-builders';
import { MARK_MASQ } from './kube-proxy-static-rules';
import type { TableBuilder } from './table-builder';
import type { EndpointInput, KubeProxyInput, Match, Rule, ServicePortInput } from './types';

const DEFAULT_AFFINITY_SECONDS = 10800;

const endpointString = (ep: EndpointInput): string => `${ep.ip}:${ep.port}`;

/** kube-proxy orders endpoints by their `ip:port` string (endpointslicecache's byEndpoint). */
function sortEndpoints(eps: readonly EndpointInput[]): EndpointInput[] {
  return [...eps].sort((a, b) => {
    const x = endpointString(a);
    const y = endpointString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Adds every rule kube-proxy writes for one Service port. */
export function addServicePortRules(
  sp: ServicePortInput,
  input: KubeProxyInput,
  filter: TableBuilder,
  nat: TableBuilder,
): void {
  const name = servicePortName(sp);
  const proto = sp.protocol;
  const isLocal = (ep: EndpointInput): boolean => ep.isLocal ?? ep.nodeName === input.node.name;
  const ready = sortEndpoints(sp.endpoints.filter((ep) => ep.ready));

  // Traffic policies, as BaseServicePortInfo computes them (only NodePorts make it external here).
  const externallyAccessible = sp.nodePort !== undefined;
  const externalPolicyLocal = externallyAccessible && sp.externalTrafficPolicy === 'Local';
  const internalPolicyLocal = sp.internalTrafficPolicy === 'Local';
  const usesClusterEndpoints =
    !internalPolicyLocal || (externallyAccessible && !externalPolicyLocal);
  const usesLocalEndpoints = internalPolicyLocal || externalPolicyLocal;

  // proxy.CategorizeEndpoints, without topology hints and terminating endpoints.
  const clusterEndpoints = usesClusterEndpoints ? ready : [];
  const localEndpoints = usesLocalEndpoints ? ready.filter(isLocal) : [];
  const hasEndpoints = ready.length > 0;
  const reachable = sortEndpoints([...new Set([...clusterEndpoints, ...localEndpoints])]);

  const clusterChain = serviceChainName(name, proto);
  const localChain = serviceLocalChainName(name, proto);
  const extChain = externalChainName(name, proto);
  const internalChain = internalPolicyLocal ? localChain : clusterChain;
  const hasInternalEndpoints = internalPolicyLocal ? localEndpoints.length > 0 : hasEndpoints;
  const externalPolicyChain = externalPolicyLocal ? localChain : clusterChain;
  const hasExternalEndpoints = externalPolicyLocal ? localEndpoints.length > 0 : hasEndpoints;
  const usesExternalChain = hasEndpoints && externallyAccessible;

  const filterTarget = hasEndpoints ? verdict('DROP') : ({ kind: 'reject' } as const);
  const filterComment = hasEndpoints
    ? `${name} has no local endpoints`
    : `${name} has no endpoints`;
  const vip = { cidr: hostCidr(sp.clusterIP) };
  const clusterIpMatches = [comment(`${name} cluster IP`), portMatch(proto, sp.port)];

  if (hasInternalEndpoints) {
    nat.append(
      'KUBE-SERVICES',
      rule({
        destination: vip,
        protocol: proto,
        matches: clusterIpMatches,
        target: jump(internalChain),
      }),
    );
  } else {
    filter.append(
      'KUBE-SERVICES',
      rule({
        destination: vip,
        protocol: proto,
        matches: [comment(filterComment), portMatch(proto, sp.port)],
        target: filterTarget,
      }),
    );
  }

  if (sp.nodePort !== undefined) {
    if (hasEndpoints && input.nfacct) {
      nat.append(
        'KUBE-NODEPORTS',
        rule({
          destination: { cidr: '127.0.0.0/8' },
          protocol: proto,
          matches: [
            comment(name),
            portMatch(proto, sp.nodePort),
            { kind: 'nfacct', name: 'localhost_nps_accepted_pkts' },
          ],
          target: jump(extChain),
        }),
      );
    }
    if (hasEndpoints) {
      nat.append(
        'KUBE-NODEPORTS',
        rule({
          protocol: proto,
          matches: [comment(name), portMatch(proto, sp.nodePort)],
          target: jump(extChain),
        }),
      );
    }
    if (!hasExternalEndpoints) {
      filter.append(
        'KUBE-EXTERNAL-SERVICES',
        rule({
          protocol: proto,
          matches: [comment(filterComment), dstLocal, portMatch(proto, sp.nodePort)],
          target: filterTarget,
        }),
      );
    }
  }

  if (sp.healthCheckNodePort !== undefined) {
    filter.append(
      'KUBE-NODEPORTS',
      rule({
        protocol: 'tcp',
        matches: [
          comment(`${name} health check node port`),
          portMatch('tcp', sp.healthCheckNodePort),
        ],
        target: verdict('ACCEPT'),
      }),
    );
  }

  // Off-cluster traffic to the VIP is masqueraded only when kube-proxy can tell pods apart.
  if (hasInternalEndpoints && input.clusterCIDR !== undefined) {
    nat.append(
      internalChain,
      rule({
        source: { cidr: input.clusterCIDR, negate: true },
        destination: vip,
        protocol: proto,
        matches: clusterIpMatches,
        target: jump(MARK_MASQ),
      }),
    );
  }

  if (usesExternalChain) {
    nat.ensure(extChain, { kind: 'service', servicePortName: name, role: 'EXT' });
    if (!externalPolicyLocal) {
      nat.append(
        extChain,
        rule({
          matches: [comment(`masquerade traffic for ${name} external destinations`)],
          target: jump(MARK_MASQ),
        }),
      );
    } else {
      if (input.clusterCIDR !== undefined) {
        nat.append(
          extChain,
          rule({
            source: { cidr: input.clusterCIDR },
            matches: [comment(`pod traffic for ${name} external destinations`)],
            target: jump(clusterChain),
          }),
        );
      }
      nat.append(
        extChain,
        rule({
          matches: [
            comment(`masquerade LOCAL traffic for ${name} external destinations`),
            srcLocal,
          ],
          target: jump(MARK_MASQ),
        }),
        rule({
          matches: [comment(`route LOCAL traffic for ${name} external destinations`), srcLocal],
          target: jump(clusterChain),
        }),
      );
    }
    if (hasExternalEndpoints) nat.append(extChain, rule({ target: jump(externalPolicyChain) }));
  }

  if (clusterEndpoints.length > 0 && usesClusterEndpoints) {
    nat.ensure(clusterChain, { kind: 'service', servicePortName: name, role: 'SVC' });
    nat.append(clusterChain, ...ladderRules(sp, name, clusterEndpoints));
  }
  if (localEndpoints.length > 0 && usesLocalEndpoints) {
    nat.ensure(localChain, { kind: 'service', servicePortName: name, role: 'SVL' });
    nat.append(localChain, ...ladderRules(sp, name, localEndpoints));
  }

  for (const ep of reachable) {
    const epString = endpointString(ep);
    const sep = endpointChainName(name, proto, epString);
    nat.ensure(sep, { kind: 'endpoint', servicePortName: name, endpoint: epString });
    const affinity: Match[] =
      sp.sessionAffinity === 'ClientIP' ? [{ kind: 'recent', mode: 'set', name: sep }] : [];
    nat.append(
      sep,
      rule({
        source: { cidr: hostCidr(ep.ip) },
        matches: [comment(name)],
        target: jump(MARK_MASQ),
      }),
      rule({
        protocol: proto,
        matches: [comment(name), ...affinity, portMatch(proto)],
        target: { kind: 'dnat', toDestination: epString },
      }),
    );
  }
}

/** writeServiceToEndpointRules: affinity `recent` checks first, then the 1/(n−k) ladder. */
function ladderRules(
  sp: ServicePortInput,
  name: string,
  endpoints: readonly EndpointInput[],
): Rule[] {
  const out: Rule[] = [];
  const sepOf = (ep: EndpointInput): string =>
    endpointChainName(name, sp.protocol, endpointString(ep));
  if (sp.sessionAffinity === 'ClientIP') {
    for (const ep of endpoints) {
      out.push(
        rule({
          matches: [
            comment(`${name} -> ${endpointString(ep)}`),
            {
              kind: 'recent',
              mode: 'rcheck',
              name: sepOf(ep),
              seconds: sp.sessionAffinityTimeoutSeconds ?? DEFAULT_AFFINITY_SECONDS,
              reap: true,
            },
          ],
          target: jump(sepOf(ep)),
        }),
      );
    }
  }
  endpoints.forEach((ep, i) => {
    const matches: Match[] = [comment(`${name} -> ${endpointString(ep)}`)];
    if (i < endpoints.length - 1) {
      const written = kubeProxyProbability(i, endpoints.length);
      matches.push({ kind: 'statistic', probability: storedProbability(written) });
    }
    out.push(rule({ matches, target: jump(sepOf(ep)) }));
  });
  return out;
}
