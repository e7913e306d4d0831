import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import {
  parseImdsDeviceNumber,
  parseImdsIpv4List,
  parseImdsListing,
  parseImdsMacs,
  parseImdsValue,
} from './listing';
import { parseImdsMacsTree } from './tree';

describeWithFixtures('imds over the fixture kit', (kit) => {
  it('reads the crawled two-NIC tree', () => {
    const { value, warnings } = parseImdsMacsTree(
      kit.read('imds/cloudinit-ec2-crawled-macs-2nic.json'),
    );
    expect(warnings).toEqual([]);
    expect(value.map((i) => i.mac)).toEqual(['0a:07:84:3d:6e:38', '0a:75:69:92:e2:16']);
    expect(value[0]).toMatchObject({
      deviceNumber: 0,
      interfaceId: 'eni-0d6335689899ce9cc',
      localIpv4s: ['172.31.44.13', '172.31.45.70'],
      ipv4Associations: [{ publicIp: '18.218.219.181', privateIp: '172.31.44.13' }],
      publicIpv4s: ['18.218.219.181'],
      subnetId: 'subnet-9d7ba0d1',
      subnetCidr: '172.31.32.0/20',
      vpcId: 'vpc-a07f62c8',
      vpcCidrs: ['172.31.0.0/16'],
      path: 'network.interfaces.macs["0a:07:84:3d:6e:38"]',
    });
    expect(value[0]?.ipv6s).toHaveLength(3);
    expect(value[1]).toMatchObject({
      deviceNumber: 1,
      interfaceId: 'eni-043cdce36ded5e79f',
      localIpv4s: ['172.31.47.221'],
      subnetCidr: '172.31.32.0/20',
      vpcCidrs: ['172.31.0.0/16'],
    });
  });

  it('reads local-ipv4s bodies, primary first, with or without a newline', () => {
    const two = kit.read('imds/local-ipv4s-0a-07-84-3d-6e-38.txt');
    expect(parseImdsIpv4List(two)).toEqual({
      value: [
        { value: '172.31.44.13', line: 1 },
        { value: '172.31.45.70', line: 2 },
      ],
      warnings: [],
    });
    const one = kit.read('imds/local-ipv4s-0a-75-69-92-e2-16.txt');
    expect(one.includes('\n')).toBe(false);
    expect(parseImdsIpv4List(one)).toEqual({
      value: [{ value: '172.31.47.221', line: 1 }],
      warnings: [],
    });
  });

  it('survives damaged captures', () => {
    const parsers = [
      parseImdsMacsTree,
      parseImdsIpv4List,
      parseImdsMacs,
      parseImdsListing,
      parseImdsValue,
      parseImdsDeviceNumber,
    ];
    for (const file of kit.list('imds'))
      for (const parse of parsers) expectSurvives(parse, mutationsOf(kit.read(`imds/${file}`)));
  });
});

describe('imds edge cases', () => {
  it('reads the macs listing and flags what is not a MAC', () => {
    const { value, warnings } = parseImdsMacs(
      '0A:07:84:3D:6E:38/\n0a:75:69:92:e2:16/\nlocal-ipv4s\n',
    );
    expect(value).toEqual([
      { value: '0a:07:84:3d:6e:38', line: 1 },
      { value: '0a:75:69:92:e2:16', line: 2 },
    ]);
    expect(warnings).toEqual([{ line: 3, message: 'not a MAC address', raw: 'local-ipv4s' }]);
  });

  it('reads a directory listing', () => {
    expect(parseImdsListing('device-number\nipv4-associations/\n').value).toEqual([
      { value: 'device-number', isDirectory: false, line: 1 },
      { value: 'ipv4-associations', isDirectory: true, line: 2 },
    ]);
  });

  it('reads single values and says why one is missing', () => {
    expect(parseImdsValue('eni-0d6335689899ce9cc')).toEqual({
      value: 'eni-0d6335689899ce9cc',
      warnings: [],
    });
    expect(parseImdsDeviceNumber('1\n').value).toBe(1);
    expect(parseImdsDeviceNumber('one').warnings[0]?.message).toBe('device-number is not a number');
    expect(parseImdsValue('').warnings[0]?.message).toMatch(/401/);
    const page =
      '<?xml version="1.0" encoding="iso-8859-1"?>\n<html><head><title>404 - Not Found</title></head></html>';
    expect(parseImdsIpv4List(page)).toEqual({
      value: [],
      warnings: [{ line: 1, message: 'IMDS answered with an error page: 404 - Not Found' }],
    });
  });

  it('reads a tree rooted at macs and checks values', () => {
    const tree = {
      '0a:75:69:92:e2:16': {
        mac: '0a:75:69:92:e2:17',
        'device-number': 'x',
        'local-ipv4s': ['172.31.47.221', '10-0-0-157'],
        'interface-id': 'eni-1234567890abcdefg',
        'vpc-ipv4-cidr-block': '172.31.0.0/16',
      },
      'not-a-mac': {},
    };
    const { value, warnings } = parseImdsMacsTree(JSON.stringify(tree));
    expect(value[0]).toMatchObject({
      localIpv4s: ['172.31.47.221'],
      vpcCidrs: ['172.31.0.0/16'],
      interfaceId: 'eni-1234567890abcdefg',
    });
    expect(value[0]?.deviceNumber).toBeUndefined();
    expect(warnings.map((w) => w.message)).toEqual([
      '["0a:75:69:92:e2:16"].mac: mac "0a:75:69:92:e2:17" differs from its key',
      '["0a:75:69:92:e2:16"].local-ipv4s: "10-0-0-157" is not an IPv4 address',
      '["0a:75:69:92:e2:16"].device-number: expected an integer, found a string',
      '["0a:75:69:92:e2:16"].interface-id: "eni-1234567890abcdefg" is not an ENI id',
      'not-a-mac: key is not a MAC address',
    ]);
  });
});
