/**
 * `aws ec2 describe-*` documents for the demo's VPCs, subnets, peering, instances and ENIs, in
 * the AWS CLI v2 JSON shapes (fixtures/aws/*.json): four-space indent, the service's key order.
 */
import { cidrSize } from '../model/ipv4';
import type { Cluster } from '../model/types';

export type Doc = Record<string, unknown>;

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
export const dns = (cluster: Cluster, ip: string) =>
  `ip-${ip.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
export const publicDns = (cluster: Cluster, ip: string) =>
  `ec2-${ip.replaceAll('.', '-')}.${cluster.region}.compute.amazonaws.com`;
const stackTags = (cluster: Cluster, name: string, logicalId: string) => [
  { Key: 'aws:cloudformation:stack-name', Value: cluster.name },
  { Key: 'aws:cloudformation:logical-id', Value: logicalId },
  { Key: 'Name', Value: name },
];

/** Prints a document the way the AWS CLI does (`json.dumps(indent=4)`). */
export function awsJson(doc: Doc): string {
  return `${JSON.stringify(doc, null, 4)}\n`;
}

export function describeVpcs(cluster: Cluster): Doc {
  return {
    Vpcs: cluster.vpcs.map((vpc, i) => ({
      OwnerId: cluster.accountId,
      InstanceTenancy: 'default',
      CidrBlockAssociationSet: [
        {
          AssociationId: vpc.cidrAssociationId,
          CidrBlock: vpc.cidr,
          CidrBlockState: { State: 'associated' },
        },
      ],
      IsDefault: false,
      Tags: stackTags(cluster, vpc.name, i === 0 ? 'EksVPC' : 'OpsVPC'),
      BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
      VpcId: vpc.id,
      State: 'available',
      CidrBlock: vpc.cidr,
      DhcpOptionsId: vpc.dhcpOptionsId,
    })),
  };
}

/** Addresses taken in a subnet: every ENI address (pool included) and the EKS ENIs. */
function usedInSubnet(cluster: Cluster, subnetId: string): number {
  let used = cluster.controlPlaneEnis.filter((c) => c.subnetId === subnetId).length;
  for (const inst of cluster.instances) {
    for (const eni of inst.enis) if (eni.subnetId === subnetId) used += 1 + eni.secondaryIps.length;
  }
  return used;
}

export function describeSubnets(cluster: Cluster): Doc {
  return {
    Subnets: cluster.subnets.map((s) => ({
      AvailabilityZoneId: s.availabilityZoneId,
      MapCustomerOwnedIpOnLaunch: false,
      OwnerId: cluster.accountId,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [],
      Tags: stackTags(cluster, s.name, s.name.replace(/^myeks-|^operator-/, '')),
      SubnetArn: `arn:aws:ec2:${cluster.region}:${cluster.accountId}:subnet/${s.id}`,
      EnableDns64: false,
      Ipv6Native: false,
      PrivateDnsNameOptionsOnLaunch: {
        HostnameType: 'ip-name',
        EnableResourceNameDnsARecord: false,
        EnableResourceNameDnsAAAARecord: false,
      },
      BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
      SubnetId: s.id,
      State: 'available',
      VpcId: s.vpcId,
      CidrBlock: s.cidr,
      // AWS keeps five addresses of every subnet.
      AvailableIpAddressCount: cidrSize(s.cidr) - 5 - usedInSubnet(cluster, s.id),
      AvailabilityZone: s.availabilityZone,
      DefaultForAz: false,
      MapPublicIpOnLaunch: true,
    })),
  };
}

export function describePeerings(cluster: Cluster): Doc {
  const p = cluster.peering;
  const info = (vpcId: string) => {
    const vpc = cluster.vpcs.find((v) => v.id === vpcId);
    return {
      CidrBlock: vpc?.cidr ?? '',
      CidrBlockSet: [{ CidrBlock: vpc?.cidr ?? '' }],
      OwnerId: cluster.accountId,
      PeeringOptions: {
        AllowDnsResolutionFromRemoteVpc: false,
        AllowEgressFromLocalClassicLinkToRemoteVpc: false,
        AllowEgressFromLocalVpcToRemoteClassicLink: false,
      },
      VpcId: vpcId,
      Region: cluster.region,
    };
  };
  return {
    VpcPeeringConnections: [
      {
        AccepterVpcInfo: info(p.accepterVpcId),
        RequesterVpcInfo: info(p.requesterVpcId),
        Status: { Code: 'active', Message: 'Active' },
        Tags: stackTags(cluster, `${cluster.name}-VPCPeering`, 'VPCPeering'),
        VpcPeeringConnectionId: p.id,
      },
    ],
  };
}
