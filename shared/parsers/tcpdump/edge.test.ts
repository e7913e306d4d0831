import { describe, expect, it } from 'vitest';
import { parseTcpdump, sameSegment } from './parse';

const lines = (...l: string[]) => l.join('\n');

describe('tcpdump edge cases', () => {
  it('follows one SYN across eni In and ens5 Out after SNAT with sameSegment', () => {
    const { value, warnings } = parseTcpdump(
      lines(
        '10:00:00.000001 eni1a2b3c4d5e6 In  IP 192.168.4.248.40000 > 10.0.0.1.80: Flags [S], seq 7, win 62727, options [mss 8961], length 0',
        '10:00:00.000009 ens5  Out IP 192.168.4.12.40000 > 10.0.0.1.80: Flags [S], seq 7, win 62727, options [mss 8961], length 0',
        '10:00:00.000011 ens5  Out IP 192.168.4.12.40001 > 10.0.0.1.80: Flags [S], seq 7, win 62727, length 0',
        '10:00:00.000020 ens5  In  IP 10.0.0.1.80 > 192.168.4.12.40000: Flags [S.], seq 9, ack 8, win 1, length 0',
      ),
    );
    expect(warnings).toEqual([]);
    const [a, b, c, d] = value;
    expect(a && b && sameSegment(a, b)).toBe(true);
    expect(a && c && sameSegment(a, c)).toBe(false);
    expect(a && d && sameSegment(a, d)).toBe(false);
    expect(a?.interface).toBe('eni1a2b3c4d5e6');
  });

  it('skips banners, joins -v and hex-dump continuation lines, and reads -v addresses', () => {
    const { value, warnings } = parseTcpdump(
      lines(
        'tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
        '12:00:00.000001 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)',
        '    10.0.0.1.5555 > 10.0.0.2.80: Flags [S], cksum 0x1 (correct), seq 5, win 64240, length 0',
        '\t0x0000:  4500 003c 0001 4000 4006 0000 0a00 0001',
        '',
        '2 packets captured',
        '3 packets received by filter',
        '0 packets dropped by kernel',
      ),
    );
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({ src: '10.0.0.1', sport: 5555, dport: 80, protocol: 'tcp' });
    expect(value[0]?.tcp).toMatchObject({ flags: 'S', seq: 5, win: 64240 });
    expect(value[0]?.raw.split('\n')).toHaveLength(3);
  });

  it('reads IPv6 ports, ICMP6, -t (no time), epoch (-tt) and delta (-ttt) stamps', () => {
    const v6 = parseTcpdump('IP6 fd00::1.53 > fd00::2.41000: 5 NXDomain 0/1/0 (98)').value[0];
    expect(v6).toMatchObject({ timeFormat: 'none', family: 'ip6', src: 'fd00::1', sport: 53 });
    expect(v6?.dns).toMatchObject({ id: 5, rcode: 'NXDomain', kind: 'answer' });
    const icmp6 = parseTcpdump(
      '1700000000.123456 IP6 fe80::1 > ff02::1: ICMP6, echo request, id 9, seq 2, length 64',
    ).value[0];
    expect(icmp6).toMatchObject({ timeFormat: 'tt', protocol: 'icmp6', dst: 'ff02::1' });
    expect(icmp6?.icmp).toMatchObject({ type: 'echo request', id: 9, seq: 2 });
    const delta = parseTcpdump(
      lines(
        '00:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64',
        '00:00:00.000040 IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 1, seq 1, length 64',
      ),
    ).value;
    expect(delta.map((p) => p.timeFormat)).toEqual(['ttt', 'ttt']);
  });

  it('reads an IPIP inner packet and a same-line VXLAN inner frame recursively', () => {
    const ipip = parseTcpdump(
      '10:00:00.000001 IP 172.31.1.1 > 172.31.2.2: IP 10.244.1.5.8080 > 10.244.2.6.3333: Flags [S], seq 1, length 0',
    );
    expect(ipip.warnings).toEqual([]);
    expect(ipip.value[0]?.encapsulation).toMatchObject({
      kind: 'ipip',
      inner: { line: 1, src: '10.244.1.5', sport: 8080, protocol: 'tcp', tcp: { flags: 'S' } },
    });
    const vx = parseTcpdump(
      '10:00:00.000001 IP 172.18.0.2.39000 > 172.18.0.3.4789: VXLAN, flags [I] (0x08), vni 4096 IP 10.244.1.5 > 10.244.2.6: ICMP echo request, id 3, seq 1, length 64',
    ).value[0];
    expect(vx?.encapsulation).toMatchObject({
      kind: 'vxlan',
      vni: 4096,
      inner: { src: '10.244.1.5' },
    });
  });

  it('keeps what it read of a partial line with one warning, and warns on non-packet lines', () => {
    const { value, warnings } = parseTcpdump(
      lines(
        '10:00:00.000001 ens5  Out LLDP, length 40',
        'garbage here',
        '10:00:00.2 IP 1.2.3.4 > ',
      ),
    );
    expect(value).toHaveLength(2);
    expect(value[0]).toMatchObject({ interface: 'ens5', direction: 'Out', family: 'other' });
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3]);
    expect(value[1]?.family).toBe('ip');
  });
});
