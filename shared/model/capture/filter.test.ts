import { describe, expect, it } from 'vitest';
import { parseTcpdump } from '../../parsers/tcpdump';
import { compileFilter } from './filter';
import { flowColor, flowKey, FLOW_COLORS } from './flow';
import { namesFromTopology } from './names';
import { formatTimeUs, packetTimeUs, toCaptured } from './packet';

const TEXT = `
10:00:00.100000 eni1a2b3c4d5e6 In  IP 192.168.1.10.40000 > 10.100.5.5.80: Flags [S], seq 3001, win 64240, length 0
10:00:00.100020 ens5  Out IP 192.168.1.10.40000 > 192.168.2.20.8080: Flags [S], seq 3001, win 64240, length 0
10:00:00.100700 ens5  In  IP 192.168.2.20.8080 > 192.168.1.10.40000: Flags [S.], seq 777, ack 3002, win 65160, length 0
10:00:00.200000 ens5  Out IP 192.168.1.10.53021 > 10.100.0.10.53: 4242+ A? nginx.default.svc.cluster.local. (49)
10:00:00.300000 ens5  In  IP 192.168.2.20 > 192.168.1.10: ICMP echo request, id 3, seq 1, length 64
10:00:00.400000 ens5  Out ARP, Request who-has 192.168.1.1 tell 192.168.1.10, length 28
`;
const packets = toCaptured(parseTcpdump(TEXT).value, 'node-a', 'any', 0);

function matching(filter: string): number[] {
  const f = compileFilter(filter);
  if (!f.ok) throw new Error(`${f.message} at ${f.position}`);
  return packets.filter(f.match).map((p) => p.seq);
}

describe('compileFilter', () => {
  it.each([
    ['', [0, 1, 2, 3, 4, 5]],
    ['   ', [0, 1, 2, 3, 4, 5]],
    ['port 80', [0]],
    ['port 8080 or port 53', [1, 2, 3]],
    ['host 10.100.5.5', [0]],
    ['host node-a', [0, 1, 2, 3, 4, 5]],
    ['node node-b', []],
    ['src 192.168.2.0/24', [2, 4]],
    ['dst 10.100.*', [0, 3]],
    ['iface eni*', [0]],
    ['not iface ens5', [0]],
    ['!iface ens5', [0]],
    ['proto tcp flags S', [0, 1, 2]],
    ['flags S.', [2]],
    ['proto dns', [3]],
    ['proto icmp or proto arp', [4, 5]],
    ['dir in and proto tcp', [0, 2]],
    ['sport 8080', [2]],
    ['dport 53', [3]],
    ['text "who-has"', [5]],
    ['nginx.default', [3]],
    ['(port 80 || port 53) && dir out', [3]],
    ['proto TCP and not (flags S. or iface ens5)', [0]],
  ])('%j', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it.each([
    ['port', '"port" needs a value', 4],
    ['port 99999', '"99999" is not a port (0-65535)', 5],
    ['proto gre', 'unknown protocol "gre" (tcp, udp, icmp, icmp6, arp, dns, vxlan)', 6],
    ['src 10.0.0.0/40', '"10.0.0.0/40" is not an IPv4 CIDR', 4],
    ['(port 80', 'missing ")"', 0],
    ['port 80)', 'unmatched ")"', 7],
    ['port 80 and', 'a term is missing here', 11],
    ['text "abc', 'unclosed quote', 5],
    ['flags X', '"X" is not TCP flags (S F R P U E W .)', 6],
    ['dir up', 'dir is "in" or "out", not "up"', 4],
    ['or port 80', 'unexpected "or"', 0],
  ])('%j is refused with its position', (filter, message, position) => {
    expect(compileFilter(filter)).toEqual({ ok: false, message, position });
  });

  it('never throws on arbitrary input', () => {
    const alphabet = ['(', ')', '"', '!', ' ', 'and', 'or', 'not', 'port', 'x', '80', '&&', '\\'];
    let seed = 7;
    for (let n = 0; n < 2000; n++) {
      let s = '';
      for (let k = 0; k < 8; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += alphabet[seed % alphabet.length] ?? '';
      }
      const f = compileFilter(s);
      if (f.ok) packets.forEach((p) => f.match(p));
      else expect(f.position).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('flows', () => {
  it('gives a request and its reply one key and one colour', () => {
    const [syn, , synAck] = packets;
    expect(flowKey(syn!.packet)).toBe('tcp 10.100.5.5:80 192.168.1.10:40000');
    expect(flowKey(synAck!.packet)).toBe('tcp 192.168.1.10:40000 192.168.2.20:8080');
    expect(flowKey(packets[1]!.packet)).toBe(flowKey(synAck!.packet));
    expect(flowKey(packets[4]!.packet)).toBe('icmp 192.168.1.10 192.168.2.20 id 3');
    expect(flowKey(packets[5]!.packet)).toBe('arp 192.168.1.1');
    const c = flowColor(flowKey(synAck!.packet));
    expect(c).toBe(flowColor(flowKey(packets[1]!.packet)));
    expect(c).toBeGreaterThanOrEqual(0);
    expect(c).toBeLessThan(FLOW_COLORS);
    expect(flowColor(undefined)).toBe(-1);
  });
});

describe('times', () => {
  it('reads clock, dated and epoch times to microseconds and prints them back', () => {
    expect(packetTimeUs({ time: '03:31:36.492634', timeFormat: 'default' })).toBe(12_696_492_634);
    expect(packetTimeUs({ time: '2026-11-23 10:00:00.000001', timeFormat: 'tttt' })).toBe(
      Date.UTC(2026, 10, 23, 10) * 1000 + 1,
    );
    expect(packetTimeUs({ time: '1700000000.5', timeFormat: 'tt' })).toBe(1_700_000_000_500_000);
    expect(packetTimeUs({ timeFormat: 'none' })).toBeUndefined();
    expect(formatTimeUs(12_696_492_634)).toBe('03:31:36.492634');
    expect(formatTimeUs(Date.UTC(2026, 10, 23, 10) * 1000 + 1)).toBe('10:00:00.000001');
  });
});

describe('namesFromTopology', () => {
  it('names pod IPs, VIPs, node IPs and host veths; host-network pods keep the node name', () => {
    const names = namesFromTopology({
      nodes: [{ nodeName: 'ip-192-168-1-5', primaryIp: '192.168.1.5', enis: [], sources: [] }],
      services: [
        {
          namespace: 'default',
          name: 'nginx',
          clusterIp: '10.100.5.5',
          ports: [],
          endpointPods: [],
          sources: [],
        },
        {
          namespace: 'default',
          name: 'headless',
          clusterIp: 'None',
          ports: [],
          endpointPods: [],
          sources: [],
        },
      ],
      pods: [
        {
          namespace: 'default',
          name: 'web-1',
          ip: '192.168.1.10',
          hostVeth: 'eni1a2b3c4d5e6',
          isHostNetwork: false,
          sources: [],
        },
        {
          namespace: 'kube-system',
          name: 'aws-node-x',
          ip: '192.168.1.5',
          isHostNetwork: true,
          sources: [],
        },
      ],
    });
    expect([...names.addresses]).toEqual([
      ['192.168.1.5', 'ip-192-168-1-5'],
      ['10.100.5.5', 'svc default/nginx'],
      ['192.168.1.10', 'default/web-1'],
    ]);
    expect(names.veths.get('eni1a2b3c4d5e6')).toBe('default/web-1');
  });
});
