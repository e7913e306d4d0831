/**
 * What changed between two collections of the topology, entity by entity under stable keys
 * (VPC/subnet/peering id, node host id, ENI id within its node, pod and Service namespace/name):
 * the lines `kubelab watch topology` prints, and what a view applies in one batch. Pure.
 */
import type {
  Topology,
  TopologyEni,
  TopologyNode,
  TopologyOperator,
  TopologyPeering,
  TopologyPod,
  TopologyService,
  TopologySubnet,
  TopologyVpc,
  TopologyWarmPool,
} from './topology';
import type { CollectWarning } from './lab-overview';

/** A node without its ENIs: those are entities of their own. */
export type TopologyNodeEntity = Omit<TopologyNode, 'enis'>;

/** Every entity kind, with the model value it carries. */
export interface TopologyEntityValues {
  vpc: TopologyVpc;
  subnet: TopologySubnet;
  peering: TopologyPeering;
  operator: TopologyOperator;
  warmPool: TopologyWarmPool;
  node: TopologyNodeEntity;
  /** An ENI and the node (its key) it is attached to. */
  eni: TopologyEni & { node: string };
  pod: TopologyPod;
  service: TopologyService;
  warning: CollectWarning;
}

export type TopologyEntityKind = keyof TopologyEntityValues;

/** One entity: its kind, its stable key (unique within the kind) and its value. */
export type TopologyEntity = {
  [K in TopologyEntityKind]: { kind: K; key: string; value: TopologyEntityValues[K] };
}[TopologyEntityKind];

/** A changed entity: its new value and the top-level fields that differ. */
export type TopologyChangedEntity = TopologyEntity & { fields: string[] };

export interface TopologyDiff {
  added: TopologyEntity[];
  removed: { kind: TopologyEntityKind; key: string }[];
  changed: TopologyChangedEntity[];
}

/** The key a node goes by: its workspace host, else its instance, else its Kubernetes name. */
export function nodeKey(node: TopologyNode): string {
  return node.hostId ?? node.instanceId ?? node.nodeName ?? '?';
}

/** The key of an ENI within its node: its id, else its MAC, else its interface. */
export function eniKey(node: TopologyNode, eni: TopologyEni): string {
  return `${nodeKey(node)}/${eni.id ?? eni.mac ?? eni.interfaceName ?? '?'}`;
}

/**
 * Every entity of a topology under its kind and key (`pod default/web-1`, `eni node1/eni-0a…`).
 * Collection metadata (`collectedAt`, `durationMs`) is not an entity.
 */
export function topologyEntities(t: Topology): TopologyEntity[] {
  const out: TopologyEntity[] = [];
  for (const value of t.vpcs) out.push({ kind: 'vpc', key: value.id, value });
  for (const value of t.subnets) out.push({ kind: 'subnet', key: value.id, value });
  for (const value of t.peerings) out.push({ kind: 'peering', key: value.id, value });
  if (t.operator) out.push({ kind: 'operator', key: t.operator.hostId, value: t.operator });
  if (t.warmPool) out.push({ kind: 'warmPool', key: 'aws-node', value: t.warmPool });
  for (const node of t.nodes) {
    const { enis, ...rest } = node;
    out.push({ kind: 'node', key: nodeKey(node), value: rest });
    for (const eni of enis)
      out.push({ kind: 'eni', key: eniKey(node, eni), value: { ...eni, node: nodeKey(node) } });
  }
  for (const value of t.pods)
    out.push({ kind: 'pod', key: `${value.namespace}/${value.name}`, value });
  for (const value of t.services)
    out.push({ kind: 'service', key: `${value.namespace}/${value.name}`, value });
  for (const value of t.warnings)
    out.push({
      kind: 'warning',
      key: `${value.hostId ?? '-'} ${value.source}: ${value.message}`,
      value,
    });
  return out;
}

/** JSON with object keys sorted, so two equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}

const id = (e: { kind: string; key: string }) => `${e.kind}\u0000${e.key}`;

/**
 * The entities added, removed and changed from `before` to `after`, in `after`'s order (removed
 * in `before`'s). Equal collections give an empty diff, whatever their times.
 */
export function diffTopology(before: Topology, after: Topology): TopologyDiff {
  const old = new Map(topologyEntities(before).map((e) => [id(e), e]));
  const diff: TopologyDiff = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const entity of topologyEntities(after)) {
    const k = id(entity);
    seen.add(k);
    const prior = old.get(k);
    if (!prior) diff.added.push(entity);
    else {
      const fields = changedFields(prior.value, entity.value);
      if (fields.length > 0) diff.changed.push({ ...entity, fields });
    }
  }
  for (const [k, entity] of old)
    if (!seen.has(k)) diff.removed.push({ kind: entity.kind, key: entity.key });
  return diff;
}

/** Whether a diff says nothing changed. */
export function isEmptyDiff(diff: TopologyDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
