import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseTcpdump } from '../../parsers/tcpdump';
import { joinJourneys } from './journey';
import { toCaptured, type CapturedPacket } from './packet';

/** Parses one capture's text as the view would receive it. */
function capture(host: string, text: string, firstSeq = 0, iface = 'any'): CapturedPacket[] {
  const { value, warnings } = parseTcpdump(text);
  expect(warnings).toEqual([]);
  return toCaptured(value, host, iface, firstSeq);
}

const OPTS = 'win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0';
const ACKOPTS = 'win 65160, options [mss 1460,sackOK,TS val 2 ecr 1,nop,wscale 7], length 0';

// A pod on node-a (192.168.1.10, veth eni1a2b3c4d5e6) opens http://10.100.5.5 (the Service VIP);
// kube-proxy on node-a DNATs to the endpoint 192.168.2.20:8080 on node-b (veth eni9f8e7d6c5b4).
const NODE_A = `
10:00:00.100000 eni1a2b3c4d5e6 In  IP 192.168.1.10.40000 > 10.100.5.5.80: Flags [S], seq 3001, ${OPTS}
10:00:00.100020 ens5  Out IP 192.168.1.10.40000 > 192.168.2.20.8080: Flags [S], seq 3001, ${OPTS}
10:00:00.100700 ens5  In  IP 192.168.2.20.8080 > 192.168.1.10.40000: Flags [S.], seq 777, ack 3002, ${ACKOPTS}
10:00:00.100720 eni1a2b3c4d5e6 Out IP 10.100.5.5.80 > 192.168.1.10.40000: Flags [S.], seq 777, ack 3002, ${ACKOPTS}
`;
const NODE_B = `
10:00:00.100300 ens5  In  IP 192.168.1.10.40000 > 192.168.2.20.8080: Flags [S], seq 3001, ${OPTS}
10:00:00.100320 eni9f8e7d6c5b4 Out IP 192.168.1.10.40000 > 192.168.2.20.8080: Flags [S], seq 3001, ${OPTS}
10:00:00.100400 eni9f8e7d6c5b4 In  IP 192.168.2.20.8080 > 192.168.1.10.40000: Flags [S.], seq 777, ack 3002, ${ACKOPTS}
10:00:00.100420 ens5  Out IP 192.168.2.20.8080 > 192.168.1.10.40000: Flags [S.], seq 777, ack 3002, ${ACKOPTS}
`;

describe('joinJourneys across two nodes through a Service', () => {
  // Streams arrive interleaved and out of time order: node-b's batch first.
  const packets = [...capture('node-b', NODE_B, 0), ...capture('node-a', NODE_A, 10)];
  const journeys = joinJourneys(packets);

  it('joins the SYN at the pod veth, both ENIs and the endpoint veth, in time order', () => {
    const syn = journeys.find((j) => j.label.startsWith('TCP [S] '));
    expect(syn?.label).toBe('TCP [S] seq 3001');
    expect(syn?.hops.map((h) => `${h.host} ${h.iface} ${h.direction}`)).toEqual([
      'node-a eni1a2b3c4d5e6 In',
      'node-a ens5 Out',
      'node-b ens5 In',
      'node-b eni9f8e7d6c5b4 Out',
    ]);
    expect(syn?.nat).toEqual([
      { kind: 'DNAT', hop: 1, before: '10.100.5.5:80', after: '192.168.2.20:8080' },
    ]);
  });

  it('joins the SYN-ACK back and calls the VIP reappearing un-DNAT', () => {
    const synAck = journeys.find((j) => j.label.startsWith('TCP [S.]'));
    expect(synAck?.hops.map((h) => `${h.host} ${h.iface}`)).toEqual([
      'node-b eni9f8e7d6c5b4',
      'node-b ens5',
      'node-a ens5',
      'node-a eni1a2b3c4d5e6',
    ]);
    expect(synAck?.nat).toEqual([
      { kind: 'un-DNAT', hop: 3, before: '192.168.2.20:8080', after: '10.100.5.5:80' },
    ]);
  });

  it('keeps a retransmitted SYN (same seq, 1 s later, same points) as a second journey', () => {
    const again = NODE_A.replaceAll('10:00:00.1', '10:00:01.1');
    const more = joinJourneys([...packets, ...capture('node-a', again, 100)]);
    expect(more.filter((j) => j.label === 'TCP [S] seq 3001').map((j) => j.hops.length)).toEqual([
      4, 2,
    ]);
  });

  it('counts the same point seen by two overlapping captures once', () => {
    const dup = capture('node-a', NODE_A, 50).filter((p) => p.iface === 'ens5');
    const more = joinJourneys([...packets, ...dup]);
    expect(more.find((j) => j.label === 'TCP [S] seq 3001')?.hops).toHaveLength(4);
  });

  it('does not join two different connections that happen to share relative numbers', () => {
    const ack = (host: string, port: number, t: string) =>
      `10:00:00.${t} ens5  Out IP 192.168.1.${host}.${port} > 192.168.2.20.8080: Flags [.], ack 1, win 502, length 0`;
    const other = capture(
      'node-a',
      [ack('10', 40000, '200000'), ack('11', 41000, '200010')].join('\n'),
    );
    const b = capture(
      'node-b',
      `10:00:00.200300 ens5  In  IP 192.168.1.11.41000 > 192.168.2.20.8080: Flags [.], ack 1, win 502, length 0`,
      5,
    );
    const js = joinJourneys([...other, ...b]);
    expect(js).toHaveLength(1);
    expect(js[0]?.hops.map((h) => h.src)).toEqual(['192.168.1.11', '192.168.1.11']);
  });

  it('never throws and returns nothing for no packets or packets without a key', () => {
    expect(joinJourneys([])).toEqual([]);
    expect(
      joinJourneys(
        capture(
          'n',
          '10:00:00.000001 ens5  Out ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28',
        ),
      ),
    ).toEqual([]);
  });
});

describeWithFixtures('joinJourneys over real EKS captures', (kit) => {
  it('ping to the internet: SNAT of the pod address and ICMP id on ens5, undone on the reply', () => {
    const packets = capture('node-1', kit.read('tcpdump/sll2-any-eks-pod-snat-icmp.txt'));
    const [request, reply] = joinJourneys(packets);
    expect(request?.label).toBe('ICMP echo request seq 1');
    expect(request?.hops.map((h) => h.iface)).toEqual(['eni31b43252b24', 'ens5']);
    expect(request?.nat).toEqual([
      { kind: 'SNAT', hop: 1, before: '192.168.4.248 id 2', after: '192.168.4.12 id 47885' },
    ]);
    expect(reply?.hops.map((h) => h.iface)).toEqual(['ens5', 'eni31b43252b24']);
    expect(reply?.nat.map((n) => [n.kind, n.before, n.after])).toEqual([
      ['un-SNAT', '192.168.4.12 id 47885', '192.168.4.248 id 2'],
    ]);
  });

  it('pod to pod across nodes: each echo joins ens5 In → eni Out with no NAT', () => {
    const packets = capture('node-2', kit.read('tcpdump/sll2-any-eks-pod-to-pod-cross-node.txt'));
    const journeys = joinJourneys(packets);
    expect(journeys.map((j) => `${j.label}: ${j.hops.map((h) => h.iface).join(' → ')}`)).toEqual([
      'ICMP echo request seq 1: ens5 → eni31b43252b24',
      'ICMP echo reply seq 1: eni31b43252b24 → ens5',
      'ICMP echo request seq 2: ens5 → eni31b43252b24',
      'ICMP echo reply seq 2: eni31b43252b24 → ens5',
    ]);
    expect(journeys.every((j) => j.nat.length === 0)).toBe(true);
  });

  it('a single-point capture (cbr0 only) has no journeys', () => {
    const packets = capture('gke', kit.read('tcpdump/gke-cbr0-clusterip-dnat-http.txt'), 0, 'cbr0');
    expect(joinJourneys(packets)).toEqual([]);
  });
});

describe('joinJourneys over the netns lab capture (real tcpdump on two nodes)', () => {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
  const a = capture('node-a', readFileSync(path.join(dir, 'netns-lab-service-node-a.txt'), 'utf8'));
  const b = capture(
    'node-b',
    readFileSync(path.join(dir, 'netns-lab-service-node-b.txt'), 'utf8'),
    1000,
  );
  const journeys = joinJourneys([...b, ...a]);

  it('joins every SYN from the client veth to the endpoint veth, DNAT on node-a ens5', () => {
    const syns = journeys.filter((j) => j.label.startsWith('TCP [S] '));
    expect(syns).toHaveLength(3);
    for (const j of syns) {
      expect(j.hops.map((h) => `${h.host} ${h.iface} ${h.direction}`)).toEqual([
        'node-a eni1a2b3c4d5e6 In',
        'node-a ens5 Out',
        'node-b ens5 In',
        'node-b eni9f8e7d6c5b4 Out',
      ]);
      expect(j.nat.map((n) => `${n.kind} ${n.before} → ${n.after}`)).toEqual([
        'DNAT 10.100.50.50:80 → 192.168.2.60:8080',
      ]);
    }
  });

  it('every packet of the three connections joins at all four points, replies un-DNATed', () => {
    expect(journeys.every((j) => j.hops.length === 4)).toBe(true);
    expect(journeys).toHaveLength(a.filter((p) => p.iface === 'eni1a2b3c4d5e6').length);
    const kinds = new Set(journeys.flatMap((j) => j.nat.map((n) => n.kind)));
    expect([...kinds].sort()).toEqual(['DNAT', 'un-DNAT']);
  });
});
