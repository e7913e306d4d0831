import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { goldenSuite } from '../../../test/support/golden';
import { parseTcpdump } from './parse';

describeWithFixtures('tcpdump over the fixture kit', (kit) => {
  const read = (file: string) => parseTcpdump(kit.read(`tcpdump/${file}`));

  it('covers every tcpdump fixture in the kit with no warnings', () => {
    const files = kit.list('tcpdump');
    expect(files).toHaveLength(9);
    for (const file of files) {
      const { value, warnings } = read(file);
      expect({ file, warnings }).toEqual({ file, warnings: [] });
      expect(value.length, file).toBeGreaterThan(0);
      expect(value.every((p) => p.protocol !== 'other' || p.encapsulation !== undefined)).toBe(
        true,
      );
    }
  });

  it('EKS SNAT: interface and direction columns, pod 192.168.4.248 id 2 becomes 192.168.4.12 id 47885', () => {
    const { value } = read('sll2-any-eks-pod-snat-icmp.txt');
    expect(value.map((p) => `${p.interface} ${p.direction}`)).toEqual([
      'eni31b43252b24 In',
      'ens5 Out',
      'ens5 In',
      'eni31b43252b24 Out',
    ]);
    expect(value[0]).toMatchObject({
      time: '03:31:36.492634',
      timeFormat: 'default',
      family: 'ip',
      src: '192.168.4.248',
      dst: '142.251.154.119',
      protocol: 'icmp',
      icmp: { type: 'echo request', id: 2, seq: 1, length: 64 },
    });
    expect(value[1]).toMatchObject({ src: '192.168.4.12', icmp: { id: 47885, seq: 1 } });
    expect(value[2]).toMatchObject({
      dst: '192.168.4.12',
      icmp: { type: 'echo reply', id: 47885 },
    });
    expect(value[3]).toMatchObject({ dst: '192.168.4.248', icmp: { type: 'echo reply', id: 2 } });
  });

  it('EKS pod to pod: each packet seen twice (ens5 In, eni Out) with no NAT, 8 lines for 4 packets', () => {
    const { value } = read('sll2-any-eks-pod-to-pod-cross-node.txt');
    expect(value).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      const [a, b] = [value[i], value[i + 1]];
      expect([a?.src, a?.dst, a?.icmp?.seq, a?.icmp?.type]).toEqual([
        b?.src,
        b?.dst,
        b?.icmp?.seq,
        b?.icmp?.type,
      ]);
    }
    expect(value[0]).toMatchObject({ interface: 'ens5', direction: 'In', src: '192.168.2.151' });
    expect(value[1]).toMatchObject({ interface: 'eni31b43252b24', direction: 'Out' });
    expect(value.map((p) => p.icmp?.id)).toEqual(Array(8).fill(3));
  });

  it('Calico pod netns: banners skipped, proxy-ARP gateway 169.254.1.1 is-at ee:ee:…, ICMP id 236 seq 0-6', () => {
    const { value } = read('sll2-any-calico-pod-netns-icmp-arp-proxyarp.txt');
    expect(value[0]?.line).toBe(4);
    const arp = value.filter((p) => p.family === 'arp');
    expect(arp.map((p) => p.arp)).toEqual([
      { op: 'who-has', target: '169.254.1.1', tell: '10.244.110.129' },
      { op: 'is-at', target: '169.254.1.1', mac: 'ee:ee:ee:ee:ee:ee' },
      { op: 'who-has', target: '10.244.110.129', tell: '172.18.0.2' },
      { op: 'is-at', target: '10.244.110.129', mac: '0a:d9:c9:76:e7:d4' },
    ]);
    expect(arp.map((p) => `${p.interface} ${p.direction} ${p.length}`)).toEqual([
      'eth0 Out 28',
      'eth0 In 28',
      'eth0 In 28',
      'eth0 Out 28',
    ]);
    const icmp = value.filter((p) => p.protocol === 'icmp');
    expect(icmp).toHaveLength(14);
    expect(icmp.every((p) => p.icmp?.id === 236)).toBe(true);
    expect([...new Set(icmp.map((p) => p.icmp?.seq))]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const hosts = new Set(icmp.flatMap((p) => [p.src, p.dst]));
    expect([...hosts].sort()).toEqual(['10.244.110.129', '10.244.195.194']);
  });

  it('GKE NodePort session: flag sequence, relative seq 1:81, options and length 80', () => {
    const { value } = read('gke-eth0-nodeport-31830-tcp-session.txt');
    expect(value.map((p) => p.tcp?.flags)).toEqual([
      'S',
      'S.',
      '.',
      'P.',
      '.',
      'P.',
      '.',
      'F.',
      'F.',
      '.',
    ]);
    expect(value.every((p) => p.interface === undefined && p.direction === undefined)).toBe(true);
    expect(value[0]).toMatchObject({
      src: '10.142.0.6',
      sport: 48648,
      dst: '10.142.0.8',
      dport: 31830,
      tcp: { seq: 1615789609, win: 28400 },
    });
    expect(value[0]?.tcp?.options).toBe('mss 1420,sackOK,TS val 439777833 ecr 0,nop,wscale 7');
    expect(value[3]?.tcp).toMatchObject({ seq: 1, seqEnd: 81, ack: 1, length: 80 });
    expect(value[3]?.length).toBe(80);
  });

  it('GKE ClusterIP after DNAT: requests to 10.40.0.6.8080, replies to 10.142.0.2, HTTP hints, absolute first ack', () => {
    const { value } = read('gke-cbr0-clusterip-dnat-http.txt');
    const requests = value.filter((p) => p.dport === 8080);
    const replies = value.filter((p) => p.sport === 8080);
    expect(requests.every((p) => p.src === '10.40.0.1' && p.sport === 48170)).toBe(true);
    expect(requests.every((p) => p.dst === '10.40.0.6')).toBe(true);
    expect(replies.every((p) => p.dst === '10.142.0.2' && p.dport === 48170)).toBe(true);
    expect(value[2]?.tcp).toMatchObject({ flags: '.', ack: 1020350182 });
    expect(value[3]).toMatchObject({ length: 77, payload: 'HTTP: GET / HTTP/1.1' });
    expect(value[3]?.tcp).toMatchObject({ seq: 0, seqEnd: 77 });
    expect(value[5]).toMatchObject({ length: 186, payload: 'HTTP: HTTP/1.1 200 OK' });
  });

  it('VXLAN -e: harness numbers and dates, outer VNI 100 to port 4789, inner frame on its own line', () => {
    const { value } = read('tcpdumptests-vxlan-e.txt');
    expect(value).toHaveLength(10);
    expect(value.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(value[0]).toMatchObject({
      time: '2013-05-18 20:21:44.837063',
      timeFormat: 'tttt',
      ethernet: { src: '36:dc:85:1e:b3:40', dst: '00:16:3e:08:71:cf', length: 148 },
      src: '192.168.203.1',
      sport: 45149,
      dst: '192.168.202.1',
      dport: 4789,
      protocol: 'vxlan',
      encapsulation: { kind: 'vxlan', vni: 100 },
    });
    expect(value[0]?.raw.split('\n')).toHaveLength(2);
    const inner = value.map((p) => p.encapsulation?.inner);
    expect(inner[0]).toMatchObject({
      line: 2,
      ethernet: { src: '00:16:3e:37:f6:04', dst: '00:30:88:01:00:02' },
      src: '192.168.203.3',
      dst: '192.168.203.5',
      icmp: { type: 'echo request', id: 1292, seq: 1 },
    });
    expect(inner[1]?.arp).toEqual({
      op: 'who-has',
      target: '192.168.203.3',
      tell: '192.168.203.5',
    });
    expect(inner[1]?.ethernet?.dst).toBe('ff:ff:ff:ff:ff:ff');
    expect(inner[2]?.arp).toEqual({
      op: 'is-at',
      target: '192.168.203.3',
      mac: '00:16:3e:37:f6:04',
    });
    expect(inner[3]?.icmp).toMatchObject({ type: 'echo reply', id: 1292, seq: 1 });
    expect(value.every((p) => p.encapsulation?.inner !== undefined)).toBe(true);
  });

  it('mptcp: ARP pair, then [S] [S.] [.] [P.] … [R.] with long mptcp options intact', () => {
    const { value } = read('tcpdumptests-mptcp-fclose-arp-tcp-rst.txt');
    expect(value[0]).toMatchObject({
      arp: { op: 'who-has', target: '10.2.1.2', tell: '10.2.1.1' },
      length: 28,
    });
    expect(value[1]?.arp).toEqual({ op: 'is-at', target: '10.2.1.2', mac: 'd6:06:3c:4a:35:7a' });
    const tcp = value.filter((p) => p.protocol === 'tcp');
    expect(tcp.slice(0, 4).map((p) => p.tcp?.flags)).toEqual(['S', 'S.', '.', 'P.']);
    expect(tcp.at(-1)?.tcp).toMatchObject({ flags: 'R.', seq: 2, ack: 2, win: 224, length: 0 });
    expect(tcp[0]).toMatchObject({ src: '10.1.1.2', sport: 37479, dst: '10.2.1.2', dport: 2002 });
    expect(tcp[0]?.tcp?.options).toMatch(
      /mptcp 12 capable v0 flags \[AH\] csum \{0x9b59be3d695e66a7\}$/,
    );
    expect(tcp[3]?.tcp).toMatchObject({ seq: 1, seqEnd: 2, length: 1 });
  });

  it('EDNS: DNS query and answer ids, A? example.com., [1au], RRSIG, 192.0.0.1.46225 <-> 192.0.0.2.53', () => {
    const { value } = read('tcpdumptests-edns-dns-queries.txt');
    expect(value).toHaveLength(42);
    expect(value[0]).toMatchObject({
      src: '192.0.0.1',
      sport: 46225,
      dst: '192.0.0.2',
      dport: 53,
      protocol: 'udp',
      udp: { length: 29 },
      dns: { id: 13784, kind: 'query', flags: '+', qtype: 'A?', name: 'example.com.' },
    });
    expect(value[1]?.dns).toEqual({
      id: 13784,
      kind: 'answer',
      flags: '*-',
      counts: [1, 0, 0],
      answers: ['A 93.184.216.34'],
    });
    expect(value[2]?.dns).toMatchObject({ id: 47424, qtype: 'A?', name: 'example.com.' });
    expect(value[3]?.dns?.answers).toEqual(['A 93.184.216.34', 'RRSIG']);
    expect(value.filter((p) => p.dns?.kind === 'query')).toHaveLength(21);
    const ids = value.map((p) => p.dns?.id);
    for (let i = 0; i < 42; i += 2) expect(ids[i]).toBe(ids[i + 1]);
  });

  it('MPLS traceroute: label prefix, time exceeded from 10.5.0.1 and 10.4.0.2, udp port unreachable', () => {
    const { value } = read('tcpdumptests-mpls-traceroute-icmp-unreach.txt');
    const probes = value.filter((p) => p.protocol === 'udp');
    expect(probes).toHaveLength(9);
    expect(probes[0]).toMatchObject({
      encapsulation: { kind: 'mpls', labels: [100704] },
      src: '12.4.4.4',
      sport: 42315,
      dport: 33435,
      udp: { length: 12 },
    });
    const exceeded = value.filter((p) => p.icmp?.type === 'time exceeded');
    expect([...new Set(exceeded.map((p) => p.src))]).toEqual(['10.5.0.1', '10.4.0.2']);
    expect(exceeded.every((p) => p.icmp?.length === 148)).toBe(true);
    const unreach = value.filter((p) => p.icmp?.type === 'unreachable');
    expect(unreach).toHaveLength(3);
    expect(unreach[0]?.icmp).toMatchObject({
      text: '12.1.1.1 udp port 33441 unreachable',
      length: 36,
    });
    expect(unreach[0]?.src).toBe('12.1.1.1');
  });
});

goldenSuite(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures'), {
  'edge-tcpdump-': parseTcpdump,
});
