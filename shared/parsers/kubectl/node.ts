import type { JsonFields } from '../parse-helpers';
import { readMeta } from './meta';
import type { KubeNode } from './types';

const AWS_PROVIDER_ID = /^aws:\/\/\/([a-z0-9-]+)\/(i-[0-9a-f]+)$/;

/** Reads a resource quantity that counts pods (`"17"`); other forms are warned about. */
function podCount(f: JsonFields | undefined, key: string): number | undefined {
  const v = f?.obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && /^\d{1,9}$/.test(v)) return Number(v);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  f?.warn(`pod count ${JSON.stringify(v).slice(0, 40)} is not a whole number`, key);
  return undefined;
}

/** Reads one Node object (`kind: Node`) at `f.path`; undefined when it has no name. */
export function readNode(f: JsonFields): KubeNode | undefined {
  const meta = readMeta(f);
  if (meta.name === undefined) return undefined;
  const spec = f.object('spec');
  const status = f.object('status');
  const node: KubeNode = {
    path: f.path,
    name: meta.name,
    labels: meta.labels,
    internalIPs: [],
    externalIPs: [],
    podCIDRs: spec?.strings('podCIDRs') ?? [],
  };
  for (const a of status?.objects('addresses') ?? []) {
    const type = a.string('type', true);
    if (type === 'InternalIP' || type === 'ExternalIP') {
      const address = a.ip('address', true);
      if (address !== undefined)
        (type === 'InternalIP' ? node.internalIPs : node.externalIPs).push(address);
    } else if (type === 'Hostname' || type === 'InternalDNS') {
      const hostname = a.string('address');
      if (type === 'Hostname' && hostname !== undefined) node.hostname = hostname;
    }
  }
  const providerID = spec?.string('providerID');
  if (providerID !== undefined) {
    node.providerID = providerID;
    const aws = AWS_PROVIDER_ID.exec(providerID);
    if (aws?.[1] !== undefined && aws[2] !== undefined) {
      node.zone = aws[1];
      node.instanceId = aws[2];
    } else if (providerID.startsWith('aws:'))
      spec?.warn(`"${providerID.slice(0, 80)}" is not aws:///<zone>/<instance-id>`, 'providerID');
  }
  const labels = meta.labels;
  const zone =
    labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'];
  if (node.zone === undefined && zone !== undefined) node.zone = zone;
  const instanceType =
    labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
  if (instanceType !== undefined) node.instanceType = instanceType;
  const podCIDR = spec?.string('podCIDR');
  if (podCIDR !== undefined) {
    node.podCIDR = podCIDR;
    if (node.podCIDRs.length === 0) node.podCIDRs = [podCIDR];
  }
  const allocatable = podCount(status?.object('allocatable'), 'pods');
  const capacity = podCount(status?.object('capacity'), 'pods');
  if (allocatable !== undefined) node.allocatablePods = allocatable;
  if (capacity !== undefined) node.capacityPods = capacity;
  const ready = (status?.objects('conditions') ?? []).find((c) => c.obj.type === 'Ready');
  if (ready !== undefined) node.ready = ready.string('status') === 'True';
  const kubeletVersion = status?.object('nodeInfo')?.string('kubeletVersion');
  if (kubeletVersion !== undefined) node.kubeletVersion = kubeletVersion;
  return node;
}
