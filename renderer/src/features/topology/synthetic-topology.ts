import type { Topology, TopologyNode, TopologyPod } from '../../../../shared/model/topology';

export interface SyntheticShape {
  nodes: number;
  enisPerNode: number;
  ipsPerEni: number;
  /** Pods placed on each node's slots in order, leaving the rest warm. */
  podsPerNode: number;
  maxEnis?: number;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A made-up but well-formed topology of any size: two VPCs peered, three subnets, nodes spread
 * over them, each ENI with its primary and secondary IPs, pods on the first slots. For tests and
 * the graph bench; never shown to a user.
 */
export function syntheticTopology(shape: SyntheticShape): Topology {
  const pods: TopologyPod[] = [];
  const nodes: TopologyNode[] = [];
  const subnets = ['subnet-a', 'subnet-b', 'subnet-c'];
  for (let n = 0; n < shape.nodes; n++) {
    const nodeName = `node${n + 1}`;
    const subnetId = subnets[n % subnets.length] ?? 'subnet-a';
    let podsLeft = shape.podsPerNode;
    const enis = Array.from({ length: shape.enisPerNode }, (_, e) => {
      const base = `10.${n >> 6}.${((n & 63) << 2) + e}`;
      const primaryIp = `${base}.10`;
      const secondaryIps = Array.from(
        { length: shape.ipsPerEni - 1 },
        (_, i) => `${base}.${20 + i}`,
      );
      const slots = [
        { address: primaryIp, state: 'primary' as const },
        ...secondaryIps.map((address, i) => {
          if (podsLeft <= 0) return { address, state: 'warm' as const };
          podsLeft--;
          const pod = { namespace: 'default', name: `app-${n}-${e}-${i}` };
          pods.push({
            ...pod,
            ip: address,
            nodeName,
            eniId: `eni-${hex(n * 16 + e, 17)}`,
            hostVeth: `eni${hex(n * 4096 + e * 64 + i, 11)}`,
            owner: 'ReplicaSet/app-5869d7778c',
            phase: 'Running',
            isHostNetwork: false,
            sources: ['synthetic'],
          });
          return { address, state: 'assigned' as const, pod };
        }),
      ];
      return {
        id: `eni-${hex(n * 16 + e, 17)}`,
        deviceNumber: e,
        interfaceName: `ens${5 + e}`,
        mac: `02:00:00:${hex(n >> 8, 2)}:${hex(n & 255, 2)}:${hex(e, 2)}`,
        primaryIp,
        subnetId,
        secondaryIps,
        slots,
        sources: ['synthetic'],
      };
    });
    const maxEnis = shape.maxEnis ?? shape.enisPerNode;
    nodes.push({
      nodeName,
      instanceId: `i-${hex(n, 17)}`,
      instanceType: 'm5.large',
      availabilityZone: `eu-west-1${'abc'[n % 3] ?? 'a'}`,
      subnetId,
      vpcId: 'vpc-main',
      primaryIp: enis[0]?.primaryIp,
      limits: { maxEnis, ipsPerEni: shape.ipsPerEni, maxPods: maxEnis * (shape.ipsPerEni - 1) + 2 },
      enis,
      sources: ['synthetic'],
    });
  }
  return {
    workspaceId: 'synthetic',
    collectedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    vpcs: [
      { id: 'vpc-main', name: 'lab', cidrs: ['10.0.0.0/8'], sources: ['synthetic'] },
      { id: 'vpc-peer', name: 'shared', cidrs: ['172.16.0.0/16'], sources: ['synthetic'] },
    ],
    subnets: subnets.map((id, i) => ({
      id,
      vpcId: 'vpc-main',
      availabilityZone: `eu-west-1${'abc'[i] ?? 'a'}`,
      cidr: `10.${i}.0.0/16`,
      sources: ['synthetic'],
    })),
    peerings: [
      {
        id: 'pcx-1',
        requesterVpcId: 'vpc-main',
        accepterVpcId: 'vpc-peer',
        status: 'active',
        sources: ['synthetic'],
      },
    ],
    nodes,
    pods,
    services: [],
    operator: {
      hostId: 'operator',
      vpcId: 'vpc-main',
      subnetId: 'subnet-a',
      privateIp: '10.0.0.5',
      sources: ['synthetic'],
    },
    warnings: [],
  };
}

/** The same topology with `count` more pods on free (warm) slots, as a scale-out would do. */
export function withMorePods(model: Topology, count: number): Topology {
  let left = count;
  const pods = [...model.pods];
  const nodes = model.nodes.map((node) => ({
    ...node,
    enis: node.enis.map((eni) => ({
      ...eni,
      slots: eni.slots.map((slot) => {
        if (left <= 0 || slot.state !== 'warm') return slot;
        left--;
        const pod = { namespace: 'default', name: `scaled-${slot.address}` };
        pods.push({
          ...pod,
          ip: slot.address,
          nodeName: node.nodeName,
          eniId: eni.id,
          phase: 'Running',
          isHostNetwork: false,
          sources: ['synthetic'],
        });
        return { ...slot, state: 'assigned' as const, pod };
      }),
    })),
  }));
  return { ...model, nodes, pods };
}
