/**
 * `aws ec2 describe-instances` and `describe-network-interfaces` for the demo: the nodes' ENIs
 * with every secondary IP of the warm pool, the CNI's tags on the ENIs it created, and the API
 * server's cross-account ENIs.
 */
import type { Cluster, Eni, Instance } from '../model/types';
import { attachedEnis } from '../net/host-net';
import { dns, iso, publicDns, type Doc } from './aws-ec2';

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
