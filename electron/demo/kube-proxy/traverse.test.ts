import { describe, expect, it } from 'vitest';
import { buildRuleset } from './build-ruleset';
import { endpointChainName, serviceChainName } from './chain-names';
import { CounterStore } from './counters';
import { EXAMPLE_NODE_INPUT } from './example-node';
import { traverse, type RecentTable, type SimPacket } from './traverse';

const ruleset = buildRuleset(EXAMPLE_NODE_INPUT);
const NODE_IP = EXAMPLE_NODE_INPUT.node.primaryIP;
const POD = '192.168.1.50';
const DNS_SVC = serviceChainName('kube-system/kube-dns:dns', 'udp');
const opts = { localAddresses: [NODE_IP] };
const dnsQuery = (sport: number): SimPacket => ({
  src: POD,
  dst: '10.100.0.10',
  protocol: 'udp',
  sport,
  dport: 53,
  length: 69,
  inInterface: 'eni0a1b2c3d4e5',
});

describe('traverse', () => {
  it('follows a pod’s DNS query to a CoreDNS pod and counts every rule it matched', () => {
    const counters = new CounterStore();
    const r = traverse(ruleset, counters, 'nat', 'PREROUTING', dnsQuery(40000), opts);
    expect(r.verdict).toBe('ACCEPT');
    expect(['192.168.1.116', '192.168.3.23']).toContain(r.packet.dst);
    expect(r.packet.dport).toBe(53);
    const sep = endpointChainName('kube-system/kube-dns:dns', 'udp', `${r.packet.dst}:53`);
    expect(r.trace.map((s) => s.chain)).toEqual(['PREROUTING', 'KUBE-SERVICES', DNS_SVC, sep]);
    expect(r.trace.at(-1)?.target).toBe('DNAT');
    expect(counters.get('nat', 'PREROUTING', 0)).toEqual({ packets: 1, bytes: 69 });
    // The DNAT verdict ends the walk: the AWS connmark rules after it never see the packet.
    expect(counters.get('nat', 'PREROUTING', 1)).toEqual({ packets: 0, bytes: 0 });
  });

  it('is deterministic per flow and spreads flows about evenly over the endpoints', () => {
    const first = traverse(ruleset, new CounterStore(), 'nat', 'PREROUTING', dnsQuery(40000), opts);
    const again = traverse(ruleset, new CounterStore(), 'nat', 'PREROUTING', dnsQuery(40000), opts);
    expect(again.packet.dst).toBe(first.packet.dst);
    const hits = new Map<string, number>();
    for (let sport = 30000; sport < 32000; sport += 1) {
      const r = traverse(ruleset, new CounterStore(), 'nat', 'PREROUTING', dnsQuery(sport), opts);
      hits.set(r.packet.dst, (hits.get(r.packet.dst) ?? 0) + 1);
    }
    for (const n of hits.values()) expect(n / 2000).toBeGreaterThan(0.45);
  });

  it('keeps ClientIP affinity through -m recent', () => {
    const recent: RecentTable = new Map();
    const packet = (sport: number): SimPacket => ({
      src: POD,
      dst: '10.100.79.194',
      protocol: 'tcp',
      sport,
      dport: 80,
      length: 60,
    });
    const chosen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const r = traverse(ruleset, new CounterStore(), 'nat', 'PREROUTING', packet(50000 + i), {
        ...opts,
        recent,
        nowSeconds: i,
      });
      chosen.add(r.packet.dst);
    }
    expect(chosen.size).toBe(1);
  });

  it('SNATs pod traffic leaving the VPC to the node IP, and RETURNs for the VPC', () => {
    const counters = new CounterStore();
    const out = (dst: string): SimPacket => ({
      src: POD,
      dst,
      protocol: 'tcp',
      dport: 443,
      length: 60,
      outInterface: 'ens5',
    });
    expect(traverse(ruleset, counters, 'nat', 'POSTROUTING', out('8.8.8.8'), opts).packet.src).toBe(
      NODE_IP,
    );
    const inside = traverse(ruleset, counters, 'nat', 'POSTROUTING', out('192.168.3.9'), opts);
    expect(inside.packet.src).toBe(POD);
    expect(inside.trace.map((s) => s.target)).toEqual([
      'KUBE-POSTROUTING',
      'RETURN',
      'AWS-SNAT-CHAIN-0',
      'RETURN',
    ]);
    expect(counters.get('nat', 'POSTROUTING', 'policy').packets).toBe(1);
  });

  it('masquerades hairpin traffic (a pod reaching itself through its Service)', () => {
    const counters = new CounterStore();
    const syn: SimPacket = {
      src: '192.168.1.101',
      dst: '10.100.132.7',
      protocol: 'tcp',
      sport: 1,
      dport: 80,
      length: 60,
    };
    const random = (): number => 0; // the first ladder rule: 192.168.1.101 itself
    const pre = traverse(ruleset, counters, 'nat', 'PREROUTING', syn, { ...opts, random });
    expect(pre.packet).toMatchObject({ dst: '192.168.1.101', mark: 0x4000 });
    const post = traverse(
      ruleset,
      counters,
      'nat',
      'POSTROUTING',
      { ...pre.packet, outInterface: 'eni1' },
      opts,
    );
    expect(post.packet.src).toBe(NODE_IP);
    expect(post.packet.mark).toBe(0);
  });

  it('REJECTs a Service without endpoints in the filter table', () => {
    const r = traverse(
      ruleset,
      new CounterStore(),
      'filter',
      'OUTPUT',
      {
        src: NODE_IP,
        dst: '10.100.9.9',
        protocol: 'tcp',
        dport: 80,
        length: 60,
      },
      opts,
    );
    expect(r.verdict).toBe('REJECT');
  });
});

describe('CounterStore', () => {
  it('zeroes a table, a chain with its policy, or one rule', () => {
    const c = new CounterStore();
    c.add('nat', 'PREROUTING', 0, 1, 60);
    c.add('nat', 'PREROUTING', 'policy', 2, 120);
    c.add('nat', 'KUBE-SERVICES', 0, 3, 180);
    c.add('nat', 'KUBE-SERVICES', 1, 4, 240);
    c.add('filter', 'INPUT', 0, 5, 300);
    c.zero('nat', 'KUBE-SERVICES', 1);
    expect(c.get('nat', 'KUBE-SERVICES', 0).packets).toBe(3);
    expect(c.get('nat', 'KUBE-SERVICES', 1).packets).toBe(0);
    c.zero('nat', 'PREROUTING');
    expect(c.get('nat', 'PREROUTING', 'policy').packets).toBe(0);
    c.zero('nat');
    expect(c.get('nat', 'KUBE-SERVICES', 0).packets).toBe(0);
    expect(c.get('filter', 'INPUT', 0).packets).toBe(5);
  });

  it('keeps counters of unchanged chains across a resync and resets rewritten ones', () => {
    const c = new CounterStore();
    const fewer = buildRuleset({
      ...EXAMPLE_NODE_INPUT,
      servicePorts: EXAMPLE_NODE_INPUT.servicePorts.map((sp) =>
        sp.name === 'nginx' ? { ...sp, endpoints: sp.endpoints.slice(0, 2) } : sp,
      ),
    });
    const nginx = serviceChainName('default/nginx', 'tcp');
    c.add('nat', nginx, 0, 7, 420);
    c.add('nat', DNS_SVC, 0, 9, 621);
    c.add('nat', 'PREROUTING', 'policy', 11, 660);
    c.reconcile(ruleset, fewer);
    expect(c.get('nat', nginx, 0).packets).toBe(0);
    expect(c.get('nat', DNS_SVC, 0).packets).toBe(9);
    expect(c.get('nat', 'PREROUTING', 'policy').packets).toBe(11);
  });
});
