/**
 * Builds the demo lab's cluster from a seed: the `myeks` VPC (three public subnets in three AZs),
 * three t3.medium nodes, the operator host in its own VPC joined by peering, and the usual EKS
 * workloads (aws-node, kube-proxy, CoreDNS) plus an nginx Deployment behind a ClusterIP Service.
 */
import { addDaemonSets, addServices } from './addons';
import { ZONES } from './catalog';
import { attachEni, limitsFor, subnetById } from './ipam';
import { dashed, nthIp } from './ipv4';
import { awsId, ec2Mac, Rng } from './random';
import type { Cluster, Instance } from './types';
import { scaleDeployment } from './workloads';

const MINUTE = 60_000;

export interface BuildOptions {
  seed?: number;
  /** The moment the lab is opened; the cluster is made to look a couple of hours old by then. */
  now?: number;
}

/** The demo's default seed: any value gives a complete lab, this one is what users first see. */
export const DEFAULT_SEED = 20_250_525;

export function buildCluster(options: BuildOptions = {}): Cluster {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? Date.now();
  const rng = new Rng(seed);
  const createdAt = now - 160 * MINUTE - rng.int(0, 20 * MINUTE);
  const myeks = {
    id: awsId(rng, 'vpc'),
    name: 'myeks-VPC',
    cidr: '192.168.0.0/16',
    cidrAssociationId: awsId(rng, 'vpc-cidr-assoc'),
    dhcpOptionsId: awsId(rng, 'dopt'),
  };
  const operatorVpc = {
    id: awsId(rng, 'vpc'),
    name: 'operator-VPC',
    cidr: '172.20.0.0/16',
    cidrAssociationId: awsId(rng, 'vpc-cidr-assoc'),
    dhcpOptionsId: myeks.dhcpOptionsId,
  };
  const cluster: Cluster = {
    seed,
    rngState: 0,
    name: 'myeks',
    region: 'ap-northeast-2',
    accountId: String(rng.int(100_000, 999_999)) + String(rng.int(100_000, 999_999)),
    createdAt,
    kubernetesVersion: 'v1.31.7-eks-bcf3d70',
    kubeletVersion: 'v1.31.7-eks-473151a',
    serviceCidr: '10.100.0.0/16',
    cni: { warmEniTarget: 1, version: 'v1.19.2-eksbuild.1' },
    vpcs: [myeks, operatorVpc],
    subnets: [
      ...ZONES.map((z, i) => ({
        id: awsId(rng, 'subnet'),
        vpcId: myeks.id,
        name: `myeks-Vpc1PublicSubnet${i + 1}`,
        cidr: z.cidr,
        availabilityZone: z.zone,
        availabilityZoneId: z.id,
      })),
      {
        id: awsId(rng, 'subnet'),
        vpcId: operatorVpc.id,
        name: 'operator-PublicSubnet',
        cidr: '172.20.1.0/24',
        availabilityZone: 'ap-northeast-2a',
        availabilityZoneId: 'apne2-az1',
      },
    ],
    peering: {
      id: awsId(rng, 'pcx'),
      requesterVpcId: myeks.id,
      accepterVpcId: operatorVpc.id,
      createdAt: createdAt - 10 * MINUTE,
    },
    instances: [],
    controlPlaneEnis: [],
    services: [],
    deployments: [],
    daemonSets: [],
    statefulSets: [],
    pods: [],
    revision: 1,
  };
  addOperator(cluster, rng, createdAt - 8 * MINUTE);
  const nodesUp = createdAt + 12 * MINUTE + rng.int(0, 60_000);
  ZONES.forEach((_, i) => addNode(cluster, rng, i, nodesUp));
  // EKS puts its two API-server ENIs in two of the cluster's subnets.
  const skip = rng.int(0, 2);
  for (const subnet of cluster.subnets.slice(0, 3).filter((_, i) => i !== skip)) {
    const ip = nthIp(subnet.cidr, rng.int(100, 250));
    cluster.controlPlaneEnis.push({
      id: awsId(rng, 'eni'),
      mac: ec2Mac(rng),
      subnetId: subnet.id,
      ip,
    });
  }
  addDaemonSets(cluster, rng, createdAt, nodesUp);
  addServices(cluster, rng, createdAt, now - 20 * MINUTE - rng.int(0, 5 * MINUTE));
  cluster.rngState = rng.state;
  let built = scaleDeployment(cluster, 'kube-system', 'coredns', 2, nodesUp + 40_000).cluster;
  const nginx = built.deployments.find((d) => d.name === 'nginx');
  built = scaleDeployment(built, 'default', 'nginx', 3, nginx?.createdAt ?? now).cluster;
  return built;
}

function addOperator(cluster: Cluster, rng: Rng, at: number): void {
  const subnet = cluster.subnets[3];
  if (!subnet) throw new Error('the operator subnet is missing');
  const inst = baseInstance(cluster, rng, {
    hostId: 'operator',
    role: 'operator',
    name: 'operator-host',
    instanceType: 't3.small',
    zone: subnet.availabilityZone,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    at,
    publicIp: `3.35.${rng.int(1, 254)}.${rng.int(1, 254)}`,
    securityGroupName: 'operator-SG',
  });
  // The study's operator host answers on 172.20.1.100 (its template pins the address).
  inst.privateIp = attachEni(cluster, inst, rng, at, {
    withPool: false,
    primaryIp: '172.20.1.100',
  }).primaryIp;
}

function addNode(cluster: Cluster, rng: Rng, index: number, at: number): void {
  const subnet = cluster.subnets[index];
  if (!subnet) throw new Error(`subnet ${index} is missing`);
  const inst = baseInstance(cluster, rng, {
    hostId: `node${index + 1}`,
    role: 'node',
    name: 'myeks-ng1-Node',
    instanceType: 't3.medium',
    zone: subnet.availabilityZone,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    at,
    publicIp: `${rng.pick(['43.203', '13.125', '3.38', '52.79'])}.${rng.int(1, 254)}.${rng.int(1, 254)}`,
    securityGroupName: 'eks-cluster-sg-myeks-' + String(rng.int(100_000_000, 999_999_999)),
  });
  // ipamd starts about a minute after boot and fills the primary ENI's secondary slots.
  const eni = attachEni(cluster, inst, rng, at);
  inst.privateIp = eni.primaryIp;
}

interface InstanceSeed {
  hostId: string;
  role: Instance['role'];
  name: string;
  instanceType: string;
  zone: string;
  subnetId: string;
  vpcId: string;
  at: number;
  publicIp: string;
  securityGroupName: string;
}

function baseInstance(cluster: Cluster, rng: Rng, s: InstanceSeed): Instance {
  const inst: Instance = {
    hostId: s.hostId,
    role: s.role,
    name: s.name,
    instanceId: awsId(rng, 'i'),
    instanceType: s.instanceType,
    amiId: awsId(rng, 'ami'),
    availabilityZone: s.zone,
    subnetId: s.subnetId,
    vpcId: s.vpcId,
    privateIp: '',
    publicIp: s.publicIp,
    securityGroupId: awsId(rng, 'sg'),
    securityGroupName: s.securityGroupName,
    reservationId: awsId(rng, 'r'),
    launchedAt: s.at,
    limits: limitsFor(s.instanceType),
    enis: [],
    // lo is 1 and the primary ENI (ens5) is 2; everything later counts up from there.
    nextIfindex: 2,
    kernelRelease: '6.1.134-152.225.amzn2023.x86_64',
  };
  subnetById(cluster, s.subnetId);
  cluster.instances.push(inst);
  return inst;
}

/** The EC2 private DNS name of an address in the region: `ip-192-168-1-45.ap-northeast-2.compute.internal`. */
export function privateDnsName(cluster: Cluster, ip: string): string {
  return `${dashed(ip)}.${cluster.region}.compute.internal`;
}
