import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { isDnat, isSnat, isUntranslatedServiceEntry, natSummary } from './nat';
import { parseConntrack } from './parse-conntrack';

/** Every conntrack capture in the kit has facts checked below (SOURCES.md, conntrack rows). */
const CHECKED = [
  'aks-engine-1912-clusterip-mongo-mangled-paste.txt',
  'eks-vpccni-icmp-snat-mark128.txt',
  'gke-tutorial-conntrack-L-mixed.txt',
  'k8s-issue101607-stale-nodeport-syn-sent-udp.txt',
  'k8s-issue48370-udp-clusterip-unreplied-before-after.txt',
  'k8s-issue91216-dns-tcp-timewait-excerpt.txt',
  'kubeadm-flannel-conntrack-L-v148.txt',
];

describeWithFixtures('conntrack over the fixture kit', (kit) => {
  const read = (name: string) => parseConntrack(kit.read(`conntrack/${name}`));

  it('has facts for every conntrack capture in the kit', () => {
    expect(kit.list('conntrack')).toEqual(CHECKED);
  });

  it('GKE tutorial: drops banners (own line, glued, bare summary) and reads ICMP, NodePort, ClusterIP', () => {
    const { value, warnings } = read('gke-tutorial-conntrack-L-mixed.txt');
    expect(warnings).toEqual([]);
    expect(value.map((e) => e.line)).toEqual([1, 4, 6, 8, 9]);
    expect(value[0]).toMatchObject({
      l3: 'ipv4',
      protocol: 'icmp',
      protonum: 1,
      timeout: 29,
      original: { src: '192.168.255.2', dst: '8.8.8.8', type: 8, code: 0, id: 24606 },
      reply: { src: '8.8.8.8', dst: '192.168.255.2', type: 0, code: 0, id: 24606 },
      flags: ['UNREPLIED'],
      mark: 0,
      use: 2,
    });
    expect(value[0]?.state).toBeUndefined();
    // ICMP SNAT: the reply goes to the node 10.142.0.2, not the original 192.168.255.2.
    const snat = value[1];
    expect(snat).toMatchObject({
      original: { src: '192.168.255.2' },
      reply: { dst: '10.142.0.2' },
    });
    expect(snat && natSummary(snat)).toEqual({
      client: '192.168.255.2',
      service: '8.8.8.8',
      backend: '8.8.8.8',
      isDnat: false,
      snat: '10.142.0.2',
    });
    // The banner glued onto the entry is cut off; the entry itself is kept whole.
    expect(value[2]).toMatchObject({
      protocol: 'tcp',
      timeout: 86394,
      state: 'ESTABLISHED',
      original: { src: '10.142.0.6', dst: '10.40.0.6', sport: 41244, dport: 8080 },
      flags: ['ASSURED'],
    });
    expect(value[2]?.raw.startsWith('conntrack v1.4.2 (conntrack-tools): tcp')).toBe(true);
    // NodePort: both DNAT (to the pod) and SNAT (to the node's cbr0 address).
    const nodePort = value[3];
    expect(nodePort?.state).toBe('TIME_WAIT');
    expect(nodePort && natSummary(nodePort)).toEqual({
      client: '10.142.0.6:46078',
      service: '10.142.0.8:31830',
      backend: '10.40.0.6:8080',
      isDnat: true,
      snat: '10.40.0.1:46078',
    });
    const clusterIp = value[4];
    expect(clusterIp && natSummary(clusterIp)).toMatchObject({
      service: '10.43.246.223:80',
      backend: '10.40.0.6:8080',
      isDnat: true,
    });
  });

  it('kubeadm + flannel, conntrack 1.4.8: no use= field, UDP without state, API server DNAT', () => {
    const { value, warnings } = read('kubeadm-flannel-conntrack-L-v148.txt');
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(8);
    expect(value.every((e) => e.use === undefined && e.mark === 0)).toBe(true);
    expect(value.map((e) => [e.timeout, e.state])).toEqual([
      [65, 'TIME_WAIT'],
      [15, 'TIME_WAIT'],
      [86399, 'ESTABLISHED'],
      [86383, 'ESTABLISHED'],
      [86399, 'ESTABLISHED'],
      [27, undefined],
      [26, undefined],
      [86400, 'ESTABLISHED'],
    ]);
    expect(value.filter((e) => e.protocol === 'udp').map((e) => e.flags)).toEqual([[], []]);
    expect(value[0]?.flags).toEqual(['ASSURED']);
    const api = value[3];
    expect(api && natSummary(api)).toEqual({
      client: '10.244.0.3:48242',
      service: '10.96.0.1:443',
      backend: '192.168.10.100:6443',
      isDnat: true,
    });
    expect(value.filter(isDnat).map((e) => e.line)).toEqual([4]);
  });

  it('EKS VPC CNI: ICMP SNAT to the node with connmark 128 (0x80)', () => {
    const { value, warnings } = read('eks-vpccni-icmp-snat-mark128.txt');
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(1);
    const [e] = value;
    expect(e).toMatchObject({
      protocol: 'icmp',
      timeout: 28,
      original: { src: '172.30.66.58', dst: '8.8.8.8', type: 8, code: 0, id: 34392 },
      reply: { src: '8.8.8.8', dst: '172.30.85.242', type: 0, code: 0, id: 50705 },
      flags: [],
      mark: 128,
      use: 1,
    });
    expect(e && [isDnat(e), isSnat(e), natSummary(e).snat]).toEqual([false, true, '172.30.85.242']);
  });

  it('kubernetes#48370: the same UDP flow DNATed, then stale with no DNAT (blackhole)', () => {
    const { value, warnings } = read('k8s-issue48370-udp-clusterip-unreplied-before-after.txt');
    expect(warnings).toEqual([]);
    const [before, after] = value;
    expect(before).toMatchObject({
      protocol: 'udp',
      flags: ['UNREPLIED'],
      reply: { src: '10.12.0.11' },
    });
    expect(after).toMatchObject({
      protocol: 'udp',
      flags: ['UNREPLIED'],
      reply: { src: '10.15.240.10' },
    });
    expect(before && isDnat(before)).toBe(true);
    expect(after && isDnat(after)).toBe(false);
    const vips = new Set(['10.15.240.10']);
    expect(value.map((e) => isUntranslatedServiceEntry(e, vips))).toEqual([false, true]);
  });

  it('kubernetes#101607: stale NodePort SYN_SENT with DNAT+SNAT, UDP with no translation', () => {
    const { value, warnings } = read('k8s-issue101607-stale-nodeport-syn-sent-udp.txt');
    expect(warnings).toEqual([]);
    const [syn, udp] = value;
    expect(syn).toMatchObject({ state: 'SYN_SENT', flags: ['UNREPLIED'] });
    expect(syn && natSummary(syn)).toEqual({
      client: '172.18.0.1:60000',
      service: '10.10.10.10:80',
      backend: '10.244.2.3:80',
      isDnat: true,
      snat: '172.18.0.2:45815',
    });
    expect(udp).toMatchObject({ protocol: 'udp', flags: ['UNREPLIED'] });
    expect(udp?.state).toBeUndefined();
    expect(udp && isDnat(udp)).toBe(false);
  });

  it('kubernetes#91216: DNS over TCP to 10.0.0.10:53 DNATed to two kube-dns pods, one loopback', () => {
    const { value, warnings } = read('k8s-issue91216-dns-tcp-timewait-excerpt.txt');
    expect(warnings).toEqual([]);
    expect(value.every((e) => e.state === 'TIME_WAIT')).toBe(true);
    expect(value.map((e) => natSummary(e).backend)).toEqual([
      '10.64.1.6:53',
      '10.64.1.6:53',
      '127.0.0.1:38583',
      '10.64.2.4:53',
      '10.64.1.6:53',
    ]);
    expect(value.map(isDnat)).toEqual([true, true, false, true, true]);
    expect(value.filter(isDnat).every((e) => natSummary(e).service === '10.0.0.10:53')).toBe(true);
  });

  it('aks-engine#1912: flags the damaged line and banner, keeps the rest', () => {
    const { value, warnings } = read('aks-engine-1912-clusterip-mongo-mangled-paste.txt');
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [1, 'damaged protocol name "cp": protocol 6 is tcp'],
      [5, 'damaged conntrack-tools banner; ignored'],
    ]);
    expect(value.map((e) => e.line)).toEqual([1, 2, 3, 6, 7]);
    expect(value[0]).toMatchObject({ protocol: 'tcp', protonum: 6, timeout: 86205 });
    const mongo = value.filter((e) => e.original.dst === '10.0.223.224');
    expect(mongo).toHaveLength(4);
    expect(mongo.map((e) => natSummary(e).backend)).toEqual(Array(4).fill('10.244.1.7:27017'));
    expect(mongo.every((e) => natSummary(e).service === '10.0.223.224:27017')).toBe(true);
  });
});
