import { describe, expect, it } from 'vitest';
import { describeWithFixtures, splitNodeBanners } from '../../../test/support/fixtures';
import { parseIpRoute } from './route';
import { parseIpRouteJson } from './route-json';

describeWithFixtures('ip route over the fixture kit', (kit) => {
  const read = (name: string) => parseIpRoute(kit.read(`ip/${name}`));

  it('reads the old two-space style of the VPC CNI proposal', () => {
    const { value, warnings } = read('route-vpccni-proposal-main.txt');
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      dst: 'default',
      via: '10.0.96.1',
      dev: 'eth0',
      table: 'main',
      line: 1,
    });
    expect(value[1]).toMatchObject({
      dst: '10.0.96.0/19',
      dev: 'eth0',
      proto: 'kernel',
      scope: 'link',
      src: '10.0.104.183',
    });
    const pods = value.filter((r) => r.dev?.startsWith('aws') === true);
    expect(pods.map((r) => r.dst)).toEqual([
      '10.0.97.30',
      '10.0.97.159',
      '10.0.97.226',
      '10.0.102.98',
    ]);
    expect(pods.every((r) => r.scope === 'link')).toBe(true);
  });

  it('reads the 34-pod main table', () => {
    const { value, warnings } = read('route-eks-vpccni-3eni-34pods-main.txt');
    expect(warnings).toEqual([]);
    expect(value.find((r) => r.dst === '172.31.48.0/20')).toMatchObject({
      dev: 'eth0',
      src: '172.31.53.61',
    });
    expect(value.find((r) => r.dst === '169.254.169.254')?.dev).toBe('eth0');
    expect(value.find((r) => r.dst === '172.31.48.162')?.dev).toBe('enicfd09b318e8');
    const pods = value.filter((r) => r.dev?.startsWith('eni') === true);
    expect(pods).toHaveLength(34);
    expect(pods.every((r) => /^eni[0-9a-f]{11}$/.test(r.dev ?? ''))).toBe(true);
  });

  it('reads a 2026 main table with proto dhcp and metric 512', () => {
    const { value, warnings } = read('route-eks-node1-table-main.txt');
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      dst: 'default',
      via: '192.168.4.1',
      dev: 'ens5',
      proto: 'dhcp',
      src: '192.168.4.12',
      metric: 512,
    });
    expect(value.find((r) => r.dst === '192.168.4.248')?.dev).toBe('eni31b43252b24');
    expect(value.find((r) => r.dst === '192.168.5.1')?.dev).toBe('enifdec4b696ce');
  });

  it('reads a per-ENI table under the table name the caller gives', () => {
    const { value, warnings } = parseIpRoute(kit.read('ip/route-eks-node1-table-2-ens6.txt'), {
      table: '2',
    });
    expect(warnings).toEqual([]);
    expect(value).toEqual([
      expect.objectContaining({ dst: 'default', via: '192.168.4.1', dev: 'ens6', table: '2' }),
      expect.objectContaining({ dst: '192.168.4.1', dev: 'ens6', scope: 'link', table: '2' }),
    ]);
  });

  it('reads three nodes once the fan-out banners are split off', () => {
    const text = kit.read('ip/route-eks-3nodes-proto-dhcp-metric.txt');
    expect(parseIpRoute(text).warnings.map((w) => w.line)).toEqual([1, 8, 14]);
    const nodes = splitNodeBanners(text);
    expect([...nodes.keys()]).toEqual(['w2-node-1', 'w2-node-2', 'w2-node-3']);
    const pods = (node: string) =>
      parseIpRoute(nodes.get(node) ?? '')
        .value.filter((r) => r.dev?.startsWith('eni') === true)
        .map((r) => [r.dst, r.dev]);
    expect(pods('w2-node-1')).toEqual([['192.168.5.1', 'enifdec4b696ce']]);
    expect(pods('w2-node-2')).toEqual([]);
    expect(pods('w2-node-3')).toEqual([['192.168.8.196', 'enic285aa78f9a']]);
    const node1 = parseIpRoute(nodes.get('w2-node-1') ?? '');
    expect(node1.warnings).toEqual([]);
    expect(node1.value.find((r) => r.dst === '192.168.0.2')).toMatchObject({
      via: '192.168.4.1',
      proto: 'dhcp',
      metric: 512,
    });
  });

  it('reads 7 pod routes and the Pod Identity link', () => {
    const { value, warnings } = read('route-eks-node-main-podroutes.txt');
    expect(warnings).toEqual([]);
    expect(value.filter((r) => r.dev?.startsWith('eni') === true)).toHaveLength(7);
    expect(value.find((r) => r.dst === '172.31.16.74')?.dev).toBe('eni81b9597469c');
    expect(value.find((r) => r.dst === '169.254.170.23')?.dev).toBe('pod-id-link0');
  });

  it('reads Calico blackhole and bird routes and the linkdown flag', () => {
    const { value, warnings } = read('route-calico-node-blackhole-bird.txt');
    expect(warnings).toEqual([]);
    expect(value.find((r) => r.type === 'blackhole')).toMatchObject({
      dst: '10.48.0.0/26',
      proto: 'bird',
      table: 'main',
    });
    expect(value.find((r) => r.dst === '10.48.0.192/26')).toMatchObject({
      via: '10.0.1.31',
      dev: 'ens5',
      proto: 'bird',
    });
    expect(value.find((r) => r.dev === 'docker0')?.flags).toEqual(['linkdown']);
    expect(value.find((r) => r.dst === '10.48.0.7')?.dev).toBe('calicd9cc437aea');
  });

  it('reads Calico IPIP onlink routes', () => {
    const { value, warnings } = read('route-calico-kind-ipip-tunl0-bird-onlink.txt');
    expect(warnings).toEqual([]);
    expect(value.find((r) => r.dst === '10.244.82.0/26')).toMatchObject({
      via: '172.18.0.5',
      dev: 'tunl0',
      proto: 'bird',
      onlink: true,
      flags: ['onlink'],
    });
    expect(value.find((r) => r.type === 'blackhole')?.dst).toBe('10.244.110.128/26');
    expect(value.find((r) => r.dst === '10.244.110.129')).toMatchObject({
      dev: 'calie4f3c781c5e',
      scope: 'link',
    });
  });

  it('reads Calico VXLAN routes whose gateway is the remote block address', () => {
    const { value, warnings } = read('route-calico-kind-vxlan-calico-onlink.txt');
    expect(warnings).toEqual([]);
    expect(value.find((r) => r.dst === '10.244.110.128/26')).toMatchObject({
      via: '10.244.110.128',
      dev: 'vxlan.calico',
      onlink: true,
    });
  });

  it('reads ip -j route show table all', () => {
    const { value, warnings } = parseIpRouteJson(
      kit.read('ip/route-json-netplan-test-ip-j-route-table-all-v4.json'),
    );
    expect(warnings).toEqual([]);
    const defaults = value.filter((r) => r.dst === 'default');
    expect(defaults.map((r) => [r.via, r.dev, r.metric])).toEqual([
      ['192.168.178.1', 'enp0s31f6', 100],
      ['192.168.178.1', 'wlan0', 600],
    ]);
    expect(value.find((r) => r.table === '1234')).toMatchObject({
      dst: '192.168.178.1',
      dev: 'enp0s31f6',
      proto: 'dhcp',
    });
    expect(value.find((r) => r.type === 'broadcast')).toMatchObject({
      dst: '192.168.178.255',
      table: 'local',
      src: '192.168.178.62',
    });
    expect(value.find((r) => r.dst === '10.10.0.0/24')).toMatchObject({
      dev: 'wg0',
      proto: 'kernel',
      table: 'main',
      path: '[2]',
    });
  });
});

describe('ip route edge cases', () => {
  it('reads table all lines, local routes, IPv6 and multipath nexthops', () => {
    const text = [
      'local 10.0.0.5 dev eth0 table local proto kernel scope host src 10.0.0.5',
      'broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.5',
      'unreachable default dev lo table 99 proto kernel metric 4294967295 error -101 pref medium',
      'fe80::/64 dev eth0 proto kernel metric 256 pref medium',
      'default via inet6 fe80::1 dev eth0 proto ra metric 1024 mtu lock 1500 pref medium',
      'default proto static metric 1024',
      '\tnexthop via 10.0.0.1 dev eth0 weight 1',
      '\tnexthop via 10.0.0.2 dev eth1 weight 2 onlink',
    ].join('\n');
    const { value, warnings } = parseIpRoute(text);
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      type: 'local',
      dst: '10.0.0.5',
      table: 'local',
      scope: 'host',
    });
    expect(value[1]).toMatchObject({ type: 'broadcast', table: 'local' });
    expect(value[2]).toMatchObject({
      type: 'unreachable',
      dst: 'default',
      table: '99',
      metric: 4294967295,
    });
    expect(value[3]).toMatchObject({ dst: 'fe80::/64', pref: 'medium' });
    expect(value[4]).toMatchObject({ via: 'fe80::1', mtu: 1500 });
    expect(value[5]?.nexthops).toEqual([
      { via: '10.0.0.1', dev: 'eth0', weight: 1, flags: [] },
      { via: '10.0.0.2', dev: 'eth1', weight: 2, flags: ['onlink'] },
    ]);
    expect(value).toHaveLength(6);
  });

  it('keeps unknown tokens as warnings and extra, and rejects non-route lines', () => {
    const { value, warnings } = parseIpRoute(
      '10.0.0.0/8 dev eth0 wibble\nError: ipv4: FIB table does not exist.\n\tnexthop via 1.2.3.4\n',
    );
    expect(value).toHaveLength(1);
    expect(value[0]?.extra).toEqual(['wibble']);
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });

  it('caps warnings on a line of a million junk tokens', () => {
    const { value, warnings } = parseIpRoute(`10.0.0.0/8 ${'zz '.repeat(300_000)}`);
    expect(value[0]?.extra).toHaveLength(16);
    expect(warnings).toHaveLength(6);
  });
});
