import type {
  CollectWarning,
  Eni,
  IpSlot,
  LabOverview,
  NodeOverview,
} from '../../../../shared/model/lab-overview';

/** One IP slot as a table row. */
export interface SlotRow {
  address: string;
  state: IpSlot['state'];
  /** The pod using it, for assigned slots. */
  pod: { namespace: string; name: string } | null;
  hostVeth: string | null;
}

export interface EniView {
  id: string;
  /** Null when no source told it. */
  deviceNumber: number | null;
  interfaceName: string | null;
  mac: string | null;
  isPrimary: boolean;
  rows: SlotRow[];
  /** Secondary IPs in use by pods, and free in the warm pool. */
  assigned: number;
  warm: number;
}

export interface NodeView {
  hostId: string;
  title: string;
  facts: { label: string; value: string }[];
  enis: EniView[];
  assigned: number;
  warm: number;
  hostNetworkPods: string[];
  warnings: CollectWarning[];
}

export interface OverviewView {
  nodes: NodeView[];
  /** Warnings not about one of the nodes shown (the cluster, the operator host, …). */
  generalWarnings: CollectWarning[];
  assigned: number;
  warm: number;
}

const STATE_ORDER: Record<IpSlot['state'], number> = { primary: 0, assigned: 1, warm: 2 };

/** Orders dotted IPv4 addresses numerically (10.0.0.9 before 10.0.0.10); others as text. */
export function compareAddresses(a: string, b: string): number {
  const octets = (address: string) => {
    const parts = address.split('.').map(Number);
    return parts.length === 4 && parts.every((part) => Number.isInteger(part)) ? parts : null;
  };
  const left = octets(a);
  const right = octets(b);
  if (left === null || right === null) return a.localeCompare(b);
  for (let index = 0; index < 4; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Slots of an ENI as rows: its primary address, then pods, then the warm pool, each by IP. */
export function slotRows(slots: readonly IpSlot[]): SlotRow[] {
  return [...slots]
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] || compareAddresses(a.address, b.address),
    )
    .map((slot) => ({
      address: slot.address,
      state: slot.state,
      pod: slot.pod ?? null,
      hostVeth: slot.hostVeth ?? null,
    }));
}

function count(slots: readonly IpSlot[], state: IpSlot['state']): number {
  return slots.filter((slot) => slot.state === state).length;
}

/** The primary ENI first, then by device number (unknown ones last), then by id. */
export function compareEnis(a: Eni, b: Eni): number {
  if (a.isPrimary !== b.isPrimary) return a.isPrimary ? -1 : 1;
  const left = a.deviceNumber ?? Number.MAX_SAFE_INTEGER;
  const right = b.deviceNumber ?? Number.MAX_SAFE_INTEGER;
  return left - right || a.id.localeCompare(b.id);
}

export function shapeEni(eni: Eni): EniView {
  return {
    id: eni.id,
    deviceNumber: eni.deviceNumber ?? null,
    interfaceName: eni.interfaceName ?? null,
    mac: eni.mac ?? null,
    isPrimary: eni.isPrimary,
    rows: slotRows(eni.slots),
    assigned: count(eni.slots, 'assigned'),
    warm: count(eni.slots, 'warm'),
  };
}

export function shapeNode(
  node: NodeOverview,
  hostName: string | undefined,
  warnings: readonly CollectWarning[],
): NodeView {
  const facts = [
    { label: 'Instance', value: node.instanceType },
    { label: 'Zone', value: node.zone },
    { label: 'Internal IP', value: node.internalIp },
  ].flatMap((fact) => (fact.value === undefined ? [] : [{ label: fact.label, value: fact.value }]));
  const enis = [...node.enis].sort(compareEnis).map(shapeEni);
  return {
    hostId: node.hostId,
    title: node.nodeName ?? hostName ?? node.hostId,
    facts,
    enis,
    assigned: enis.reduce((sum, eni) => sum + eni.assigned, 0),
    warm: enis.reduce((sum, eni) => sum + eni.warm, 0),
    hostNetworkPods: node.hostNetworkPods.map((pod) => `${pod.namespace}/${pod.name}`).sort(),
    warnings: warnings.filter((warning) => warning.hostId === node.hostId),
  };
}

/** The overview as the panel shows it: node cards in host order, warnings beside them. */
export function shapeOverview(
  overview: LabOverview,
  hostNames: ReadonlyMap<string, string>,
): OverviewView {
  const nodes = overview.nodes.map((node) =>
    shapeNode(node, hostNames.get(node.hostId), overview.warnings),
  );
  const nodeIds = new Set(nodes.map((node) => node.hostId));
  return {
    nodes,
    generalWarnings: overview.warnings.filter(
      (warning) => warning.hostId === undefined || !nodeIds.has(warning.hostId),
    ),
    assigned: nodes.reduce((sum, node) => sum + node.assigned, 0),
    warm: nodes.reduce((sum, node) => sum + node.warm, 0),
  };
}
