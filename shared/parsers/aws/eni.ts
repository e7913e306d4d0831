import { isMac } from '../../net/mac';
import { clip, type JsonFields } from '../parse-helpers';
import type { Parsed } from '../parse-result';
import { awsId, readAwsList, readTags } from './common';
import type { AwsEni, AwsInstance, AwsPrivateIp } from './types';

function readPrivateIps(f: JsonFields): AwsPrivateIp[] {
  const out: AwsPrivateIp[] = [];
  for (const p of f.objects('PrivateIpAddresses')) {
    const address = p.ip('PrivateIpAddress', true);
    if (address === undefined) continue;
    const ip: AwsPrivateIp = { address, primary: p.boolean('Primary') === true };
    const publicIp = p.object('Association')?.ip('PublicIp');
    if (publicIp !== undefined) ip.publicIp = publicIp;
    out.push(ip);
  }
  return out;
}

/** Reads one network interface; `instanceId` fills the attachment of one nested in an instance. */
export function readEni(f: JsonFields, instanceId?: string): AwsEni | undefined {
  const id = awsId(f, 'NetworkInterfaceId', 'eni', true);
  if (id === undefined) return undefined;
  const eni: AwsEni = {
    id,
    path: f.path,
    ...readTags(f),
    privateIps: readPrivateIps(f),
    ipv4Prefixes: [],
    securityGroups: [],
  };
  const mac = f.string('MacAddress');
  if (mac !== undefined && isMac(mac)) eni.mac = mac.toLowerCase();
  else if (mac !== undefined) f.warn(`"${clip(mac, 40)}" is not a MAC address`, 'MacAddress');
  const privateIp = f.ip('PrivateIpAddress');
  const subnetId = awsId(f, 'SubnetId', 'subnet');
  const vpcId = awsId(f, 'VpcId', 'vpc');
  const text: [keyof AwsEni & ('zone' | 'status' | 'description' | 'interfaceType'), string][] = [
    ['zone', 'AvailabilityZone'],
    ['status', 'Status'],
    ['description', 'Description'],
    ['interfaceType', 'InterfaceType'],
  ];
  for (const [field, key] of text) {
    const v = f.string(key);
    if (v !== undefined) eni[field] = v;
  }
  if (privateIp !== undefined) eni.privateIp = privateIp;
  if (subnetId !== undefined) eni.subnetId = subnetId;
  if (vpcId !== undefined) eni.vpcId = vpcId;
  const publicIp = f.object('Association')?.ip('PublicIp');
  if (publicIp !== undefined) eni.publicIp = publicIp;
  for (const p of f.objects('Ipv4Prefixes')) {
    const prefix = p.string('Ipv4Prefix');
    if (prefix !== undefined) eni.ipv4Prefixes.push(prefix);
  }
  for (const g of f.objects('Groups')) {
    const groupId = awsId(g, 'GroupId', 'sg');
    const groupName = g.string('GroupName');
    if (groupId !== undefined)
      eni.securityGroups.push(
        groupName === undefined ? { id: groupId } : { id: groupId, name: groupName },
      );
  }
  const requesterManaged = f.boolean('RequesterManaged');
  const sourceDestCheck = f.boolean('SourceDestCheck');
  if (requesterManaged !== undefined) eni.requesterManaged = requesterManaged;
  if (sourceDestCheck !== undefined) eni.sourceDestCheck = sourceDestCheck;
  const a = f.object('Attachment');
  if (a !== undefined || instanceId !== undefined) {
    const attachedTo = awsId(a, 'InstanceId', 'i') ?? instanceId;
    const deviceIndex = a?.integer('DeviceIndex');
    const networkCardIndex = a?.integer('NetworkCardIndex');
    const status = a?.string('Status');
    eni.attachment = {
      ...(attachedTo === undefined ? {} : { instanceId: attachedTo }),
      ...(deviceIndex === undefined ? {} : { deviceIndex }),
      ...(networkCardIndex === undefined ? {} : { networkCardIndex }),
      ...(status === undefined ? {} : { status }),
    };
  }
  return eni;
}

/**
 * Parses `aws ec2 describe-network-interfaces --output json`.
 *
 * Sample element: `{"NetworkInterfaceId":"eni-e5aa89a3","MacAddress":"02:2f:8f:b0:cf:75",
 * "PrivateIpAddress":"10.0.1.17","PrivateIpAddresses":[{"Primary":true,"PrivateIpAddress":"10.0.1.17"}],
 * "SubnetId":"subnet-b61f49f0","VpcId":"vpc-a01106c2","Attachment":{"DeviceIndex":1,"InstanceId":"i-1234567890abcdef0"}}`
 * → `{ id: 'eni-e5aa89a3', mac: '02:2f:8f:b0:cf:75', privateIp: '10.0.1.17', privateIps: [{ address: '10.0.1.17',
 * primary: true }], subnetId: 'subnet-b61f49f0', vpcId: 'vpc-a01106c2', attachment: { instanceId: 'i-1234567890abcdef0',
 * deviceIndex: 1 }, path: 'NetworkInterfaces[0]' }`.
 */
export function parseDescribeNetworkInterfaces(text: string): Parsed<AwsEni[]> {
  return readAwsList(text, 'NetworkInterfaces', (f) => readEni(f));
}

function readInstance(f: JsonFields): AwsInstance | undefined {
  const id = awsId(f, 'InstanceId', 'i', true);
  if (id === undefined) return undefined;
  const instance: AwsInstance = { id, path: f.path, ...readTags(f), enis: [] };
  const type = f.string('InstanceType');
  const state = f.object('State')?.string('Name');
  const privateIp = f.ip('PrivateIpAddress');
  const publicIp = f.ip('PublicIpAddress');
  const zone = f.object('Placement')?.string('AvailabilityZone');
  const vpcId = awsId(f, 'VpcId', 'vpc');
  const subnetId = awsId(f, 'SubnetId', 'subnet');
  const cpu = f.object('CpuOptions');
  const cores = cpu?.integer('CoreCount');
  const threads = cpu?.integer('ThreadsPerCore');
  if (type !== undefined) instance.type = type;
  if (state !== undefined) instance.state = state;
  if (privateIp !== undefined) instance.privateIp = privateIp;
  if (publicIp !== undefined) instance.publicIp = publicIp;
  if (zone !== undefined) instance.zone = zone;
  if (vpcId !== undefined) instance.vpcId = vpcId;
  if (subnetId !== undefined) instance.subnetId = subnetId;
  if (cores !== undefined && threads !== undefined) instance.vcpus = cores * threads;
  for (const n of f.objects('NetworkInterfaces')) {
    const eni = readEni(n, id);
    if (eni !== undefined) instance.enis.push(eni);
  }
  instance.enis.sort(
    (a, b) => (a.attachment?.deviceIndex ?? 99) - (b.attachment?.deviceIndex ?? 99),
  );
  return instance;
}

/**
 * Parses `aws ec2 describe-instances --output json` (`Reservations[].Instances[]`; a bare array of
 * instances from `--query` works too).
 *
 * Sample instance: `{"InstanceId":"i-1234567890abcdef0","InstanceType":"t3.nano","PrivateIpAddress":"10.0.0.157",
 * "Placement":{"AvailabilityZone":"us-east-2a"},"State":{"Name":"running"},"Tags":[{"Key":"Name","Value":"my-instance"}]}`
 * → `{ id: 'i-1234567890abcdef0', type: 't3.nano', privateIp: '10.0.0.157', zone: 'us-east-2a', state: 'running',
 * name: 'my-instance', enis: [...] }`. The aws-cli doc sample writes `"10-0-0-157"`: that is a warning, not an address.
 */
export function parseDescribeInstances(text: string): Parsed<AwsInstance[]> {
  const read = (f: JsonFields): AwsInstance[] =>
    ('InstanceId' in f.obj ? [f] : f.objects('Instances'))
      .map(readInstance)
      .filter((x) => x !== undefined);
  const { value, warnings } = readAwsList(text, 'Reservations', read);
  return { value: value.flat(), warnings };
}
