import { describe, expect, it } from 'vitest';
import { CaptureLineReader, stampToMs } from './line-reader';

const SYN =
  '2026-11-23 10:00:00.000001 eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [S], seq 7, win 62727, options [mss 8961], length 0';

describe('capture line reader', () => {
  it('reads packets split across chunks, CRLF from the PTY, banners and statistics apart', () => {
    const reader = new CaptureLineReader('any');
    const a = reader.push(
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\r\nlistening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\r\n' +
        SYN.slice(0, 50),
    );
    expect(a.listening).toMatch(/^listening on any/);
    expect(a.packets).toEqual([]);
    const b = reader.push(`${SYN.slice(50)}\r\n${SYN}\r\n2 packets captured\r\n`);
    expect(b.packets.map((p) => [p.n, p.line, p.interface, p.tcp?.flags])).toEqual([
      [1, 3, 'eni1a2b3c4d5e6', 'S'],
      [2, 4, 'eni1a2b3c4d5e6', 'S'],
    ]);
    expect(b.packets[0]?.ts).toBe(Date.UTC(2026, 10, 23, 10) + 0.001);
    expect(b.warnings).toEqual([]);
    expect(reader.messages).toEqual(['2 packets captured']);
  });

  it("names the capture's interface when tcpdump prints none, and reports tcpdump's and sudo's errors", () => {
    const reader = new CaptureLineReader('ens5');
    const out = reader.push(
      '2026-11-23 10:00:00.5 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64\n' +
        'tcpdump: ens9: No such device exists\n(SIOCGIFHWADDR: No such device)\nsudo: a password is required\nnot a packet\n',
    );
    expect(out.packets[0]).toMatchObject({ interface: 'ens5', protocol: 'icmp', n: 1 });
    expect(out.warnings.slice(0, 3)).toEqual([
      'tcpdump: ens9: No such device exists',
      '(SIOCGIFHWADDR: No such device)',
      'sudo: a password is required',
    ]);
    expect(out.warnings[3]).toMatch(/^line 5: not a tcpdump packet line/);
    expect(reader.isSudoPasswordRequired).toBe(true);
  });

  it('reads -tttt stamps as UTC', () => {
    expect(stampToMs('1970-01-01 00:00:01.5')).toBe(1500);
    expect(stampToMs('10:00:00.1')).toBeUndefined();
  });

  it('reads stamps of the same second as the last one the same way as any other', () => {
    const second = Date.UTC(2026, 10, 23, 18, 48, 10);
    expect(stampToMs('2026-11-23 18:48:10.250000')).toBe(second + 250);
    expect(stampToMs('2026-11-23 18:48:10.000001')).toBe(second + 0.001);
    expect(stampToMs('2026-11-23 18:48:10.5')).toBe(second + 500);
    expect(stampToMs('2026-11-23 18:48:10.')).toBeUndefined();
    expect(stampToMs('2026-11-23 18:48:10.12x')).toBeUndefined();
    expect(stampToMs('2026-11-23 18:48:10.1234567890')).toBeUndefined();
    expect(stampToMs('2026-11-23 18:48:11.5')).toBe(second + 1500);
    expect(stampToMs('2026-11-23 18:48:10.5')).toBe(second + 500);
  });
});
