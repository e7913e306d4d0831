import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIpamdEnis } from './enis';
import { parseIpamdPods } from './pods';
import type { IpamdEnis } from './types';

const eni = (v: IpamdEnis, id: string) => v.enis.find((e) => e.id === id);
const assigned = (v: IpamdEnis) =>
  v.enis.flatMap((e) => e.ips.filter((ip) => ip.assigned).map((ip) => ({ eni: e.id, ...ip })));

describeWithFixtures('ipamd over the fixture kit', (kit) => {
  it('reads node 1: two ENIs, coredns on the primary', () => {
    const { value, warnings } = parseIpamdEnis(kit.read('ipamd/enis-v1-node1-2eni.json'));
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({
      format: 'network-cards',
      complete: true,
      totalIPs: 10,
      assignedIPs: 1,
    });
    const primary = eni(value, 'eni-0d3a675348ac2ee80');
    expect(primary).toMatchObject({ isPrimary: true, deviceNumber: 0, networkCard: '0' });
    expect(primary?.ips).toHaveLength(5);
    expect(assigned(value)).toEqual([
      expect.objectContaining({
        eni: 'eni-0d3a675348ac2ee80',
        address: '192.168.5.1',
        pod: { namespace: 'kube-system', name: 'coredns-759c77bd6c-9m46w' },
        assignedTime: expect.stringMatching(/^2026-03-28T14:39:05/) as unknown,
      }),
    ]);
    const secondary = eni(value, 'eni-04637c806b9ad599b');
    expect(secondary).toMatchObject({ isPrimary: false, deviceNumber: 1 });
    expect(secondary?.ips.map((ip) => ip.assigned)).toEqual([false, false, false, false, false]);
  });

  it('reads node 2: one primary ENI, five free slots', () => {
    const { value, warnings } = parseIpamdEnis(kit.read('ipamd/enis-v1-node2-1eni.json'));
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({ totalIPs: 5, assignedIPs: 0 });
    expect(value.enis).toHaveLength(1);
    expect(value.enis[0]).toMatchObject({ id: 'eni-084dd084d4ad1b250', isPrimary: true });
    const ips = value.enis[0]?.ips.map((ip) => ip.address);
    expect(ips).toHaveLength(5);
    expect(ips?.[0]).toBe('192.168.0.30');
    expect(ips?.[4]).toBe('192.168.3.62');
    expect(assigned(value)).toEqual([]);
  });

  it('reads node 3: coredns on the primary, the secondary all free', () => {
    const { value, warnings } = parseIpamdEnis(kit.read('ipamd/enis-v1-node3-2eni.json'));
    expect(warnings).toEqual([]);
    expect(assigned(value)).toEqual([
      expect.objectContaining({
        eni: 'eni-0e5343d24bb3fd568',
        address: '192.168.8.196',
        pod: { namespace: 'kube-system', name: 'coredns-759c77bd6c-8b9vj' },
      }),
    ]);
    expect(eni(value, 'eni-0e5343d24bb3fd568')?.isPrimary).toBe(true);
    const secondary = eni(value, 'eni-043f96bb77823049c');
    expect(secondary?.deviceNumber).toBe(1);
    expect(secondary?.ips.every((ip) => !ip.assigned)).toBe(true);
  });

  it('salvages the elided 2018 ENIIPPools sample and never calls it complete', () => {
    const { value, warnings } = parseIpamdEnis(
      kit.read('ipamd/enis-legacy-2018-ENIIPPools-doc-elided.txt'),
    );
    expect(value.complete).toBe(false);
    expect(value).toMatchObject({ format: 'legacy-2018', assignedIPs: 46, totalIPs: 56 });
    expect(eni(value, 'eni-0248f7351c1dab6b4')).toMatchObject({
      deviceNumber: 2,
      statedAssigned: 14,
    });
    expect(
      eni(value, 'eni-0248f7351c1dab6b4')?.ips.every((ip) => ip.assigned && ip.line !== undefined),
    ).toBe(true);
    expect(eni(value, 'eni-0ebff0ef030f81d5c')?.ips.map((ip) => [ip.address, ip.assigned])).toEqual(
      [
        ['192.168.177.82', true],
        ['192.168.179.236', false],
        ['192.168.184.253', false],
      ],
    );
    expect(warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^not valid JSON: Expected/),
        expect.stringMatching(/salvaged line by line/),
        'elided here: addresses and ENIs are missing',
      ]),
    );
    expect(warnings.find((w) => w.message.startsWith('elided'))?.line).toBe(29);
  });

  it('salvages the elided legacy /v1/pods map', () => {
    const { value, warnings } = parseIpamdPods(kit.read('ipamd/pods-legacy-2018-doc-elided.txt'));
    expect(value.complete).toBe(false);
    expect(value.pods.find((p) => p.name === 'worker-hello-5974f49799-4fj9p')).toMatchObject({
      namespace: 'default',
      deviceNumber: 3,
      ip: '192.168.164.251',
    });
    expect(value.pods.find((p) => p.name.startsWith('cni-metrics-helper'))).toMatchObject({
      namespace: 'kube-system',
      containerId: '',
    });
    expect(warnings.some((w) => w.line === 18 && w.message.startsWith('elided'))).toBe(true);
  });
});

describe('ipamd edge cases', () => {
  it('reads a complete legacy document and a complete /v1/pods map', () => {
    const legacy = JSON.stringify({
      AssignedIPs: 1,
      ENIIPPools: {
        'eni-0248f7351c1dab6b4': {
          AssignedIPv4Addresses: 1,
          DeviceNumber: 2,
          IPv4Addresses: {
            '192.168.134.93': { Assigned: true },
            '192.168.135.1': { Assigned: false },
          },
          Id: 'eni-0248f7351c1dab6b4',
          IsPrimary: false,
        },
      },
      TotalIPs: 2,
    });
    const { value, warnings } = parseIpamdEnis(legacy);
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({ format: 'legacy-2018', complete: true });
    expect(value.enis[0]?.ips.map((ip) => ip.assigned)).toEqual([true, false]);
    const pods = parseIpamdPods(
      JSON.stringify({
        'a-1_ns_c1': { DeviceNumber: 1, IP: '10.0.0.1' },
        bad: {},
        b_ns_c: { IP: '10-0-0-2' },
      }),
    );
    expect(pods.value.complete).toBe(true);
    expect(pods.value.pods.map((p) => [p.name, p.ip])).toEqual([
      ['a-1', '10.0.0.1'],
      ['b', undefined],
    ]);
    expect(pods.warnings.map((w) => w.message)).toEqual([
      'bad: key is not name_namespace_containerID',
      'b_ns_c.IP: "10-0-0-2" is not an IP address',
    ]);
  });

  it('says what it could not read', () => {
    expect(parseIpamdEnis('').value.complete).toBe(false);
    expect(parseIpamdEnis('{"hello":1}').warnings[0]?.message).toMatch(/not an ipamd/);
    expect(
      parseIpamdEnis('curl: (7) Failed to connect to localhost port 61679').value,
    ).toMatchObject({ complete: false, enis: [] });
  });
});
