import type { Topology } from '../../../../shared/model/topology';
import { eniKey, nodeKey, nodeLimits, podKey, type ElementData } from './graph-elements';
import { podNetworkFacts } from './pod-network';

/** A list of facts under a heading (a pod's routes); `items` null when no source told. */
export interface DetailList {
  title: string;
  items: string[] | null;
  /** What an empty list means, in words. */
  empty: string;
}

export interface ElementDetails {
  title: string;
  /** Label → value; a value no source told reads "unknown". */
  rows: [string, string][];
  lists?: DetailList[];
  sources: string[];
  /** The workspace host an action ("Open terminal") would run on. */
  hostId?: string;
}

const UNKNOWN = 'unknown';
const or = (value: string | number | undefined) => (value === undefined ? UNKNOWN : String(value));

/** What the details panel shows for one graph element, looked up in the model it came from. */
export function describeElement(model: Topology, data: ElementData): ElementDetails | null {
  const nodes = model.nodes.map((node, index) => ({ node, key: nodeKey(node, index) }));
  switch (data.kind) {
    case 'node': {
      const found = nodes.find((entry) => entry.key === data.ref);
      if (found === undefined) return null;
      const { node } = found;
      const limits = nodeLimits(node);
      const pods = model.pods.filter((pod) => pod.nodeName === node.nodeName).length;
      return {
        title: `Node ${found.key}`,
        hostId: node.hostId,
        sources: node.sources,
        rows: [
          ['Instance', or(node.instanceId)],
          ['Instance type', or(node.instanceType)],
          ['AZ', or(node.availabilityZone)],
          ['Primary IP', or(node.primaryIp)],
          ['Subnet', or(node.subnetId)],
          ['ENIs', `${node.enis.length} of ${or(limits?.maxEnis)}`],
          ['IPs per ENI', or(limits?.ipsPerEni)],
          ['Pods', `${pods} of ${or(limits?.maxPods)} max`],
        ],
      };
    }
    case 'eni': {
      for (const { node, key } of nodes) {
        const index = node.enis.findIndex((eni, i) => eniKey(eni, key, i) === data.ref);
        const eni = node.enis[index];
        if (eni === undefined) continue;
        const used = eni.slots.filter((slot) => slot.state === 'assigned').length;
        const warm = eni.slots.filter((slot) => slot.state === 'warm').length;
        return {
          title: `ENI ${eni.id ?? data.ref}`,
          hostId: node.hostId,
          sources: eni.sources,
          rows: [
            ['Node', key],
            ['Device number', or(eni.deviceNumber)],
            ['Interface', or(eni.interfaceName)],
            ['MAC', or(eni.mac)],
            ['Primary IP', or(eni.primaryIp)],
            ['Subnet', or(eni.subnetId)],
            ['IPs', `${eni.slots.length} · ${used} used · ${warm} free (warm)`],
          ],
        };
      }
      return null;
    }
    case 'pod':
    case 'hostnet': {
      const pod = model.pods.find((candidate) => podKey(candidate) === data.ref);
      if (pod === undefined) return null;
      const node = model.nodes.find((candidate) => candidate.nodeName === pod.nodeName);
      const eni = node?.enis.find(
        (candidate) => candidate.id !== undefined && candidate.id === pod.eniId,
      );
      const isUnscheduled = pod.nodeName === undefined && pod.phase === 'Pending';
      const network = podNetworkFacts(node, pod.isHostNetwork ? undefined : pod.ip);
      const ip = pod.ip ?? 'its IP';
      return {
        title: `Pod ${pod.namespace}/${pod.name}`,
        hostId: node?.hostId,
        sources: pod.sources,
        rows: [
          [
            'IP',
            pod.isHostNetwork
              ? `${or(pod.ip)} (host network)`
              : isUnscheduled
                ? 'none yet'
                : or(pod.ip),
          ],
          ['Phase', or(pod.phase)],
          ...(isUnscheduled ? [['Why', pendingReason(model)] as [string, string]] : []),
          ['Node', isUnscheduled ? 'none (not scheduled)' : or(pod.nodeName)],
          [
            'ENI',
            isUnscheduled
              ? 'none yet'
              : eni === undefined
                ? or(pod.eniId)
                : `${or(eni.id)} (${or(eni.interfaceName)})`,
          ],
          ['Host veth', isUnscheduled ? 'none yet' : or(pod.hostVeth)],
          ['Owner', or(pod.owner)],
        ],
        ...(pod.isHostNetwork || isUnscheduled
          ? {}
          : {
              lists: [
                { title: 'Routes', items: network.routes, empty: `no route names ${ip}` },
                { title: 'Rules', items: network.rules, empty: `no rule names ${ip}` },
              ],
            }),
      };
    }
    case 'slot': {
      for (const { node, key } of nodes) {
        for (const eni of node.enis) {
          const slot = eni.slots.find((candidate) => candidate.address === data.ref);
          if (slot === undefined) continue;
          return {
            title: `IP ${slot.address}`,
            hostId: node.hostId,
            sources: eni.sources,
            rows: [
              ['State', slot.state === 'warm' ? 'warm (free, ready for the next pod)' : slot.state],
              ['Pod', slot.pod === undefined ? '—' : podKey(slot.pod)],
              ['ENI', `${or(eni.id)} (${or(eni.interfaceName)})`],
              ['Node', key],
            ],
          };
        }
      }
      return null;
    }
    case 'vpc': {
      const vpc = model.vpcs.find((candidate) => candidate.id === data.ref);
      if (vpc === undefined) return null;
      return {
        title: `VPC ${vpc.id}`,
        sources: vpc.sources,
        rows: [
          ['Name', or(vpc.name)],
          ['CIDRs', vpc.cidrs.join(', ') || UNKNOWN],
        ],
      };
    }
    case 'subnet': {
      const subnet = model.subnets.find((candidate) => candidate.id === data.ref);
      if (subnet === undefined) return null;
      return {
        title: `Subnet ${subnet.id}`,
        sources: subnet.sources,
        rows: [
          ['Name', or(subnet.name)],
          ['AZ', or(subnet.availabilityZone)],
          ['CIDR', or(subnet.cidr)],
          ['Free IPs', or(subnet.freeIps)],
        ],
      };
    }
    case 'operator': {
      const op = model.operator;
      if (op === undefined) return null;
      return {
        title: `Operator ${op.hostId}`,
        hostId: op.hostId,
        sources: op.sources,
        rows: [
          ['Instance', or(op.instanceId)],
          ['Private IP', or(op.privateIp)],
          ['Subnet', or(op.subnetId)],
        ],
      };
    }
    case 'peering': {
      const peering = model.peerings.find((candidate) => candidate.id === data.ref);
      if (peering === undefined) return null;
      return {
        title: `Peering ${peering.id}`,
        sources: peering.sources,
        rows: [
          ['Requester', peering.requesterVpcId],
          ['Accepter', peering.accepterVpcId],
          ['Status', or(peering.status)],
        ],
      };
    }
    case 'service': {
      const service = model.services.find((candidate) => podKey(candidate) === data.ref);
      if (service === undefined) return null;
      return {
        title: `Service ${data.ref ?? ''}`,
        sources: service.sources,
        rows: [
          ['Cluster IP', or(service.clusterIp)],
          ['Ports', service.ports.map((port) => `${port.port}/${port.protocol}`).join(', ')],
          ['Endpoints', String(service.endpointPods.length)],
        ],
      };
    }
    case 'eni-free':
    case 'unplaced':
    case 'services':
    case 'endpoint':
      return null;
  }
}

/** Why a pod has no node: every node at its max pods, when the model shows that. */
function pendingReason(model: Topology): string {
  const full = model.nodes.filter((node) => {
    const max = nodeLimits(node)?.maxPods;
    if (max === undefined) return false;
    return model.pods.filter((pod) => pod.nodeName === node.nodeName).length >= max;
  });
  if (full.length > 0 && full.length === model.nodes.length) {
    const maxes = [...new Set(full.map((node) => nodeLimits(node)?.maxPods))].join(' / ');
    return `every node is at its max pods (${maxes}): no IP, no node until one frees up`;
  }
  return 'not scheduled yet';
}
