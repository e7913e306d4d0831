import type { Topology, TopologyNode, TopologyPod } from '../../shared/model/topology';
import type { Host } from '../hosts/host';
import { collectOverview } from './overview';

/**
 * Collects the live topology from the workspace's hosts. Each source is optional: what one could
 * not tell is a warning in `warnings`, never a failure of the whole.
 */
export async function collectTopology(
  workspaceId: string,
  hosts: readonly Host[],
): Promise<Topology> {
  const overview = await collectOverview(workspaceId, hosts);
  const nodes: TopologyNode[] = overview.nodes.map((n) => ({
    hostId: n.hostId,
    ...(n.nodeName ? { nodeName: n.nodeName } : {}),
    ...(n.instanceType ? { instanceType: n.instanceType } : {}),
    ...(n.zone ? { availabilityZone: n.zone } : {}),
    ...(n.internalIp ? { primaryIp: n.internalIp } : {}),
    enis: n.enis.map((e) => ({
      id: e.id,
      ...(e.deviceNumber === undefined ? {} : { deviceNumber: e.deviceNumber }),
      ...(e.interfaceName ? { interfaceName: e.interfaceName } : {}),
      ...(e.mac ? { mac: e.mac } : {}),
      ...(e.slots[0]?.state === 'primary' ? { primaryIp: e.slots[0].address } : {}),
      secondaryIps: e.slots.filter((s) => s.state !== 'primary').map((s) => s.address),
      slots: e.slots.map((s) => ({
        address: s.address,
        state: s.state,
        ...(s.pod ? { pod: s.pod } : {}),
      })),
      sources: ['ipamd'],
    })),
    sources: ['ipamd'],
  }));
  const pods: TopologyPod[] = overview.nodes.flatMap((n) =>
    n.enis.flatMap((e) =>
      e.slots.flatMap((s) =>
        s.pod
          ? [
              {
                ...s.pod,
                ip: s.address,
                ...(n.nodeName ? { nodeName: n.nodeName } : {}),
                eniId: e.id,
                ...(s.hostVeth ? { hostVeth: s.hostVeth } : {}),
                isHostNetwork: false,
                sources: ['ipamd'],
              },
            ]
          : [],
      ),
    ),
  );
  return {
    workspaceId,
    collectedAt: overview.collectedAt,
    durationMs: overview.durationMs,
    vpcs: [],
    subnets: [],
    peerings: [],
    nodes,
    pods,
    services: [],
    warnings: overview.warnings,
  };
}
