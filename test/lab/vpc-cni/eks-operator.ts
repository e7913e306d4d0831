/**
 * The operator host's `aws` and `kubectl` for the EKS bastion lab: two small node executables,
 * placed first on the operator user's PATH, that answer `aws ec2 describe-… --output json` and
 * `kubectl get <kinds> [name] [-A|-n ns] -o json` from a state file. The documents are rendered
 * here from {@link EksLabState} in the real tools' shapes (../shared/fixtures/aws, kubectl's
 * `List`): four-space indent, the services' key names.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EksLabEni, EksLabState } from './eks-bastion';

type Doc = Record<string, unknown>;

const tags = (name: string) => [{ Key: 'Name', Value: name }];
const privateDns = (ip: string) => `ip-${ip.replaceAll('.', '-')}.eu-west-1.compute.internal`;

/** Free addresses as EC2 counts them: the CIDR less its 5 reserved and every ENI address in it. */
function freeIps(state: EksLabState, subnetId: string, cidr: string): number {
  const size = 2 ** (32 - Number(cidr.split('/')[1]));
  let used = state.operator.subnetId === subnetId ? 1 : 0;
  for (const node of state.nodes)
    for (const eni of node.enis) if (eni.subnetId === subnetId) used += 1 + eni.secondaryIps.length;
  return size - 5 - used;
}

type Owner = { instanceId: string; zone: string; vpcId: string };

function eniDoc(state: EksLabState, node: Owner, eni: EksLabEni): Doc {
  return {
    Attachment: {
      AttachTime: '2026-11-23T09:00:00+00:00',
      AttachmentId: `eni-attach-${eni.id.slice(4)}`,
      DeleteOnTermination: true,
      DeviceIndex: eni.deviceNumber,
      NetworkCardIndex: 0,
      InstanceId: node.instanceId,
      InstanceOwnerId: state.accountId,
      Status: 'attached',
    },
    AvailabilityZone: node.zone,
    Description: eni.deviceNumber === 0 ? '' : 'aws-K8S-' + node.instanceId,
    Groups: [{ GroupName: 'eks-cluster-sg-kubelab', GroupId: 'sg-0e1a5c0000000000a' }],
    InterfaceType: 'interface',
    Ipv6Addresses: [],
    MacAddress: eni.mac,
    NetworkInterfaceId: eni.id,
    OwnerId: state.accountId,
    PrivateDnsName: privateDns(eni.primaryIp),
    PrivateIpAddress: eni.primaryIp,
    PrivateIpAddresses: [eni.primaryIp, ...eni.secondaryIps].map((ip, k) => ({
      Primary: k === 0,
      PrivateDnsName: privateDns(ip),
      PrivateIpAddress: ip,
    })),
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: eni.subnetId,
    TagSet: [],
    VpcId: node.vpcId,
  };
}

function instanceDoc(
  state: EksLabState,
  id: string,
  ip: string,
  subnetId: string,
  name: string,
  enis: Doc[],
): Doc {
  return {
    AmiLaunchIndex: 0,
    ImageId: 'ami-0e1a5c0000000000a',
    InstanceId: id,
    InstanceType: 't3.medium',
    LaunchTime: '2026-11-23T09:00:00+00:00',
    Placement: { AvailabilityZone: 'eu-west-1a', GroupName: '', Tenancy: 'default' },
    PrivateDnsName: privateDns(ip),
    PrivateIpAddress: ip,
    State: { Code: 16, Name: 'running' },
    SubnetId: subnetId,
    VpcId: state.operator.vpcId,
    NetworkInterfaces: enis,
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    Tags: tags(name),
  };
}

/** `aws ec2 <operation> --output json` for each operation the collector runs. */
export function awsDocuments(state: EksLabState): Record<string, Doc> {
  const enis = state.nodes.flatMap((node) => node.enis.map((e) => eniDoc(state, node, e)));
  const op = state.operator;
  const operatorEni = eniDoc(
    state,
    { instanceId: op.instanceId, zone: state.subnets[0]?.zone ?? '', vpcId: op.vpcId },
    {
      id: 'eni-0e1a5c000000000f0',
      deviceNumber: 0,
      interface: 'ens5',
      mac: op.mac,
      subnetId: op.subnetId,
      primaryIp: op.address,
      secondaryIps: [],
    },
  );
  return {
    'describe-vpcs': {
      Vpcs: state.vpcs.map((v) => ({
        CidrBlock: v.cidrs[0],
        DhcpOptionsId: 'dopt-0e1a5c0000000000a',
        State: 'available',
        VpcId: v.id,
        OwnerId: state.accountId,
        InstanceTenancy: 'default',
        CidrBlockAssociationSet: v.cidrs.map((cidr, k) => ({
          AssociationId: `vpc-cidr-assoc-0e1a5c00000000${k}${v.id.slice(-3)}`,
          CidrBlock: cidr,
          CidrBlockState: { State: 'associated' },
        })),
        IsDefault: false,
        Tags: tags(v.name),
      })),
    },
    'describe-subnets': {
      Subnets: state.subnets.map((s) => ({
        AvailabilityZone: s.zone,
        AvailabilityZoneId: 'euw1-az1',
        AvailableIpAddressCount: freeIps(state, s.id, s.cidr),
        CidrBlock: s.cidr,
        DefaultForAz: false,
        MapPublicIpOnLaunch: false,
        State: 'available',
        SubnetId: s.id,
        VpcId: s.vpcId,
        OwnerId: state.accountId,
        Tags: tags(s.name),
      })),
    },
    'describe-vpc-peering-connections': {
      VpcPeeringConnections: state.peerings.map((p) => {
        const side = (vpcId: string) => {
          const vpc = state.vpcs.find((v) => v.id === vpcId);
          return {
            CidrBlock: vpc?.cidrs[0],
            CidrBlockSet: (vpc?.cidrs ?? []).map((c) => ({ CidrBlock: c })),
            OwnerId: state.accountId,
            VpcId: vpcId,
            Region: state.region,
          };
        };
        return {
          AccepterVpcInfo: side(p.accepterVpcId),
          RequesterVpcInfo: side(p.requesterVpcId),
          Status: { Code: p.status, Message: 'Active' },
          Tags: [],
          VpcPeeringConnectionId: p.id,
        };
      }),
    },
    'describe-instances': {
      Reservations: [
        ...state.nodes.map((node) =>
          instanceDoc(
            state,
            node.instanceId,
            node.address,
            node.subnetId,
            `kubelab-ng-${node.alias}`,
            node.enis.map((e) => eniDoc(state, node, e)),
          ),
        ),
        instanceDoc(
          state,
          state.operator.instanceId,
          state.operator.address,
          state.operator.subnetId,
          'kubelab-operator',
          [operatorEni],
        ),
      ].map((instance, k) => ({
        Groups: [],
        Instances: [instance],
        OwnerId: state.accountId,
        ReservationId: `r-0e1a5c0000000000${k}`,
      })),
    },
    'describe-network-interfaces': { NetworkInterfaces: [...enis, operatorEni] },
  };
}

/** The executables' source: argv checks like the real tools, then the document from the state. */
const AWS = `
const state = JSON.parse(require('node:fs').readFileSync(process.env.KL_STATE || __dirname + '/../state.json', 'utf8'));
const argv = process.argv.slice(2);
const output = argv.find((a, i) => argv[i - 1] === '--output') ?? (argv.find((a) => a.startsWith('--output=')) || '').slice(9);
const [service, operation] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (service !== 'ec2' || !(operation in state.aws)) {
  process.stderr.write('\\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\\naws: error: argument operation: Invalid choice\\n');
  process.exit(252);
}
if (output && output !== 'json') { process.stderr.write('lab aws answers --output json only\\n'); process.exit(252); }
process.stdout.write(JSON.stringify(state.aws[operation], null, 4) + '\\n');
`;

const KUBECTL = `
const state = JSON.parse(require('node:fs').readFileSync(process.env.KL_STATE || __dirname + '/../state.json', 'utf8'));
const argv = process.argv.slice(2);
const KINDS = { node: 'Node', nodes: 'Node', no: 'Node', pod: 'Pod', pods: 'Pod', po: 'Pod', svc: 'Service', service: 'Service', services: 'Service', endpointslice: 'EndpointSlice', endpointslices: 'EndpointSlice', ds: 'DaemonSet', daemonset: 'DaemonSet', daemonsets: 'DaemonSet' };
const PLURAL = { Node: 'nodes', Pod: 'pods', Service: 'services', EndpointSlice: 'endpointslices.discovery.k8s.io', DaemonSet: 'daemonsets.apps' };
const fail = (m) => { process.stderr.write(m + '\\n'); process.exit(1); };
let all = false, ns = 'default', out;
const words = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '-A' || a === '--all-namespaces') all = true;
  else if (a === '-n' || a === '--namespace') ns = argv[++i];
  else if (a.startsWith('--namespace=')) ns = a.slice(12);
  else if (a === '-o' || a === '--output') out = argv[++i];
  else if (a.startsWith('-o')) out = a.replace(/^-o=?|^--output=/, '');
  else words.push(a);
}
const [verb, kindWord, name] = words;
if (verb !== 'get') fail('error: lab kubectl knows get only');
if (out !== 'json') fail('error: lab kubectl prints -o json only');
const kinds = (kindWord || '').split(',').map((k) => KINDS[k]);
if (!kindWord || kinds.some((k) => !k)) fail('error: the server doesn\\'t have a resource type "' + kindWord + '"');
const items = kinds.flatMap((k) => (state.kube[k] || []).filter((o) => all || !o.metadata.namespace || o.metadata.namespace === ns));
if (name !== undefined) {
  const found = items.find((o) => o.metadata.name === name);
  if (!found) fail('Error from server (NotFound): ' + PLURAL[kinds[0]] + ' "' + name + '" not found');
  process.stdout.write(JSON.stringify(found, null, 4) + '\\n');
} else {
  process.stdout.write(JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\\n');
}
`;

/**
 * Writes `bin/aws`, `bin/kubectl` and `state.json` under `dir` (readable by any user) and returns
 * the bin folder, to be put first on the operator user's PATH.
 */
export function installOperatorTools(dir: string, state: EksLabState, kube: Doc): string {
  return writeOperatorTools(dir, awsDocuments(state), kube);
}

/**
 * The same tools for any cluster: `aws` answers the given documents (none given: no `aws` at all,
 * as on a kubeadm or minikube operator), `kubectl` the given objects by kind.
 */
export function writeOperatorTools(
  dir: string,
  aws: Record<string, Doc> | undefined,
  kube: Doc,
): string {
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ aws: aws ?? {}, kube }, null, 2), {
    mode: 0o644,
  });
  const tools: [string, string][] = [
    ['kubectl', KUBECTL],
    ...(aws ? [['aws', AWS] as [string, string]] : []),
  ];
  for (const [name, source] of tools) {
    const file = path.join(bin, name);
    writeFileSync(file, `#!${process.execPath}\n${source}`, { mode: 0o755 });
    chmodSync(file, 0o755);
  }
  return bin;
}
