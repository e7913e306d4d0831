import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { isAwsId } from './common';
import { parseDescribeInstances, parseDescribeNetworkInterfaces } from './eni';
import { parseDescribeRouteTables } from './route-table';
import { parseDescribeSubnets, parseDescribeVpcPeeringConnections, parseDescribeVpcs } from './vpc';

describeWithFixtures('aws ec2 describe-* over the fixture kit', (kit) => {
  it('reads two ENIs with their MACs, addresses, attachments and public IPs', () => {
    const { value, warnings } = parseDescribeNetworkInterfaces(
      kit.read('aws/describe-network-interfaces-awscli-example.json'),
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      id: 'eni-e5aa89a3',
      mac: '02:2f:8f:b0:cf:75',
      privateIp: '10.0.1.17',
      privateIps: [{ address: '10.0.1.17', primary: true, publicIp: '203.0.113.12' }],
      attachment: { instanceId: 'i-1234567890abcdef0', deviceIndex: 1 },
      publicIp: '203.0.113.12',
      subnetId: 'subnet-b61f49f0',
      vpcId: 'vpc-a01106c2',
      description: 'my network interface',
    });
    expect(value[1]).toMatchObject({
      id: 'eni-f9ba99bf',
      privateIp: '10.0.1.149',
      attachment: { instanceId: 'i-0598c7d356eba48d7', deviceIndex: 0 },
      publicIp: '198.51.100.0',
      subnetId: 'subnet-b61f49f0',
      vpcId: 'vpc-a01106c2',
    });
  });

  it("reads the instance and flags the doc sample's fake address and ENI id", () => {
    const { value, warnings } = parseDescribeInstances(
      kit.read('aws/describe-instances-awscli-example.json'),
    );
    expect(value).toHaveLength(1);
    const instance = value[0];
    expect(instance).toMatchObject({
      id: 'i-1234567890abcdef0',
      type: 't3.nano',
      publicIp: '34.253.223.13',
      zone: 'us-east-2a',
      state: 'running',
      name: 'my-instance',
      vcpus: 2,
    });
    expect(instance?.privateIp).toBeUndefined();
    expect(instance?.enis[0]).toMatchObject({
      id: 'eni-1234567890abcdefg',
      mac: '00:11:22:33:44:55',
      attachment: { instanceId: 'i-1234567890abcdef0', deviceIndex: 0 },
    });
    expect(instance?.enis[0]?.privateIps).toEqual([]);
    const messages = warnings.map((w) => w.message);
    expect(messages).toContain(
      'Reservations[0].Instances[0].PrivateIpAddress: "10-0-0-157" is not an IP address',
    );
    expect(messages).toContain(
      'Reservations[0].Instances[0].NetworkInterfaces[0].NetworkInterfaceId: "eni-1234567890abcdefg" is not a valid ENI id (eni- and 8 or 17 hex digits)',
    );
    expect(messages.filter((m) => m.includes('"10-0-0-157"'))).toHaveLength(3);
  });

  it('reads two VPCs with their CIDRs and Name tags', () => {
    const { value, warnings } = parseDescribeVpcs(
      kit.read('aws/describe-vpcs-awscli-example.json'),
    );
    expect(value.map((v) => [v.id, v.cidrs, v.name])).toEqual([
      ['vpc-0e9801d129EXAMPLE', ['30.1.0.0/16'], 'Not Shared'],
      ['vpc-06e4ab6c6cEXAMPLE', ['10.0.0.0/16'], 'Shared VPC'],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      'Vpcs[0].VpcId: "vpc-0e9801d129EXAMPLE" is not a valid VPC id (vpc- and 8 or 17 hex digits)',
      'Vpcs[1].VpcId: "vpc-06e4ab6c6cEXAMPLE" is not a valid VPC id (vpc- and 8 or 17 hex digits)',
    ]);
  });

  it('reads an active and a pending peering, the pending one without an accepter CIDR', () => {
    const { value, warnings } = parseDescribeVpcPeeringConnections(
      kit.read('aws/describe-vpc-peering-connections-awscli-example.json'),
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      id: 'pcx-11122233',
      status: 'active',
      name: 'Peering-1',
      requester: { vpcId: 'vpc-123abc45', cidr: '192.168.0.0/16', owner: '444455556666' },
      accepter: { vpcId: 'vpc-1a2b3c4d', cidr: '10.0.1.0/28', owner: '111122223333' },
    });
    expect(value[1]).toMatchObject({
      id: 'pcx-abababab',
      status: 'pending-acceptance',
      expirationTime: '2014-04-03T09:12:43.000Z',
    });
    expect(value[1]?.accepter.cidr).toBeUndefined();
  });

  it('reads route tables: a blackholed NAT route, IGW defaults, local routes, a subnet association', () => {
    const { value } = parseDescribeRouteTables(
      kit.read('aws/describe-route-tables-awscli-example.json'),
    );
    expect(value.find((t) => t.id === 'rtb-09ba434c1bEXAMPLE')?.routes[1]).toEqual({
      dest: '0.0.0.0/0',
      target: 'nat-06c018cbd8EXAMPLE',
      state: 'blackhole',
      origin: 'CreateRoute',
    });
    const withSubnet = value.find((t) => t.id === 'rtb-07a98f76e5EXAMPLE');
    expect(withSubnet?.associations).toEqual([
      { main: false, id: 'rtbassoc-0b100c28b2EXAMPLE', subnetId: 'subnet-0d3d002af8EXAMPLE' },
    ]);
    expect(withSubnet?.routes.find((r) => r.dest === '0.0.0.0/0')?.target).toBe(
      'igw-06cf664d80EXAMPLE',
    );
    const locals = value.flatMap((t) =>
      t.routes.filter((r) => r.target === 'local').map((r) => r.dest),
    );
    expect(new Set(locals)).toEqual(new Set(['10.0.0.0/16', '172.31.0.0/16']));
  });

  it('survives damaged captures and edge cases', () => {
    const edgeDir = new URL('fixtures/', import.meta.url);
    const inputs = [
      ...kit.list('aws').map((f) => kit.read(`aws/${f}`)),
      ...readdirSync(edgeDir)
        .filter((f) => f.startsWith('edge-') && !f.endsWith('.expected.json'))
        .map((f) => readFileSync(new URL(f, edgeDir), 'utf8')),
    ];
    const parsers = [
      parseDescribeNetworkInterfaces,
      parseDescribeInstances,
      parseDescribeVpcs,
      parseDescribeSubnets,
      parseDescribeVpcPeeringConnections,
      parseDescribeRouteTables,
    ];
    for (const text of inputs)
      for (const parse of parsers) expectSurvives(parse, mutationsOf(text));
  });
});

describe('aws edge cases', () => {
  it('checks ids', () => {
    expect(isAwsId('eni-e5aa89a3', 'eni')).toBe(true);
    expect(isAwsId('i-1234567890abcdef0', 'i')).toBe(true);
    expect(isAwsId('eni-1234567890abcdefg', 'eni')).toBe(false);
    expect(isAwsId('vpc-0e9801d129EXAMPLE', 'vpc')).toBe(false);
    expect(isAwsId('eni-e5aa89a3', 'i')).toBe(false);
  });

  it('reads bare arrays from --query and says when the list is missing', () => {
    expect(
      parseDescribeVpcs('[{"VpcId":"vpc-a01106c2","CidrBlock":"10.0.0.0/16"}]').value[0],
    ).toMatchObject({ id: 'vpc-a01106c2', path: '[0]' });
    expect(parseDescribeVpcs('{"Subnets":[]}').warnings[0]?.message).toBe(
      'no "Vpcs" list in this document',
    );
    const instances = parseDescribeInstances(
      '[{"InstanceId":"i-0598c7d356eba48d7","InstanceType":"t3.medium"}]',
    );
    expect(instances.value[0]).toMatchObject({ id: 'i-0598c7d356eba48d7', type: 't3.medium' });
  });
});
