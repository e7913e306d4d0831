/**
 * `aws ec2 describe-*` documents for the demo's VPCs, subnets, peering, instances and ENIs, in
 * the AWS CLI v2 JSON shapes (fixtures/aws/*.json): four-space indent, the service's key order.
 */
import { cidrSize } from '../model/ipv4';
import type { Cluster, Eni, Instance } from '../model/types';
import { attachedEnis } from '../net/host-net';

type Doc = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const dns = (cluster: Cluster, ip: string) =>
  `ip-${ip.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
const publicDns = (cluster: Cluster, ip: string) =>
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

function privateIps(cluster: Cluster, inst: Instance, eni: Eni): Doc[] {
  return [eni.primaryIp, ...eni.secondaryIps].map((ip, i) => ({
    ...(i === 0 && eni.deviceNumber === 0
      ? {
          Association: {
            IpOwnerId: 'amazon',
            PublicDnsName: publicDns(cluster, inst.publicIp),
            PublicIp: inst.publicIp,
          },
        }
      : {}),
    Primary: i === 0,
    PrivateDnsName: dns(cluster, ip),
    PrivateIpAddress: ip,
  }));
}

function eniTags(cluster: Cluster, inst: Instance, eni: Eni) {
  if (!eni.isCniManaged) return [];
  return [
    { Key: 'node.k8s.amazonaws.com/instance_id', Value: inst.instanceId },
    { Key: 'cluster.k8s.amazonaws.com/name', Value: cluster.name },
    {
      Key: 'node.k8s.amazonaws.com/createdAt',
      Value: new Date(eni.attachedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  ];
}

function instanceEni(cluster: Cluster, inst: Instance, eni: Eni): Doc {
  return {
    ...(eni.deviceNumber === 0
      ? {
          Association: {
            IpOwnerId: 'amazon',
            PublicDnsName: publicDns(cluster, inst.publicIp),
            PublicIp: inst.publicIp,
          },
        }
      : {}),
    Attachment: {
      AttachTime: iso(eni.attachedAt),
      AttachmentId: eni.attachmentId,
      DeleteOnTermination: true,
      DeviceIndex: eni.deviceNumber,
      Status: 'attached',
      NetworkCardIndex: 0,
    },
    Description: eni.description,
    Groups: [{ GroupName: inst.securityGroupName, GroupId: inst.securityGroupId }],
    Ipv6Addresses: [],
    MacAddress: eni.mac,
    NetworkInterfaceId: eni.id,
    OwnerId: cluster.accountId,
    PrivateDnsName: dns(cluster, eni.primaryIp),
    PrivateIpAddress: eni.primaryIp,
    PrivateIpAddresses: privateIps(cluster, inst, eni),
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: eni.subnetId,
    VpcId: inst.vpcId,
    InterfaceType: 'interface',
  };
}

export function describeInstances(cluster: Cluster, now: number): Doc {
  return {
    Reservations: cluster.instances.map((inst) => ({
      Groups: [],
      Instances: [
        {
          AmiLaunchIndex: 0,
          ImageId: inst.amiId,
          InstanceId: inst.instanceId,
          InstanceType: inst.instanceType,
          KeyName: 'kp-myeks',
          LaunchTime: iso(inst.launchedAt),
          Monitoring: { State: 'disabled' },
          Placement: { AvailabilityZone: inst.availabilityZone, GroupName: '', Tenancy: 'default' },
          PrivateDnsName: dns(cluster, inst.privateIp),
          PrivateIpAddress: inst.privateIp,
          ProductCodes: [],
          PublicDnsName: publicDns(cluster, inst.publicIp),
          PublicIpAddress: inst.publicIp,
          State: { Code: 16, Name: 'running' },
          StateTransitionReason: '',
          SubnetId: inst.subnetId,
          VpcId: inst.vpcId,
          Architecture: 'x86_64',
          ClientToken: inst.reservationId.slice(2),
          EbsOptimized: false,
          EnaSupport: true,
          Hypervisor: 'xen',
          NetworkInterfaces: attachedEnis(inst, now).map((eni) => instanceEni(cluster, inst, eni)),
          RootDeviceName: '/dev/xvda',
          RootDeviceType: 'ebs',
          SecurityGroups: [{ GroupName: inst.securityGroupName, GroupId: inst.securityGroupId }],
          SourceDestCheck: true,
          Tags:
            inst.role === 'node'
              ? [
                  { Key: 'Name', Value: inst.name },
                  { Key: 'eks:cluster-name', Value: cluster.name },
                  { Key: 'eks:nodegroup-name', Value: 'ng1' },
                  { Key: `kubernetes.io/cluster/${cluster.name}`, Value: 'owned' },
                ]
              : [{ Key: 'Name', Value: inst.name }],
          VirtualizationType: 'hvm',
          CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
          MetadataOptions: {
            State: 'applied',
            HttpTokens: 'optional',
            HttpPutResponseHopLimit: 2,
            HttpEndpoint: 'enabled',
            HttpProtocolIpv6: 'disabled',
            InstanceMetadataTags: 'disabled',
          },
          PlatformDetails: 'Linux/UNIX',
          PrivateDnsNameOptions: {
            HostnameType: 'ip-name',
            EnableResourceNameDnsARecord: false,
            EnableResourceNameDnsAAAARecord: false,
          },
        },
      ],
      OwnerId: cluster.accountId,
      ReservationId: inst.reservationId,
    })),
  };
}

export function describeNetworkInterfaces(cluster: Cluster, now: number): Doc {
  const nodes = cluster.instances.flatMap((inst) =>
    attachedEnis(inst, now).map((eni) => {
      const { Association, Attachment, ...rest } = instanceEni(cluster, inst, eni);
      return {
        ...(Association ? { Association } : {}),
        Attachment: {
          ...(Attachment as Doc),
          InstanceId: inst.instanceId,
          InstanceOwnerId: cluster.accountId,
        },
        AvailabilityZone: inst.availabilityZone,
        ...rest,
        RequesterManaged: false,
        TagSet: eniTags(cluster, inst, eni),
      };
    }),
  );
  const controlPlane = cluster.controlPlaneEnis.map((c) => {
    const subnet = cluster.subnets.find((s) => s.id === c.subnetId);
    return {
      Attachment: {
        AttachTime: iso(cluster.createdAt),
        AttachmentId: `ela-attach-0${c.id.slice(5, 21)}`,
        DeleteOnTermination: false,
        DeviceIndex: 1,
        NetworkCardIndex: 0,
        InstanceOwnerId: '592178829047',
        Status: 'attached',
      },
      AvailabilityZone: subnet?.availabilityZone ?? '',
      Description: `Amazon EKS ${cluster.name}`,
      Groups: [
        {
          GroupName: `eks-cluster-sg-${cluster.name}`,
          GroupId: cluster.instances.find((i) => i.role === 'node')?.securityGroupId ?? '',
        },
      ],
      InterfaceType: 'interface',
      Ipv6Addresses: [],
      MacAddress: c.mac,
      NetworkInterfaceId: c.id,
      OwnerId: cluster.accountId,
      PrivateDnsName: dns(cluster, c.ip),
      PrivateIpAddress: c.ip,
      PrivateIpAddresses: [
        { Primary: true, PrivateDnsName: dns(cluster, c.ip), PrivateIpAddress: c.ip },
      ],
      RequesterId: '592178829047',
      RequesterManaged: false,
      SourceDestCheck: true,
      Status: 'in-use',
      SubnetId: c.subnetId,
      TagSet: [],
      VpcId: subnet?.vpcId ?? '',
    };
  });
  return { NetworkInterfaces: [...nodes, ...controlPlane] };
}
