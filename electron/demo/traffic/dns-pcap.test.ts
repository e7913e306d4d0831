import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireCapability } from '../../../test/support/require-capability';
import { parseTcpdump } from '../../../shared/parsers/tcpdump';
import { wireText } from '../commands/pod-dns';
import { messageSize, type DnsReply } from '../net/dns';
import type { Sighting } from './format';
import { pcapHeader, pcapRecord } from './pcap';

const name = 'a-app.default.svc.cluster.local.';
const soa = { zone: 'cluster.local.', ttl: 5, serial: 1750000000, minimum: 5 };
const REPLIES: [string, DnsReply, boolean][] = [
  [
    'three A records (busybox)',
    {
      qname: name,
      qtype: 'A',
      rcode: 'NOERROR',
      answers: ['192.168.1.21', '192.168.2.33', '192.168.3.44'].map((ip) => ({ name, ttl: 5, ip })),
    },
    false,
  ],
  ['NODATA for AAAA', { qname: name, qtype: 'AAAA', rcode: 'NOERROR', answers: [], soa }, false],
  [
    'NXDOMAIN (dig, EDNS)',
    { qname: 'nope.default.svc.cluster.local.', qtype: 'A', rcode: 'NXDOMAIN', answers: [], soa },
    true,
  ],
];

describe('DNS messages in wire format', () => {
  it.each(REPLIES)('%s: as long as the size tcpdump prints', (_, reply, hasEdns) => {
    const w = wireText(4711, reply, hasEdns);
    expect(w.query.wire).toHaveLength(messageSize({ qname: reply.qname }, hasEdns));
    expect(w.answer?.wire).toHaveLength(messageSize(reply, hasEdns));
  });

  const hasTcpdump = spawnSync('tcpdump', ['--version']).status === 0;
  it.runIf(
    requireCapability('tcpdump (reads the pcap back)', hasTcpdump, 'apt-get install tcpdump'),
  )('reads back with the real tcpdump -r as the demo printed them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kl-dns-pcap-'));
    try {
      const sightings: Sighting[] = [];
      let at = 1_750_000_000_000;
      REPLIES.forEach(([, reply, hasEdns], i) => {
        const w = wireText(1000 + i, reply, hasEdns);
        const packet = (way: 'q' | 'a') => ({
          src: way === 'q' ? '192.168.1.10' : '10.100.0.10',
          dst: way === 'q' ? '10.100.0.10' : '192.168.1.10',
          proto: 'udp' as const,
          sport: way === 'q' ? 40000 + i : 53,
          dport: way === 'q' ? 53 : 40000 + i,
          dns: (way === 'q' ? w.query : w.answer)?.text ?? '',
          dnsWire: (way === 'q' ? w.query : w.answer)?.wire ?? [],
        });
        for (const way of ['q', 'a'] as const)
          sightings.push({
            at: (at += 1),
            hostId: 'node1',
            iface: 'ens5',
            direction: 'In',
            packet: packet(way),
          });
      });
      const file = path.join(dir, 'dns.pcap');
      const link = { isAny: false, ifindex: 2, mac: '02:11:22:33:44:55' };
      writeFileSync(
        file,
        Buffer.concat([pcapHeader(false), ...sightings.map((s, i) => pcapRecord(s, link, i))]),
      );
      const read = spawnSync('tcpdump', ['-r', file, '-nn'], { encoding: 'utf8' });
      const lines = read.stdout.trim().split('\n');
      const printed = sightings.map(
        (s) =>
          `IP ${s.packet.src}.${s.packet.sport} > ${s.packet.dst}.${s.packet.dport}: ${s.packet.dns ?? ''}`,
      );
      expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(printed);
      expect(parseTcpdump(read.stdout).warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
