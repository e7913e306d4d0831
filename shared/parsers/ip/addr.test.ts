import { describe, expect, it } from 'vitest';
import { describeWithFixtures, splitNodeBanners } from '../../../test/support/fixtures';
import { parseIpAddr, splitIfname } from './addr';
import { parseIpAddrBrief } from './addr-brief';
import { parseIpAddrJson } from './addr-json';
import type { IpLink } from './types';

const inet = (link: IpLink | undefined) =>
  link?.addresses.filter((a) => a.family === 'inet').map((a) => `${a.address}/${a.prefixlen}`);
const byName = (links: IpLink[], name: string) => links.find((l) => l.ifname === name);

describeWithFixtures('ip addr / ip link over the fixture kit', (kit) => {
  const read = (name: string) => parseIpAddr(kit.read(`ip/${name}`));

  it('reads a pod eth0 with its host-side peer index and odd broadcast', () => {
    const { value, warnings } = read('addr-vpccni-pod-eth0-at-if.txt');
    expect(warnings).toEqual([]);
    const eth0 = byName(value, 'eth0');
    expect(eth0).toMatchObject({
      ifindex: 3,
      peerIfindex: 231,
      mtu: 1500,
      state: 'UP',
      mac: '56:41:95:26:17:41',
      line: 7,
    });
    expect(eth0?.flags).toContain('M-DOWN');
    expect(eth0?.addresses[0]).toMatchObject({
      family: 'inet',
      address: '10.0.97.30',
      prefixlen: 32,
      broadcast: '10.0.97.226',
      scope: 'global',
      label: 'eth0',
      line: 9,
    });
    expect(byName(value, 'lo')?.addresses.map((a) => a.family)).toEqual(['inet', 'inet6']);
  });

  it('reads ip -br addr per node, metric tokens and the overflowing veth name', () => {
    const text = kit.read('ip/addr-br-eks-3nodes-ens5-ens6.txt');
    const nodes = splitNodeBanners(text);
    const node1 = parseIpAddrBrief(nodes.get('w2-node-1') ?? '');
    expect(node1.warnings).toEqual([]);
    expect(byName(node1.value, 'ens5')?.addresses[0]).toMatchObject({
      address: '192.168.4.12',
      prefixlen: 22,
      metric: 512,
    });
    expect(inet(byName(node1.value, 'ens6'))).toEqual(['192.168.7.41/22']);
    expect(byName(node1.value, 'enifdec4b696ce')).toMatchObject({ peerIfindex: 3, state: 'UP' });
    expect(byName(node1.value, 'enifdec4b696ce')?.addresses[0]?.family).toBe('inet6');
    expect(inet(byName(parseIpAddrBrief(nodes.get('w2-node-3') ?? '').value, 'ens6'))).toEqual([
      '192.168.9.176/22',
    ]);
    expect(parseIpAddrBrief(text).warnings.map((w) => w.line)).toEqual([1, 7, 11]);
  });

  it('reads altnames, metric before brd, proto kernel_ll and link-netns names', () => {
    const { value, warnings } = read('addr-eks-node1-ens5-ens6-altname.txt');
    expect(warnings).toEqual([]);
    const ens5 = byName(value, 'ens5');
    expect(ens5?.altnames).toEqual(['enp0s5']);
    expect(ens5?.addresses[0]).toMatchObject({
      address: '192.168.4.12',
      prefixlen: 22,
      metric: 512,
      broadcast: '192.168.7.255',
      label: 'ens5',
      flags: ['dynamic'],
    });
    expect(byName(value, 'enifdec4b696ce')).toMatchObject({
      peerIfindex: 3,
      linkNetns: 'cni-a24612c8-f50a-f583-2169-9bd0cba99aeb',
    });
    expect(byName(value, 'enifdec4b696ce')?.linkNetnsid).toBeUndefined();
    expect(inet(byName(value, 'ens6'))).toEqual(['192.168.7.41/22']);
  });

  it('reads trunk ENIs, branch VLAN devices and branch pod veths', () => {
    const { value, warnings } = read('addr-eks-trunk-branch-eni-vlan.txt');
    expect(warnings).toEqual([]);
    expect(inet(byName(value, 'eth0'))).toEqual(['172.31.0.225/20']);
    expect(inet(byName(value, 'eth1'))).toEqual(['172.31.10.238/20']);
    expect(inet(byName(value, 'eth2'))).toEqual(['172.31.12.57/20']);
    expect(byName(value, 'eni1e3dd7d66d7')?.peerIfindex).toBe(3);
    expect(byName(value, 'eni5f2d60c848c')?.peerIfindex).toBe(3);
    expect(byName(value, 'vlan.eth.1')).toMatchObject({ linkName: 'eth2', ifindex: 10 });
    expect(byName(value, 'vlan.eth.2')).toMatchObject({ linkName: 'eth2', ifindex: 8 });
    expect(byName(value, 'vlan015fbd5badf')?.linkNetns).toMatch(/^cni-/);
    expect(byName(value, 'vlan1c357e15edb')?.peerIfindex).toBe(3);
  });

  it('reads 3 ENIs, 7 pod veths, Pod Identity and a DOWN dummy', () => {
    const { value, warnings } = read('addr-eks-node-3eni-7pods.txt');
    expect(warnings).toEqual([]);
    expect(byName(value, 'eth0')?.addresses[0]).toMatchObject({
      address: '172.31.23.106',
      prefixlen: 20,
      flags: ['dynamic'],
    });
    expect(inet(byName(value, 'eth1'))).toEqual(['172.31.23.93/20']);
    expect(inet(byName(value, 'eth2'))).toEqual(['172.31.18.110/20']);
    expect(
      byName(value, 'pod-id-link0')
        ?.addresses.slice(0, 2)
        .map((a) => `${a.address}/${a.prefixlen}`),
    ).toEqual(['169.254.170.23/32', 'fd00:ec2::23/128']);
    expect(byName(value, 'dummy0')).toMatchObject({ state: 'DOWN', flags: ['BROADCAST', 'NOARP'] });
    expect(value.filter((l) => l.ifname.startsWith('eni') && l.peerIfindex === 3)).toHaveLength(7);
  });

  it('reads ip link: Calico veths, link-netnsid, NO-CARRIER and altname', () => {
    const { value, warnings } = read('link-calico-node-cali-veths.txt');
    expect(warnings).toEqual([]);
    const cali = value.filter((l) => l.ifname.startsWith('cali'));
    expect(cali).toHaveLength(5);
    expect(cali.every((l) => l.mac === 'ee:ee:ee:ee:ee:ee')).toBe(true);
    expect(byName(value, 'calicd9cc437aea')).toMatchObject({
      ifindex: 13,
      peerIfindex: 3,
      linkNetnsid: 4,
    });
    expect(byName(value, 'docker0')?.flags).toContain('NO-CARRIER');
    expect(byName(value, 'ens5')?.altnames).toEqual(['enp0s5']);
  });

  it('reads flannel: flannel.1, the cni0 bridge and veths mastered by it', () => {
    const { value, warnings } = read('addr-kubeadm-flannel-cni0-veth-master.txt');
    expect(warnings).toEqual([]);
    expect(byName(value, 'flannel.1')).toMatchObject({ mtu: 1450 });
    expect(inet(byName(value, 'flannel.1'))).toEqual(['10.244.0.0/32']);
    expect(inet(byName(value, 'cni0'))).toEqual(['10.244.0.1/24']);
    for (const veth of ['veth53312fac', 'veth97924bb7']) {
      expect(byName(value, veth)).toMatchObject({ master: 'cni0', peerIfindex: 2 });
      expect(byName(value, veth)?.linkNetns).toMatch(/^cni-/);
    }
    expect(inet(byName(value, 'enp0s9'))).toEqual(['192.168.10.100/24']);
  });

  it('reads ip -j addr: 7 links, families, a link with no addresses and a sit tunnel', () => {
    const { value, warnings } = parseIpAddrJson(
      kit.read('ip/addr-json-netplan-test-ip-j-addr.json'),
    );
    expect(warnings).toEqual([]);
    expect(value.map((l) => l.ifname)).toEqual([
      'lo',
      'enp0s31f6',
      'wlan0',
      'wg0',
      'wwan0',
      'tun0',
      'tun1',
    ]);
    expect(inet(byName(value, 'enp0s31f6'))).toEqual(['192.168.178.62/24']);
    expect(
      byName(value, 'enp0s31f6')?.addresses.some(
        (a) => a.family === 'inet6' && a.scope === 'global',
      ),
    ).toBe(true);
    expect(inet(byName(value, 'wlan0'))).toEqual(['192.168.178.142/24']);
    expect(byName(value, 'wg0')).toMatchObject({ linkType: 'none', ifindex: 41, mtu: 1420 });
    expect(inet(byName(value, 'wg0'))).toEqual(['10.10.0.2/24']);
    expect(byName(value, 'wwan0')?.addresses).toEqual([]);
    expect(byName(value, 'tun0')).toMatchObject({ linkType: 'sit' });
    expect(byName(value, 'tun0')?.addresses).toEqual([
      expect.objectContaining({ family: 'inet6', address: '2001:dead:beef::2', prefixlen: 64 }),
    ]);
    expect(byName(value, 'tun1')?.addresses).toEqual([]);
  });
});

describe('ip addr edge cases', () => {
  it('splits printed names', () => {
    expect(splitIfname('eth0@if231')).toEqual({ ifname: 'eth0', peerIfindex: 231 });
    expect(splitIfname('vlan.eth.2@eth2')).toEqual({ ifname: 'vlan.eth.2', linkName: 'eth2' });
    expect(splitIfname('tunl0@NONE')).toEqual({ ifname: 'tunl0' });
    expect(splitIfname('@x')).toEqual({ ifname: '@x' });
  });

  it('reads peers, secondaries and labels, and reports detail lines', () => {
    const text = [
      '5: tun0: <POINTOPOINT,NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    link/ipip 10.0.0.1 peer 10.0.0.2',
      '    inet 172.16.0.1 peer 172.16.0.2/30 scope global tun0',
      '    inet 172.16.9.1/24 scope global secondary tun0:1',
      '    ipip remote 10.0.0.2 local 10.0.0.1 ttl inherit',
    ].join('\n');
    const { value, warnings } = parseIpAddr(text);
    expect(value[0]?.addresses[0]).toMatchObject({
      address: '172.16.0.1',
      peer: '172.16.0.2/30',
      prefixlen: 30,
      label: 'tun0',
    });
    expect(value[0]?.addresses[1]).toMatchObject({ secondary: true, label: 'tun0:1' });
    expect(value[0]?.mac).toBe('10.0.0.1');
    expect(warnings).toEqual([
      {
        line: 5,
        message: 'detail line not read',
        raw: '    ipip remote 10.0.0.2 local 10.0.0.1 ttl inherit',
      },
    ]);
  });

  it('warns on orphan and garbled lines', () => {
    const { value, warnings } = parseIpAddr(
      '    inet 1.2.3.4/8\n2: eth0: <UP> mtu 1500 state UP\n    inet bogus\n',
    );
    expect(value).toHaveLength(1);
    expect(warnings.map((w) => w.line)).toEqual([1, 3]);
  });

  it('reads ip -br link', () => {
    const { value, warnings } = parseIpAddrBrief(
      'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\neth0@if5         UP             56:41:95:26:17:41 <BROADCAST,MULTICAST,UP,LOWER_UP>\n',
    );
    expect(warnings).toEqual([]);
    expect(value[1]).toMatchObject({
      ifname: 'eth0',
      peerIfindex: 5,
      mac: '56:41:95:26:17:41',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    });
  });

  it('reads ip -j link veth peers and VLAN parents', () => {
    const json = JSON.stringify([
      {
        ifindex: 13,
        link_index: 3,
        ifname: 'calicd9cc437aea',
        flags: ['UP'],
        mtu: 9001,
        operstate: 'UP',
        link_type: 'ether',
        address: 'ee:ee:ee:ee:ee:ee',
        link_netnsid: 4,
      },
      {
        ifindex: 8,
        link: 'eth2',
        ifname: 'vlan.eth.2',
        flags: ['UP'],
        operstate: 'UP',
        altnames: ['x'],
      },
    ]);
    const { value, warnings } = parseIpAddrJson(json);
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      peerIfindex: 3,
      linkNetnsid: 4,
      mac: 'ee:ee:ee:ee:ee:ee',
      path: '[0]',
      line: 0,
    });
    expect(value[1]).toMatchObject({ linkName: 'eth2', altnames: ['x'] });
  });
});
