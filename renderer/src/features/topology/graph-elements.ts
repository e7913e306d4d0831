import { limitsFor } from '../../../../shared/data/eni-limits';
import { eniBoxHeight } from './graph-layout';
import type {
  NodeLimits,
  Topology,
  TopologyEni,
  TopologyNode,
  TopologyPod,
} from '../../../../shared/model/topology';

/** What a graph element stands for; the stylesheet and the layout key off this. */
export type ElementKind =
  | 'vpc'
  | 'subnet'
  | 'node'
  | 'eni'
  | 'eni-free'
  | 'slot'
  | 'pod'
  | 'hostnet'
  | 'operator'
  | 'unplaced'
  | 'services'
  | 'service'
  | 'peering'
  | 'endpoint';

/** The data of one cytoscape element: plain values only, so a diff can compare them. */
export interface ElementData {
  id: string;
  kind: ElementKind;
  label: string;
  parent?: string;
  source?: string;
  target?: string;
  /** For a pod drawn beside its IP slot: the slot's id (the layout puts them on one row). */
  slotId?: string;
  /** Slot state, pod phase, peering status…: what the stylesheet colours by. */
  state?: string;
  /** For a free ENI place: the height of the ENI that will attach there (its IPs per ENI). */
  boxHeight?: number;
  /** A key into the model for the details panel (node name, ENI id, pod ns/name, …). */
  ref?: string;
}

export interface GraphElement {
  group: 'nodes' | 'edges';
  data: ElementData;
}

export interface ElementOptions {
  /** Draw Services with edges to their endpoint pods. */
  showServices: boolean;
  /** Draw each ENI as one box with counts instead of its IP slots and pods. */
  collapseSlots: boolean;
}

/**
 * Past this many elements the graph collapses IP slots into counts per ENI by default: the
 * canvas renderer stops being interactive well before 5k compound-nested elements here (see
 * bench/topology-graph.ts).
 */
export const COLLAPSE_THRESHOLD = 2_000;

export const vpcId = (id: string) => `vpc:${id}`;
export const subnetId = (id: string) => `subnet:${id}`;
export const nodeKey = (node: TopologyNode, index: number) =>
  node.nodeName ?? node.instanceId ?? node.hostId ?? `#${index}`;
export const eniKey = (eni: TopologyEni, node: string, index: number) =>
  eni.id ?? `${node}/${eni.mac ?? eni.interfaceName ?? `#${index}`}`;
export const podKey = (pod: { namespace: string; name: string }) => `${pod.namespace}/${pod.name}`;

/** The node's limits as collected, else the VPC CNI table's for its instance type. */
export function nodeLimits(node: TopologyNode): NodeLimits | undefined {
  return (
    node.limits ?? (node.instanceType === undefined ? undefined : limitsFor(node.instanceType))
  );
}

const UNKNOWN_VPC = 'vpc:?';
const UNKNOWN_SUBNET = (vpc: string) => `subnet:?:${vpc}`;

const shortEni = (id: string) => (id.startsWith('eni-') ? `eni-${id.slice(4, 12)}` : id);

/**
 * The topology as cytoscape element definitions: VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP slot, each pod
 * beside its slot, free ENI places on nodes with known limits, peering edges between VPCs, the
 * operator host in its VPC, and (on demand) Services with edges to their endpoint pods. Ids are
 * stable keys of the model so a later collection diffs against this one.
 */
export function toElements(model: Topology, options: ElementOptions): GraphElement[] {
  const out: GraphElement[] = [];
  const node = (data: ElementData) => out.push({ group: 'nodes', data });
  const knownVpcs = new Set(model.vpcs.map((vpc) => vpc.id));
  const subnetVpc = new Map<string, string>();
  const subnetIds = new Set<string>();
  const usedParents = new Set<string>();

  for (const vpc of model.vpcs) {
    node({ id: vpcId(vpc.id), kind: 'vpc', ref: vpc.id, label: vpcLabel(vpc) });
  }
  for (const subnet of model.subnets) {
    const parent = subnet.vpcId !== undefined && knownVpcs.has(subnet.vpcId) ? subnet.vpcId : null;
    subnetVpc.set(subnet.id, parent === null ? UNKNOWN_VPC : vpcId(parent));
    subnetIds.add(subnet.id);
    const where = [subnet.availabilityZone, subnet.cidr].filter(Boolean).join(' · ');
    const free = subnet.freeIps === undefined ? '' : `\n${subnet.freeIps} IPs free`;
    node({
      id: subnetId(subnet.id),
      kind: 'subnet',
      ref: subnet.id,
      parent: subnetVpc.get(subnet.id),
      label: `${subnet.name ?? subnet.id}${where === '' ? '' : `\n${where}`}${free}`,
    });
    usedParents.add(subnetVpc.get(subnet.id) ?? UNKNOWN_VPC);
  }

  /** The subnet compound a node or host goes in, creating an "unknown" one when needed. */
  const placeIn = (subnet: string | undefined, vpc: string | undefined): string => {
    if (subnet !== undefined && subnetIds.has(subnet)) return subnetId(subnet);
    const vpcNode = vpc !== undefined && knownVpcs.has(vpc) ? vpcId(vpc) : UNKNOWN_VPC;
    const id = UNKNOWN_SUBNET(vpcNode);
    if (!usedParents.has(id)) {
      usedParents.add(id);
      usedParents.add(vpcNode);
      node({ id, kind: 'subnet', parent: vpcNode, label: 'subnet unknown' });
    }
    return id;
  };

  if (model.operator !== undefined) {
    const op = model.operator;
    node({
      id: `operator:${op.hostId}`,
      kind: 'operator',
      ref: op.hostId,
      parent: placeIn(op.subnetId, op.vpcId),
      label: `operator ${op.hostId}${op.privateIp === undefined ? '' : `\n${op.privateIp}`}`,
    });
  }

  const podsByKey = new Map(model.pods.map((pod) => [podKey(pod), pod]));
  const drawnPods = new Set<string>();
  model.nodes.forEach((topoNode, index) => {
    const key = nodeKey(topoNode, index);
    const id = `node:${key}`;
    node({
      id,
      kind: 'node',
      ref: key,
      parent: placeIn(topoNode.subnetId, topoNode.vpcId),
      label: nodeLabel(topoNode, key),
    });
    topoNode.enis.forEach((eni, eniIndex) => {
      addEni(out, eni, eniKey(eni, key, eniIndex), id, options, podsByKey, drawnPods);
    });
    const limits = nodeLimits(topoNode);
    const limit = limits?.maxEnis ?? 0;
    for (let free = topoNode.enis.length; free < limit; free++) {
      node({
        id: `eni-free:${key}:${free}`,
        kind: 'eni-free',
        parent: id,
        ...(limits === undefined ? {} : { boxHeight: eniBoxHeight(limits.ipsPerEni) }),
        label: `free ENI place\n(${free + 1} of ${limit})`,
      });
    }
  });
  if (usedParents.has(UNKNOWN_VPC)) {
    out.unshift({ group: 'nodes', data: { id: UNKNOWN_VPC, kind: 'vpc', label: 'VPC unknown' } });
  }

  addLoosePods(out, model, drawnPods, options);
  for (const peering of model.peerings) {
    if (!knownVpcs.has(peering.requesterVpcId) || !knownVpcs.has(peering.accepterVpcId)) continue;
    out.push({
      group: 'edges',
      data: {
        id: `peering:${peering.id}`,
        kind: 'peering',
        ref: peering.id,
        source: vpcId(peering.requesterVpcId),
        target: vpcId(peering.accepterVpcId),
        state: peering.status,
        label: `${peering.id}${peering.status === undefined ? '' : ` (${peering.status})`}`,
      },
    });
  }
  if (options.showServices) addServices(out, model, new Set(out.map((element) => element.data.id)));
  return out;
}

function vpcLabel(vpc: Topology['vpcs'][number]): string {
  return `${vpc.name === undefined ? vpc.id : `${vpc.name} · ${vpc.id}`}\n${vpc.cidrs.join(', ')}`;
}

/** `node1 · ip-192-168-1-37` over `t3.medium · 192.168.1.37`: short enough for the box. */
function nodeLabel(node: TopologyNode, key: string): string {
  const short = key.split('.')[0] ?? key;
  const name =
    node.hostId === undefined || node.hostId === short ? short : `${node.hostId} · ${short}`;
  const facts = [node.instanceType, node.primaryIp].filter(Boolean).join(' · ');
  return facts === '' ? name : `${name}\n${facts}`;
}

function addEni(
  out: GraphElement[],
  eni: TopologyEni,
  id: string,
  parent: string,
  options: ElementOptions,
  podsByKey: ReadonlyMap<string, TopologyPod>,
  drawnPods: Set<string>,
): void {
  const eniId = `eni:${id}`;
  const used = eni.slots.filter((slot) => slot.state === 'assigned').length;
  const warm = eni.slots.filter((slot) => slot.state === 'warm').length;
  const head = [
    eni.deviceNumber === undefined ? null : `#${eni.deviceNumber}`,
    eni.interfaceName,
    shortEni(id),
  ].filter(Boolean);
  const counts = options.collapseSlots ? `\n${used} pods · ${warm} warm` : '';
  out.push({
    group: 'nodes',
    data: { id: eniId, kind: 'eni', ref: id, parent, label: `${head.join(' ')}${counts}` },
  });
  if (options.collapseSlots) {
    for (const slot of eni.slots) if (slot.pod !== undefined) drawnPods.add(podKey(slot.pod));
    return;
  }
  for (const slot of eni.slots) {
    const slotId = `ip:${slot.address}`;
    out.push({
      group: 'nodes',
      data: {
        id: slotId,
        kind: 'slot',
        ref: slot.address,
        parent: eniId,
        state: slot.state,
        label: slot.address,
      },
    });
    if (slot.pod === undefined) continue;
    const key = podKey(slot.pod);
    if (drawnPods.has(key)) continue;
    drawnPods.add(key);
    const pod = podsByKey.get(key);
    out.push({
      group: 'nodes',
      data: {
        id: `pod:${key}`,
        kind: 'pod',
        ref: key,
        parent: eniId,
        slotId,
        state: pod?.phase ?? 'Unknown',
        label: slot.pod.name,
      },
    });
  }
}

/** Host-network pods sit on their node; pods with no slot (Pending, unknown IP) in one group. */
function addLoosePods(
  out: GraphElement[],
  model: Topology,
  drawnPods: Set<string>,
  options: ElementOptions,
): void {
  const nodeIds = new Set(model.nodes.map((node, index) => nodeKey(node, index)));
  let hasUnplaced = false;
  for (const pod of model.pods) {
    const key = podKey(pod);
    if (drawnPods.has(key)) continue;
    drawnPods.add(key);
    const onNode = pod.nodeName !== undefined && nodeIds.has(pod.nodeName);
    if (pod.isHostNetwork && onNode) {
      if (options.collapseSlots) continue;
      out.push({
        group: 'nodes',
        data: {
          id: `pod:${key}`,
          kind: 'hostnet',
          ref: key,
          parent: `node:${pod.nodeName}`,
          state: pod.phase ?? 'Unknown',
          label: `${pod.name} (host network)`,
        },
      });
      continue;
    }
    if (!hasUnplaced) {
      hasUnplaced = true;
      out.push({
        group: 'nodes',
        data: { id: 'unplaced', kind: 'unplaced', label: 'Pods without an IP slot' },
      });
    }
    const why = pod.ip === undefined ? 'no IP' : pod.ip;
    out.push({
      group: 'nodes',
      data: {
        id: `pod:${key}`,
        kind: 'pod',
        ref: key,
        parent: 'unplaced',
        state: pod.phase ?? 'Unknown',
        label: `${pod.name} · ${pod.phase ?? '?'} · ${why}`,
      },
    });
  }
}

function addServices(out: GraphElement[], model: Topology, drawn: ReadonlySet<string>): void {
  if (model.services.length === 0) return;
  out.push({ group: 'nodes', data: { id: 'services', kind: 'services', label: 'Services' } });
  for (const service of model.services) {
    const key = podKey(service);
    const id = `svc:${key}`;
    // Two ports fit the box; CoreDNS's three (53/UDP, 53/TCP, 9153/TCP) read "+1" here.
    const all = service.ports.map((port) => `${port.port}/${port.protocol}`);
    const ports =
      all.length <= 2 ? all.join(', ') : `${all.slice(0, 2).join(', ')} +${all.length - 2}`;
    out.push({
      group: 'nodes',
      data: {
        id,
        kind: 'service',
        ref: key,
        parent: 'services',
        label: `${service.name}\n${service.clusterIp ?? ''} ${ports}`.trim(),
      },
    });
    for (const endpoint of service.endpointPods) {
      const pod = podKey(endpoint);
      if (!drawn.has(`pod:${pod}`)) continue;
      out.push({
        group: 'edges',
        data: {
          id: `ep:${key}>${pod}`,
          kind: 'endpoint',
          source: id,
          target: `pod:${pod}`,
          label: '',
        },
      });
    }
  }
}

/** How many elements the full (uncollapsed) graph would have: decides the default mode. */
export function fullElementCount(model: Topology): number {
  let count = model.vpcs.length + model.subnets.length + model.peerings.length + 1;
  for (const node of model.nodes) {
    count += 1 + Math.max(node.enis.length, nodeLimits(node)?.maxEnis ?? 0);
    for (const eni of node.enis) count += eni.slots.length;
  }
  return count + model.pods.length;
}
