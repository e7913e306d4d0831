import { serviceKey, type ServiceComment } from './service-comment';
import type { ServicePort, SourceLine } from './types';

/** One step of a Service's entry ladder: a rule in KUBE-SERVICES (or a chain it jumps to). */
export interface LadderStep {
  probability: number | null;
  chain: string | null;
  dnat: { ip: string | null; port: number | null } | null;
  /** Null for a step implied by chain names rather than read from a rule. */
  line: SourceLine | null;
}

/** A Service port being assembled from several tables and chains. */
export interface Draft {
  port: ServicePort;
  /** The kube-proxy chain hash shared by its SVC/SVL/EXT/FW chains, when known. */
  hash: string | null;
  ladder: LadderStep[];
}

const KUBE_CHAIN = /^KUBE-(?:SVC|SVL|EXT|FW|XLB)-([A-Z0-9]{16})$/;

/** The 16-character hash of a kube-proxy per-Service chain name, or null. */
export function chainHash(chain: string | null): string | null {
  if (chain === null) return null;
  const m = KUBE_CHAIN.exec(chain);
  return m === null ? null : (m[1] ?? null);
}

/** Strips a host mask (`/32`, `/128`); null when the address is a wider network. */
export function singleAddress(address: string | null): string | null {
  if (address === null) return null;
  const slash = address.indexOf('/');
  if (slash < 0) return address;
  const bits = address.slice(slash + 1);
  return bits === '32' || bits === '128' ? address.slice(0, slash) : null;
}

/** Drafts indexed by chain hash, by Service name and by cluster frontend. */
export class Drafts {
  readonly list: Draft[] = [];
  private readonly byKey = new Map<string, Draft>();

  /** The draft known under any of `keys`, created under all of them when none matches. */
  get(keys: readonly (string | null)[], make: () => Draft): Draft {
    let found: Draft | undefined;
    for (const k of keys) {
      if (k === null) continue;
      found = this.byKey.get(k);
      if (found !== undefined) break;
    }
    const draft = found ?? make();
    if (found === undefined) this.list.push(draft);
    for (const k of keys) if (k !== null && !this.byKey.has(k)) this.byKey.set(k, draft);
    return draft;
  }

  /** The draft known under `key`, if any. */
  find(key: string | null): Draft | undefined {
    return key === null ? undefined : this.byKey.get(key);
  }
}

/** Keys a frontend may be known by: chain hash, Service name, cluster address. */
export function keysFor(
  chain: string | null,
  comment: ServiceComment | null,
  ip: string | null,
  port: number | null,
  protocol: string,
): (string | null)[] {
  const hash = chainHash(chain);
  return [
    hash === null ? null : `h:${hash}`,
    comment === null ? null : serviceKey(comment, protocol),
    ip === null || port === null ? null : `f:${ip}:${port}/${protocol}`,
  ];
}

/** A fresh draft with nothing known but what a frontend told. */
export function newDraft(
  hash: string | null,
  comment: ServiceComment | null,
  protocol: string,
): Draft {
  return {
    hash,
    ladder: [],
    port: {
      namespace: comment?.namespace ?? '',
      name: comment?.name ?? '',
      portName: comment?.portName ?? '',
      protocol,
      clusterIP: '',
      port: null,
      nodePort: null,
      externalIPs: [],
      loadBalancerIPs: [],
      loadBalancerSourceRanges: [],
      externalTrafficPolicy: 'Cluster',
      healthCheckNodePort: null,
      endpoints: [],
      source: 'iptables',
      issues: [],
      lines: [],
    },
  };
}

/** Fills the name from a comment if the draft has none yet. */
export function nameFrom(draft: Draft, comment: ServiceComment | null): void {
  if (comment === null || draft.port.name !== '') return;
  draft.port.namespace = comment.namespace;
  draft.port.name = comment.name;
  draft.port.portName = comment.portName;
}

/** Adds to a list once. */
export function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
