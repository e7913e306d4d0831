import { describe, expect, it } from 'vitest';
import { buildCluster } from './build';
import { freeIpCount, podsWithIp } from './ipam';
import { inCidr } from './ipv4';
import { templateHash, Rng } from './random';
import type { Cluster, Instance } from './types';
import { nodeInstances, scaleDeployment, vethName } from './workloads';

const NOW = 1_750_000_000_000;

function nodes(cluster: Cluster): Instance[] {
  return nodeInstances(cluster);
}

function nginxCount(cluster: Cluster): number {
  return cluster.pods.filter((p) => p.labels.app === 'nginx').length;
}

describe('buildCluster', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = buildCluster({ seed: 7, now: NOW });
    expect(JSON.stringify(buildCluster({ seed: 7, now: NOW }))).toBe(JSON.stringify(a));
    expect(buildCluster({ seed: 8, now: NOW }).instances[1]?.instanceId).not.toBe(
      a.instances[1]?.instanceId,
    );
  });

  it('lays out the myeks lab: 3 public subnets in 3 AZs, 3 t3.medium nodes, an operator across a peering', () => {
    const c = buildCluster({ now: NOW });
    expect(c.vpcs.map((v) => v.cidr)).toEqual(['192.168.0.0/16', '172.20.0.0/16']);
    expect(c.subnets.map((s) => [s.cidr, s.availabilityZone])).toEqual([
      ['192.168.1.0/24', 'ap-northeast-2a'],
      ['192.168.2.0/24', 'ap-northeast-2b'],
      ['192.168.3.0/24', 'ap-northeast-2c'],
      ['172.20.1.0/24', 'ap-northeast-2a'],
    ]);
    expect(c.peering.id).toMatch(/^pcx-0[0-9a-f]{16}$/);
    const operator = c.instances.find((i) => i.role === 'operator');
    expect(operator?.privateIp).toBe('172.20.1.100');
    expect(nodes(c).map((n) => n.instanceType)).toEqual(['t3.medium', 't3.medium', 't3.medium']);
    nodes(c).forEach((n, i) => expect(inCidr(n.privateIp, c.subnets[i]?.cidr ?? '')).toBe(true));
    expect(nodes(c).every((n) => n.limits.maxPods === 17)).toBe(true);
  });

  it('draws realistic ids, MACs and names', () => {
    const c = buildCluster({ seed: 3, now: NOW });
    for (const inst of c.instances) {
      expect(inst.instanceId).toMatch(/^i-0[0-9a-f]{16}$/);
      for (const eni of inst.enis) {
        expect(eni.id).toMatch(/^eni-0[0-9a-f]{16}$/);
        expect(eni.mac).toMatch(/^02(:[0-9a-f]{2}){5}$/);
      }
    }
    const nginx = c.pods.filter((p) => p.labels.app === 'nginx');
    expect(nginx).toHaveLength(3);
    for (const pod of nginx)
      expect(pod.name).toMatch(/^nginx-[4-9bcdf]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(c.pods.filter((p) => p.name.startsWith('coredns-'))).toHaveLength(2);
    expect(c.pods.filter((p) => p.hostNetwork)).toHaveLength(6);
  });

  it('keeps one spare ENI worth of IPs on every node (WARM_ENI_TARGET=1)', () => {
    const c = buildCluster({ now: NOW });
    for (const inst of nodes(c)) {
      expect(inst.enis[0]?.ifname).toBe('ens5');
      expect(inst.enis.every((e) => e.secondaryIps.length === 5)).toBe(true);
      expect(freeIpCount(c, inst) >= 5 || inst.enis.length === 3).toBe(true);
    }
  });
});

describe('templateHash', () => {
  it('only uses the characters SafeEncodeString maps decimal digits to', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) expect(templateHash(rng)).toMatch(/^[4-9bcdf]{9,10}$/);
  });
});

describe('vethName', () => {
  it('is eni + the first 11 hex digits of sha1(namespace.name), as the VPC CNI derives it', () => {
    // python3 -c "import hashlib; print(hashlib.sha1(b'default.nginx-5869d7778c-abcde').hexdigest()[:11])"
    expect(vethName('default', 'nginx-5869d7778c-abcde')).toBe('eni8e9ca929bbb');
    expect(vethName('default', 'nginx')).not.toBe(vethName('kube-system', 'nginx'));
  });
});

describe('scaleDeployment', () => {
  const base = buildCluster({ now: NOW });

  it('leaves its input untouched and is reproducible', () => {
    const before = JSON.stringify(base);
    const a = scaleDeployment(base, 'default', 'nginx', 30, NOW);
    expect(JSON.stringify(base)).toBe(before);
    expect(JSON.stringify(scaleDeployment(base, 'default', 'nginx', 30, NOW).cluster)).toBe(
      JSON.stringify(a.cluster),
    );
  });

  it('scales nginx to 30: attaches ENIs (ens6, ens7), never beyond 3 ENIs or 17 pods a node', () => {
    const { cluster, created, pending } = scaleDeployment(base, 'default', 'nginx', 30, NOW);
    expect(created).toHaveLength(27);
    expect(pending).toEqual([]);
    expect(nginxCount(cluster)).toBe(30);
    expect(nodes(cluster).some((n) => n.enis.some((e) => e.ifname === 'ens7'))).toBe(true);
    for (const inst of nodes(cluster)) {
      expect(inst.enis.length).toBeLessThanOrEqual(3);
      expect(inst.enis.map((e) => e.ifname)).toEqual(
        ['ens5', 'ens6', 'ens7'].slice(0, inst.enis.length),
      );
      expect(cluster.pods.filter((p) => p.hostId === inst.hostId).length).toBeLessThanOrEqual(17);
      for (const pod of podsWithIp(cluster, inst)) {
        const eni = inst.enis.find((e) => e.id === pod.network?.eniId);
        expect(eni?.secondaryIps).toContain(pod.network?.ip);
        expect(inCidr(pod.network?.ip ?? '', '192.168.0.0/16')).toBe(true);
      }
    }
    const ips = cluster.pods.flatMap((p) => (p.network ? [p.network.ip] : []));
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('leaves pods Pending once every node holds 17 pods', () => {
    const { cluster, pending } = scaleDeployment(base, 'default', 'nginx', 50, NOW);
    // 3 nodes × 15 pod IPs = 45, two of them CoreDNS: 43 nginx pods fit.
    expect(pending).toHaveLength(7);
    for (const inst of nodes(cluster)) {
      expect(cluster.pods.filter((p) => p.hostId === inst.hostId)).toHaveLength(17);
      expect(inst.enis).toHaveLength(3);
      expect(freeIpCount(cluster, inst)).toBe(0);
    }
    expect(cluster.pods.filter((p) => p.hostId === undefined && !p.network)).toHaveLength(7);
  });

  it('hands idle ENIs back on scale-down but keeps the pool warm', () => {
    const up = scaleDeployment(base, 'default', 'nginx', 40, NOW).cluster;
    const down = scaleDeployment(up, 'default', 'nginx', 1, NOW + 60_000).cluster;
    expect(nginxCount(down)).toBe(1);
    const total = (c: Cluster) => nodes(c).reduce((n, i) => n + i.enis.length, 0);
    expect(total(down)).toBeLessThan(total(up));
    for (const inst of nodes(down)) expect(freeIpCount(down, inst)).toBeGreaterThanOrEqual(5);
  });

  it('rejects a negative replica count and an unknown deployment', () => {
    expect(() => scaleDeployment(base, 'default', 'nginx', -1, NOW)).toThrow(RangeError);
    expect(() => scaleDeployment(base, 'default', 'nope', 2, NOW)).toThrow(/not found/);
  });
});
