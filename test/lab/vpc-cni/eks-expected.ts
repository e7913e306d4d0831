/**
 * What `kubelab topology --json` must print for the EKS bastion lab, field for field, derived
 * from the lab's state independently of the collector (EC2's free-address arithmetic included).
 */
import type { EksLabState } from './eks-bastion';

/** EC2's free-address count: the CIDR less 5 reserved and every ENI address in the subnet. */
function expectedFreeIps(state: EksLabState, subnetId: string, cidr: string): number {
  const enis = state.nodes.flatMap((n) => n.enis).filter((e) => e.subnetId === subnetId);
  const used =
    enis.reduce((k, e) => k + 1 + e.secondaryIps.length, 0) +
    (state.operator.subnetId === subnetId ? 1 : 0);
  return 2 ** (32 - Number(cidr.split('/')[1])) - 5 - used;
}

/** What `kubelab topology --json` must print for the lab, field for field. */
export function expectedTopology(state: EksLabState) {
  const podOn = (ip: string) => state.pods.find((p) => !p.isHostNetwork && p.ip === ip);
  return {
    vpcs: state.vpcs.map((v) => ({ id: v.id, name: v.name, cidrs: v.cidrs })),
    subnets: state.subnets.map((s) => ({
      id: s.id,
      vpcId: s.vpcId,
      availabilityZone: s.zone,
      cidr: s.cidr,
      freeIps: expectedFreeIps(state, s.id, s.cidr),
      name: s.name,
    })),
    peerings: state.peerings,
    operator: {
      hostId: 'operator',
      instanceId: state.operator.instanceId,
      vpcId: state.operator.vpcId,
      subnetId: state.operator.subnetId,
      privateIp: state.operator.address,
    },
    // The aws-node DaemonSet's env as the lab set it.
    warmPool: {
      warmEniTarget: 1,
      warmIpTarget: 2,
      minimumIpTarget: 4,
      isPrefixDelegation: false,
      source: 'aws-node',
    },
    nodes: state.nodes.map((n) => ({
      hostId: n.alias,
      name: n.nodeName,
      instanceId: n.instanceId,
      instanceType: n.instanceType,
      availabilityZone: n.zone,
      subnetId: n.subnetId,
      vpcId: n.vpcId,
      primaryIp: n.address,
      // t3.medium in the VPC CNI's table: 3 ENIs × 6 IPs, 3 × 5 + 2 pods.
      limits: { maxEnis: 3, ipsPerEni: 6, maxPods: 17 },
      enis: n.enis.map((e) => ({
        id: e.id,
        deviceNumber: e.deviceNumber,
        interface: e.interface,
        mac: e.mac,
        primaryIp: e.primaryIp,
        subnetId: e.subnetId,
        secondaryIps: e.secondaryIps,
        slots: [
          { address: e.primaryIp, state: 'primary' },
          ...e.secondaryIps.map((address) => {
            const pod = podOn(address);
            return pod
              ? { address, state: 'assigned', pod: `${pod.namespace}/${pod.name}` }
              : { address, state: 'warm' };
          }),
        ],
      })),
    })),
    pods: state.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      ip: p.ip,
      node: p.node,
      ...(p.eni ? { eni: p.eni } : {}),
      ...(p.hostVeth ? { hostVeth: p.hostVeth } : {}),
      owner: `${p.owner.kind}/${p.owner.name}`,
      phase: 'Running',
      hostNetwork: p.isHostNetwork,
    })),
    services: state.services.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      clusterIp: s.clusterIp,
      ports: [{ name: 'http', port: s.port, protocol: 'TCP' }],
      endpointPods: state.pods
        .filter((p) => p.app === s.app)
        .map((p) => ({ namespace: p.namespace, name: p.name })),
    })),
    warnings: [],
  };
}
