import { isIPv4Cidr } from '../../net/ipv4';
import { clip, type JsonFields } from '../parse-helpers';
import type { Parsed } from '../parse-result';
import { awsId, readAwsList, readTags } from './common';
import type { AwsPeering, AwsPeeringSide, AwsSubnet, AwsVpc } from './types';

/** A CIDR field; a value that is not an IPv4 CIDR is dropped with a warning. */
function cidrField(f: JsonFields | undefined, key: string): string | undefined {
  const v = f?.string(key);
  if (v === undefined || isIPv4Cidr(v)) return v;
  f?.warn(`"${clip(v, 40)}" is not an IPv4 CIDR`, key);
  return undefined;
}

function readVpc(f: JsonFields): AwsVpc | undefined {
  const id = awsId(f, 'VpcId', 'vpc', true);
  if (id === undefined) return undefined;
  const vpc: AwsVpc = { id, path: f.path, ...readTags(f), cidrs: [] };
  const primary = cidrField(f, 'CidrBlock');
  if (primary !== undefined) vpc.cidrs.push(primary);
  for (const a of f.objects('CidrBlockAssociationSet')) {
    const cidr = cidrField(a, 'CidrBlock');
    const state = a.object('CidrBlockState')?.string('State');
    if (
      cidr !== undefined &&
      !vpc.cidrs.includes(cidr) &&
      (state === undefined || state === 'associated')
    )
      vpc.cidrs.push(cidr);
  }
  const state = f.string('State');
  const isDefault = f.boolean('IsDefault');
  const ownerId = f.string('OwnerId');
  if (state !== undefined) vpc.state = state;
  if (isDefault !== undefined) vpc.isDefault = isDefault;
  if (ownerId !== undefined) vpc.ownerId = ownerId;
  return vpc;
}

/**
 * Parses `aws ec2 describe-vpcs --output json`.
 *
 * Sample element: `{"CidrBlock":"10.0.0.0/16","VpcId":"vpc-06e4ab6c6cEXAMPLE","CidrBlockAssociationSet":[{"CidrBlock":
 * "10.0.0.0/16","CidrBlockState":{"State":"associated"}}],"Tags":[{"Key":"Name","Value":"Shared VPC"}]}`
 * → `{ id: 'vpc-06e4ab6c6cEXAMPLE', cidrs: ['10.0.0.0/16'], name: 'Shared VPC', … }` (and a warning: the
 * doc's id is not hex).
 */
export function parseDescribeVpcs(text: string): Parsed<AwsVpc[]> {
  return readAwsList(text, 'Vpcs', readVpc);
}

function readSubnet(f: JsonFields): AwsSubnet | undefined {
  const id = awsId(f, 'SubnetId', 'subnet', true);
  if (id === undefined) return undefined;
  const subnet: AwsSubnet = { id, path: f.path, ...readTags(f) };
  const vpcId = awsId(f, 'VpcId', 'vpc');
  const cidr = cidrField(f, 'CidrBlock');
  const zone = f.string('AvailabilityZone');
  const availableIps = f.integer('AvailableIpAddressCount');
  const mapPublic = f.boolean('MapPublicIpOnLaunch');
  const defaultForAz = f.boolean('DefaultForAz');
  if (vpcId !== undefined) subnet.vpcId = vpcId;
  if (cidr !== undefined) subnet.cidr = cidr;
  if (zone !== undefined) subnet.zone = zone;
  if (availableIps !== undefined) subnet.availableIps = availableIps;
  if (mapPublic !== undefined) subnet.mapPublicIpOnLaunch = mapPublic;
  if (defaultForAz !== undefined) subnet.defaultForAz = defaultForAz;
  return subnet;
}

/**
 * Parses `aws ec2 describe-subnets --output json`.
 *
 * Sample element: `{"SubnetId":"subnet-0a1b2c3d","VpcId":"vpc-0e9801d1","CidrBlock":"192.168.0.0/22",
 * "AvailabilityZone":"ap-northeast-2a","AvailableIpAddressCount":246}`
 * → `{ id: 'subnet-0a1b2c3d', vpcId: 'vpc-0e9801d1', cidr: '192.168.0.0/22', zone: 'ap-northeast-2a', availableIps: 246 }`.
 */
export function parseDescribeSubnets(text: string): Parsed<AwsSubnet[]> {
  return readAwsList(text, 'Subnets', readSubnet);
}

function readSide(f: JsonFields | undefined): AwsPeeringSide {
  const side: AwsPeeringSide = { cidrs: [] };
  const vpcId = awsId(f, 'VpcId', 'vpc');
  const cidr = cidrField(f, 'CidrBlock');
  const owner = f?.string('OwnerId');
  const region = f?.string('Region');
  if (vpcId !== undefined) side.vpcId = vpcId;
  if (cidr !== undefined) side.cidr = cidr;
  if (owner !== undefined) side.owner = owner;
  if (region !== undefined) side.region = region;
  for (const c of f?.objects('CidrBlockSet') ?? []) {
    const block = cidrField(c, 'CidrBlock');
    if (block !== undefined && !side.cidrs.includes(block)) side.cidrs.push(block);
  }
  if (cidr !== undefined && !side.cidrs.includes(cidr)) side.cidrs.unshift(cidr);
  return side;
}

function readPeering(f: JsonFields): AwsPeering | undefined {
  const id = awsId(f, 'VpcPeeringConnectionId', 'pcx', true);
  if (id === undefined) return undefined;
  const peering: AwsPeering = {
    id,
    path: f.path,
    ...readTags(f),
    requester: readSide(f.object('RequesterVpcInfo')),
    accepter: readSide(f.object('AccepterVpcInfo')),
  };
  const status = f.object('Status');
  const code = status?.string('Code');
  const message = status?.string('Message');
  const expires = f.string('ExpirationTime');
  if (code !== undefined) peering.status = code;
  if (message !== undefined) peering.statusMessage = message;
  if (expires !== undefined) peering.expirationTime = expires;
  return peering;
}

/**
 * Parses `aws ec2 describe-vpc-peering-connections --output json`.
 *
 * Sample element: `{"Status":{"Code":"active"},"VpcPeeringConnectionId":"pcx-11122233",
 * "RequesterVpcInfo":{"OwnerId":"444455556666","VpcId":"vpc-123abc45","CidrBlock":"192.168.0.0/16"},
 * "AccepterVpcInfo":{"OwnerId":"111122223333","VpcId":"vpc-1a2b3c4d","CidrBlock":"10.0.1.0/28"}}`
 * → `{ id: 'pcx-11122233', status: 'active', requester: { vpcId: 'vpc-123abc45', cidr: '192.168.0.0/16',
 * owner: '444455556666' }, accepter: { vpcId: 'vpc-1a2b3c4d', cidr: '10.0.1.0/28', owner: '111122223333' } }`.
 */
export function parseDescribeVpcPeeringConnections(text: string): Parsed<AwsPeering[]> {
  return readAwsList(text, 'VpcPeeringConnections', readPeering);
}
