import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrSize,
  formatIPv4,
  isIPv4,
  isIPv4Cidr,
  isIPv6,
  parseIPv4,
  parseIPv4Cidr,
  prefixMask,
} from './ipv4';
import { isMac, normalizeMac } from './mac';

describe('parseIPv4', () => {
  it.each([
    ['10.0.97.30', 0x0a00611e],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['169.254.169.254', 0xa9fea9fe],
  ])('reads %s', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
    expect(formatIPv4(value)).toBe(text);
  });

  it.each([
    '10-0-0-157',
    '010.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '',
    'a.b.c.d',
    '1..2.3',
    '1.2.3.-4',
    '1e1.0.0.1',
  ])('rejects %j', (text) => {
    expect(parseIPv4(text)).toBeUndefined();
    expect(isIPv4(text)).toBe(false);
  });
});

describe('CIDRs', () => {
  it('parses network, prefix and host bits', () => {
    expect(parseIPv4Cidr('10.0.0.0/16')).toEqual({
      address: '10.0.0.0',
      network: 0x0a000000,
      prefixlen: 16,
      hasHostBits: false,
    });
    expect(parseIPv4Cidr('192.168.4.12/22')?.hasHostBits).toBe(true);
    expect(parseIPv4Cidr('10.0.97.30')).toBeUndefined();
    expect(parseIPv4Cidr('10.0.97.30', true)?.prefixlen).toBe(32);
    expect(parseIPv4Cidr('0.0.0.0/0')?.network).toBe(0);
    expect(isIPv4Cidr('10.0.0.0/33')).toBe(false);
    expect(isIPv4Cidr('10.0.0.0/016')).toBe(false);
    expect(isIPv4Cidr('10.0.0.0/')).toBe(false);
  });

  it('tests containment', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.97.30')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.1')).toBe(false);
    expect(cidrContains('172.31.32.0/20', '172.31.47.221')).toBe(true);
    expect(cidrContains('172.31.32.0/20', '172.31.48.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(cidrContains('10.0.97.30', '10.0.97.30')).toBe(true);
    expect(cidrContains('garbage', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10-0-0-157')).toBe(false);
  });

  it('computes masks and sizes', () => {
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(20)).toBe(0xfffff000);
    expect(prefixMask(32)).toBe(0xffffffff);
    expect(cidrSize(28)).toBe(16);
  });
});

describe('isIPv6', () => {
  it.each([
    '::1',
    'fe80::4dc:41ff:fe7e:4b63',
    'fd00:ec2::23',
    '2001:dead:beef::2',
    '::',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:7:8',
  ])('accepts %s', (text) => expect(isIPv6(text)).toBe(true));
  it.each([
    '10.0.0.1',
    '1:2:3:4:5:6:7',
    '1::2::3',
    'fe80::zz',
    ':',
    '1:2:3:4:5:6:7:8:9',
    'ee:ee:ee:ee:ee:ee',
  ])('rejects %s', (text) => expect(isIPv6(text)).toBe(false));
});

describe('isMac', () => {
  it('accepts colon MACs of either case and rejects others', () => {
    expect(isMac('0a:07:84:3d:6e:38')).toBe(true);
    expect(isMac('0A:07:84:3D:6E:38')).toBe(true);
    expect(isMac('0a-07-84-3d-6e-38')).toBe(false);
    expect(isMac('1.1.1.1')).toBe(false);
    expect(normalizeMac('0A:07:84:3D:6E:38')).toBe('0a:07:84:3d:6e:38');
  });
});
