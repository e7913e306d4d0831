/**
 * Names for what a capture shows, from the topology: a pod IP reads `default/nginx-…`, a Service
 * VIP `svc default/nginx`, a node IP its node name, and a host-side veth (`eni…`, `cali…`) the pod
 * behind it. Unknown stays unnamed.
 */
import type { Topology } from '../topology';

/** Lookups the capture view labels addresses and interfaces with. */
export interface CaptureNames {
  /** IP → label. */
  addresses: Map<string, string>;
  /** Host-side veth name → the pod's `namespace/name` (veth names are unique per node). */
  veths: Map<string, string>;
}

/** An empty set of names (before or without a topology). */
export function emptyNames(): CaptureNames {
  return { addresses: new Map(), veths: new Map() };
}

/** Builds the lookups from one topology collection. */
export function namesFromTopology(t: Pick<Topology, 'nodes' | 'pods' | 'services'>): CaptureNames {
  const names = emptyNames();
  for (const n of t.nodes)
    if (n.primaryIp !== undefined && n.nodeName !== undefined)
      names.addresses.set(n.primaryIp, n.nodeName);
  for (const s of t.services)
    if (s.clusterIp !== undefined && s.clusterIp !== 'None')
      names.addresses.set(s.clusterIp, `svc ${s.namespace}/${s.name}`);
  for (const p of t.pods) {
    if (p.isHostNetwork) continue;
    const label = `${p.namespace}/${p.name}`;
    if (p.ip !== undefined) names.addresses.set(p.ip, label);
    if (p.hostVeth !== undefined) names.veths.set(p.hostVeth, label);
  }
  return names;
}
