/**
 * One node's ENIs, merged from what EC2 (`describe-network-interfaces`/`describe-instances`),
 * instance metadata, ipamd and `ip -j addr` each told, by the stable keys ENI id and MAC.
 */
import { normalizeMac } from '../net/mac';
import type { AwsEni } from '../parsers/aws';
import type { KubePod } from '../parsers/kubectl';
import { SOURCE, sourceLabel, type NodeFacts } from './topology-facts';
import type { TopologyEni, TopologyIpSlot } from './topology';

interface Draft {
  id?: string;
  mac?: string;
  deviceNumber?: number;
  interfaceName?: string;
  primaryIp?: string;
  subnetId?: string;
  secondaryIps: string[];
  /** ipamd's word on each secondary: assigned to a pod (maybe named) or warm. */
  ipamd: Map<string, { assigned: boolean; pod?: { namespace: string; name: string } }>;
  sources: Set<string>;
}

function draftFor(drafts: Draft[], id: string | undefined, mac: string | undefined): Draft {
  const found = drafts.find(
    (d) => (id !== undefined && d.id === id) || (mac !== undefined && d.mac === mac),
  );
  if (found) {
    found.id ??= id;
    found.mac ??= mac;
    return found;
  }
  const draft: Draft = {
    ...(id === undefined ? {} : { id }),
    ...(mac === undefined ? {} : { mac }),
    secondaryIps: [],
    ipamd: new Map(),
    sources: new Set(),
  };
  drafts.push(draft);
  return draft;
}

function addSecondaries(draft: Draft, ips: readonly string[]): void {
  for (const ip of ips)
    if (ip !== draft.primaryIp && !draft.secondaryIps.includes(ip)) draft.secondaryIps.push(ip);
}

/**
 * Merges a node's ENIs. `awsEnis` are the EC2 records attached to its instance; `podsByIp` the
 * cluster's non-host-network pods, which decide a slot's state (a pod on it: assigned; none:
 * warm) together with ipamd's own assignment.
 */
export function mergeNodeEnis(
  node: NodeFacts,
  awsEnis: readonly AwsEni[],
  awsSource: string | undefined,
  podsByIp: ReadonlyMap<string, KubePod>,
): TopologyEni[] {
  const drafts: Draft[] = [];
  for (const eni of awsEnis) {
    const d = draftFor(drafts, eni.id, eni.mac ? normalizeMac(eni.mac) : undefined);
    d.deviceNumber ??= eni.attachment?.deviceIndex;
    d.subnetId ??= eni.subnetId;
    const primary = eni.privateIp ?? eni.privateIps.find((p) => p.primary)?.address;
    d.primaryIp ??= primary;
    addSecondaries(
      d,
      eni.privateIps.filter((p) => !p.primary).map((p) => p.address),
    );
    if (awsSource) d.sources.add(awsSource);
  }
  const imdsSource = sourceLabel(SOURCE.imds, node.host);
  for (const meta of node.imds ?? []) {
    const d = draftFor(drafts, meta.interfaceId, normalizeMac(meta.mac));
    d.deviceNumber ??= meta.deviceNumber;
    d.subnetId ??= meta.subnetId;
    const [primary, ...secondaries] = meta.localIpv4s;
    d.primaryIp ??= primary;
    addSecondaries(d, secondaries);
    d.sources.add(imdsSource);
  }
  const ipamdSource = sourceLabel(SOURCE.ipamd, node.host);
  for (const eni of node.ipamd?.enis ?? []) {
    const d = draftFor(drafts, eni.id, undefined);
    d.deviceNumber ??= eni.deviceNumber;
    for (const ip of eni.ips) {
      d.ipamd.set(ip.address, { assigned: ip.assigned, ...(ip.pod ? { pod: ip.pod } : {}) });
    }
    addSecondaries(
      d,
      eni.ips.map((ip) => ip.address),
    );
    d.sources.add(ipamdSource);
  }
  const addrSource = sourceLabel(SOURCE.ipAddr, node.host);
  for (const d of drafts) {
    const link = d.mac
      ? node.links?.find((l) => l.mac && normalizeMac(l.mac) === d.mac)
      : undefined;
    if (!link) continue;
    d.interfaceName = link.ifname;
    d.primaryIp ??= link.addresses.find((a) => a.family === 'inet')?.address;
    d.sources.add(addrSource);
  }
  return drafts
    .map((d) => finish(d, podsByIp))
    .sort((a, b) => (a.deviceNumber ?? Infinity) - (b.deviceNumber ?? Infinity));
}

function finish(d: Draft, podsByIp: ReadonlyMap<string, KubePod>): TopologyEni {
  const slots: TopologyIpSlot[] = d.primaryIp ? [{ address: d.primaryIp, state: 'primary' }] : [];
  for (const address of d.secondaryIps) {
    const pod = podsByIp.get(address);
    const said = d.ipamd.get(address);
    if (pod)
      slots.push({ address, state: 'assigned', pod: { namespace: pod.namespace, name: pod.name } });
    else if (said?.assigned)
      slots.push({ address, state: 'assigned', ...(said.pod ? { pod: said.pod } : {}) });
    else slots.push({ address, state: 'warm' });
  }
  return {
    ...(d.id === undefined ? {} : { id: d.id }),
    ...(d.deviceNumber === undefined ? {} : { deviceNumber: d.deviceNumber }),
    ...(d.interfaceName === undefined ? {} : { interfaceName: d.interfaceName }),
    ...(d.mac === undefined ? {} : { mac: d.mac }),
    ...(d.primaryIp === undefined ? {} : { primaryIp: d.primaryIp }),
    ...(d.subnetId === undefined ? {} : { subnetId: d.subnetId }),
    secondaryIps: d.secondaryIps,
    slots,
    sources: [...d.sources],
  };
}
