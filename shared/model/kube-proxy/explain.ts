/**
 * Glue for the Service explorer: one host's kube-proxy state (iptables-save, ipvsadm, ipset,
 * kube-ipvs0, the ConfigMap, kubectl's pods and Services) → the detected mode, every Service port
 * with the lines it was read from as printed, endpoint owners, masquerade rules, IPVS mode's
 * residual rules and the scale figures. Reuses the Service model; adds only the joining.
 */
import type {
  CitedLine,
  EndpointOwner,
  ExplainedService,
  HostServices,
} from '../../api/contract-kube-proxy';
import { findChain, parseIptables, ruleCountOf, ruleLineOf } from '../../parsers/iptables';
import type { IptablesRuleset, IptablesTable } from '../../parsers/iptables';
import { parseIpvsadm, type IpvsListing } from '../../parsers/ipvsadm';
import type { KubeObjects } from '../../parsers/kubectl';
import { splitLines } from '../../parsers/parse-result';
import { servicesFromIptables } from './from-iptables';
import { servicesFromIpvs } from './from-ipvs';
import { parseIpsetList, type IpsetSet } from './ipset-list';
import type { ServiceNames, ServicePort, ServiceRef } from './types';

/** What was read from one host and its operator; each source is absent when unreadable. */
export interface HostKubeProxySources {
  /** The host's own address, to tell local endpoints. */
  hostAddress: string;
  iptablesSave?: string;
  ipvsList?: string;
  ipvsStats?: string;
  ipsetList?: string;
  /** kube-ipvs0 as `ip addr` shows it; null when the host has no such interface. */
  kubeIpvs0?: { state: string; addresses: string[] } | null;
  configMap?: { name: string; mode: string; scheduler: string | null };
  kube?: KubeObjects;
}

export type ExplainedHost = Pick<
  HostServices,
  'mode' | 'services' | 'residual' | 'scale' | 'sharedPath'
> & {
  warnings: string[];
};

const SERVICE_CHAIN = /^KUBE-(SVC|SVL|EXT|FW)-[A-Z0-9]{16}$/;
/** Per-Service chains of iptables mode; every other KUBE- chain is shared by both modes. */
const PER_SERVICE = /^KUBE-(SVC|SEP|SVL|EXT|FW)-/;
const SAMPLE = 64;

/** `tcp 10.100.0.10:53`: how the same Service port is matched across hosts and modes. */
export function serviceKey(port: Pick<ServicePort, 'protocol' | 'clusterIP' | 'port'>): string {
  return `${port.protocol} ${port.clusterIP}:${port.port ?? '?'}`;
}

function namesFrom(kube: KubeObjects | undefined): ServiceNames | undefined {
  if (kube === undefined) return undefined;
  const names = new Map<string, ServiceRef>();
  for (const svc of kube.services) {
    for (const ip of svc.clusterIPs.length
      ? svc.clusterIPs
      : svc.clusterIP
        ? [svc.clusterIP]
        : []) {
      for (const p of svc.ports) {
        const ref = { namespace: svc.namespace, name: svc.name, portName: p.name ?? '' };
        names.set(`${ip}:${p.port}/${p.protocol.toLowerCase()}`, ref);
      }
    }
  }
  return names;
}

type PodsByIp = ReadonlyMap<string, KubeObjects['pods'][number]>;

/** Pod IP → pod, built once per host (host-network pods share the node's IP, so they are left out). */
function podsByIp(kube: KubeObjects | undefined): PodsByIp {
  const pods = new Map<string, KubeObjects['pods'][number]>();
  for (const pod of kube?.pods ?? []) {
    if (pod.hostNetwork) continue;
    for (const ip of pod.podIPs) pods.set(ip, pod);
  }
  return pods;
}

function ownersOf(port: ServicePort, pods: PodsByIp, hostAddress: string): EndpointOwner[] {
  return port.endpoints.map((e) => {
    const pod = e.ip === null ? undefined : pods.get(e.ip);
    return {
      ip: e.ip,
      podNamespace: pod?.namespace ?? null,
      podName: pod?.name ?? null,
      nodeName: pod?.nodeName ?? null,
      isLocal: pod?.hostIP === undefined ? null : pod.hostIP === hostAddress,
    };
  });
}

function natOf(ruleset: IptablesRuleset | undefined): IptablesTable | undefined {
  return ruleset?.tables.find((t) => t.name === 'nat');
}

/** `-j KUBE-MARK-MASQ` in save/-S text, or the target column of an `-L` row. */
const MARK_MASQ_JUMP =
  /(^|\s)-j KUBE-MARK-MASQ(\s|$)|^\s*(\d+[KMG]?\s+\d+[KMG]?\s+)?KUBE-MARK-MASQ\s/;

/**
 * Rules of the named nat chains that jump to KUBE-MARK-MASQ, as printed. Read from the rule
 * lines without decoding the rules: on a node with thousands of Services decoding every
 * KUBE-SEP rule cost more than the whole Service model.
 */
function masqueradeRules(
  nat: IptablesTable | undefined,
  chains: string[],
  text: string[],
): CitedLine[] {
  if (nat === undefined) return [];
  const out: CitedLine[] = [];
  for (const name of chains) {
    const chain = findChain(nat, name);
    if (chain === undefined) continue;
    for (let i = 0; i < ruleCountOf(chain); i += 1) {
      const line = ruleLineOf(chain, i);
      const printed = text[line - 1];
      if (printed !== undefined && MARK_MASQ_JUMP.test(printed))
        out.push({ source: 'iptables', line, text: printed });
    }
  }
  return out;
}

/** The printed rules of one nat chain that `keep` accepts, in order (all when no filter). */
function printedRules(
  nat: IptablesTable,
  name: string,
  text: string[],
  keep: (printed: string) => boolean = () => true,
): CitedLine[] {
  const chain = findChain(nat, name);
  const out: CitedLine[] = [];
  for (let i = 0; chain !== undefined && i < ruleCountOf(chain); i += 1) {
    const line = ruleLineOf(chain, i);
    const printed = text[line - 1];
    if (printed !== undefined && keep(printed))
      out.push({ source: 'iptables', line, text: printed });
  }
  return out;
}

/** The nat rules every iptables-mode path shares: entry jumps and the masquerade chains. */
function sharedPathLines(nat: IptablesTable | undefined, text: string[]): CitedLine[] {
  if (nat === undefined) return [];
  const jumpsTo = (target: string) => (printed: string) =>
    new RegExp(`(^|\\s)-j ${target}(\\s|$)`).test(printed);
  return [
    ...printedRules(nat, 'PREROUTING', text, jumpsTo('KUBE-SERVICES')),
    ...printedRules(nat, 'OUTPUT', text, jumpsTo('KUBE-SERVICES')),
    ...printedRules(nat, 'POSTROUTING', text, jumpsTo('KUBE-POSTROUTING')),
    ...printedRules(nat, 'KUBE-SERVICES', text, jumpsTo('KUBE-NODEPORTS')),
    ...printedRules(nat, 'KUBE-MARK-MASQ', text),
    ...printedRules(nat, 'KUBE-POSTROUTING', text),
  ];
}

/** One iptables-mode port's own chains in full: KUBE-SVC/SVL/EXT/FW by hash, each KUBE-SEP. */
function portPathLines(nat: IptablesTable | undefined, port: ServicePort, text: string[]) {
  if (nat === undefined) return [];
  const hash = port.svcChain?.replace(/^KUBE-(SVC|SVL)-/, '');
  const names = new Set([
    ...(hash === undefined ? [] : ['SVC', 'SVL', 'EXT', 'FW'].map((p) => `KUBE-${p}-${hash}`)),
    ...port.endpoints.flatMap((e) => (e.sepChain === undefined ? [] : [e.sepChain])),
  ]);
  return [...names].flatMap((name) => printedRules(nat, name, text));
}

function cite(port: ServicePort, iptables: string[], ipvs: string[]): CitedLine[] {
  const seen = new Set<string>();
  const out: CitedLine[] = [];
  for (const l of [...port.lines, ...port.endpoints.flatMap((e) => e.lines)]) {
    const k = `${l.kind}:${l.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const text = (l.kind === 'iptables' ? iptables : ipvs)[l.line - 1];
    if (text !== undefined) out.push({ source: l.kind, line: l.line, text });
  }
  return out.sort((a, b) =>
    a.source === b.source ? a.line - b.line : a.source < b.source ? -1 : 1,
  );
}

function detectMode(
  sources: HostKubeProxySources,
  svcChains: number,
  virtualServers: number,
  clusterIpSet: IpsetSet | undefined,
): HostServices['mode'] {
  const evidence: HostServices['mode']['evidence'] = [];
  const cm = sources.configMap;
  const configured = cm === undefined ? null : cm.mode === '' ? 'iptables' : cm.mode;
  if (cm !== undefined) {
    evidence.push({
      kind: 'configmap',
      mode: configured === 'iptables' || configured === 'ipvs' ? configured : null,
      detail: `ConfigMap ${cm.name}: mode: "${cm.mode}"${cm.mode === '' ? ' (the default, iptables)' : ''}`,
    });
  }
  if (sources.kubeIpvs0) {
    evidence.push({
      kind: 'kube-ipvs0',
      mode: 'ipvs',
      detail: `kube-ipvs0 (${sources.kubeIpvs0.state}) holds ${sources.kubeIpvs0.addresses.length} addresses`,
    });
  }
  if (sources.ipvsList !== undefined)
    evidence.push({
      kind: 'ipvs-table',
      mode: virtualServers > 0 ? 'ipvs' : null,
      detail: `${virtualServers} IPVS virtual servers`,
    });
  if (clusterIpSet !== undefined)
    evidence.push({
      kind: 'ipset',
      mode: 'ipvs',
      detail: `ipset ${clusterIpSet.name} holds ${clusterIpSet.entries} entries`,
    });
  if (sources.iptablesSave !== undefined)
    evidence.push({
      kind: 'kube-svc-chains',
      mode: svcChains > 0 ? 'iptables' : null,
      detail: `${svcChains} KUBE-SVC chains in the nat table`,
    });
  const onNode: HostServices['mode']['detected'] =
    virtualServers > 0 && svcChains === 0
      ? 'ipvs'
      : svcChains > 0 && virtualServers === 0
        ? 'iptables'
        : 'unknown';
  const fallback = configured === 'iptables' || configured === 'ipvs' ? configured : 'unknown';
  return { detected: onNode === 'unknown' ? fallback : onNode, configMap: cm ?? null, evidence };
}

/** Reads everything the explorer shows for one host from what its commands printed. */
export function explainHost(sources: HostKubeProxySources): ExplainedHost {
  const warnings: string[] = [];
  const names = namesFrom(sources.kube);
  const iptablesText = sources.iptablesSave === undefined ? [] : splitLines(sources.iptablesSave);
  const ruleset =
    sources.iptablesSave === undefined ? undefined : parseIptables(sources.iptablesSave).value;
  const nat = natOf(ruleset);
  const natChains = nat?.chains ?? [];
  const svcChains = natChains.filter((c) => c.name.startsWith('KUBE-SVC-')).length;
  const sepChains = natChains.filter((c) => c.name.startsWith('KUBE-SEP-')).length;
  const natRules = nat === undefined ? null : natChains.reduce((n, c) => n + ruleCountOf(c), 0);

  let listing: IpvsListing | undefined;
  if (sources.ipvsList !== undefined) listing = parseIpvsadm(sources.ipvsList).value;
  const stats = sources.ipvsStats === undefined ? undefined : parseIpvsadm(sources.ipvsStats).value;
  const ipvsText = sources.ipvsList === undefined ? [] : splitLines(sources.ipvsList);
  const virtualServers = listing?.services.length ?? 0;

  const ipsets = sources.ipsetList === undefined ? [] : parseIpsetList(sources.ipsetList).value;
  const clusterIpSet = ipsets.find((s) => s.name === 'KUBE-CLUSTER-IP');
  const mode = detectMode(sources, svcChains, virtualServers, clusterIpSet);

  let ports: ServicePort[] = [];
  if (mode.detected === 'ipvs' && listing !== undefined) {
    const read = servicesFromIpvs(listing, {
      ...(stats ? { stats } : {}),
      ...(names ? { names } : {}),
    });
    ports = read.value;
    warnings.push(...read.warnings.map((w) => `ipvsadm: ${w.message}`));
  } else if (ruleset !== undefined) {
    const read = servicesFromIptables(ruleset, names ? { names } : {});
    ports = read.value;
    warnings.push(
      ...read.warnings.slice(0, 5).map((w) => `iptables: line ${w.line}: ${w.message}`),
    );
  }

  const residualRules: CitedLine[] =
    mode.detected !== 'ipvs'
      ? []
      : natChainsAndFilter(ruleset).flatMap((chain) =>
          chain.rules
            .filter((r) => {
              const t = r.target;
              const jumpsToKube = t !== null && t.kind === 'jump' && t.chain.startsWith('KUBE-');
              return chain.name.startsWith('KUBE-') ? !PER_SERVICE.test(chain.name) : jumpsToKube;
            })
            .map((r) => ({
              source: 'iptables' as const,
              line: r.line,
              text: iptablesText[r.line - 1] ?? r.raw,
            })),
        );
  const ipvsMasquerade = residualRules.filter(
    (r) => /KUBE-CLUSTER-IP/.test(r.text) && /KUBE-MARK-MASQ/.test(r.text),
  );

  const pods = podsByIp(sources.kube);
  const services: ExplainedService[] = ports.map((port) => {
    const isIpvs = port.source === 'ipvs';
    const chains = [port.svcChain, ...port.endpoints.map((e) => e.sepChain)].filter(
      (c): c is string => c !== undefined,
    );
    const protocol = port.protocol;
    const counters: ExplainedService['counters'] = isIpvs
      ? port.port !== null &&
        port.clusterIP !== '' &&
        (protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp')
        ? { mode: 'ipvs', protocol, vip: port.clusterIP, port: port.port }
        : null
      : port.svcChain !== undefined && SERVICE_CHAIN.test(port.svcChain)
        ? { mode: 'iptables', chain: port.svcChain }
        : null;
    return {
      key: serviceKey(port),
      service: port,
      owners: ownersOf(port, pods, sources.hostAddress),
      cited: cite(port, iptablesText, ipvsText),
      masquerade: isIpvs ? ipvsMasquerade : masqueradeRules(nat, chains, iptablesText),
      vipOnKubeIpvs0: isIpvs
        ? (sources.kubeIpvs0?.addresses.includes(port.clusterIP) ?? false)
        : null,
      counters,
      ...(isIpvs ? {} : { path: portPathLines(nat, port, iptablesText) }),
    };
  });

  return {
    mode,
    services,
    ...(mode.detected === 'ipvs' ? {} : { sharedPath: sharedPathLines(nat, iptablesText) }),
    residual: {
      rules: residualRules,
      ipsets: ipsets.map((s) => ({
        name: s.name,
        type: s.type,
        comment: null,
        members: s.entries,
        sample: s.members.slice(0, SAMPLE),
      })),
    },
    scale: {
      natRules,
      svcChains: nat === undefined ? null : svcChains,
      sepChains: nat === undefined ? null : sepChains,
      ipvsVirtualServers: listing === undefined ? null : virtualServers,
      ipvsRealServers:
        listing === undefined
          ? null
          : listing.services.reduce((n, s) => n + s.realServers.length, 0),
    },
    warnings,
  };
}

/** The nat chains, then filter's (IPVS mode leaves rules in both). */
function natChainsAndFilter(ruleset: IptablesRuleset | undefined): IptablesTable['chains'] {
  if (ruleset === undefined) return [];
  const pick = (name: string) => ruleset.tables.find((t) => t.name === name)?.chains ?? [];
  return [...pick('nat'), ...pick('filter')];
}
