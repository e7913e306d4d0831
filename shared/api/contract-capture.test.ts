import { describe, expect, it } from 'vitest';
import { parseTcpdump } from '../parsers/tcpdump';
import { CapturePacket, captureRequests } from './contract-capture';
import { requests } from './contract';

describe('capture contract', () => {
  it("accepts the parser's packets, IPIP inner packets included", () => {
    const { value } = parseTcpdump(
      [
        '2026-11-23 10:00:00.000001 eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [S], seq 7, win 62727, options [mss 8961], length 0',
        '2026-11-23 10:00:00.000002 IP 172.31.1.1 > 172.31.2.2: IP 10.244.1.5.8080 > 10.244.2.6.3333: Flags [S], seq 1, length 0',
        '2026-11-23 10:00:00.000003 ens5  Out IP 10.0.0.2.53 > 10.0.0.1.41000: 5 NXDomain 0/1/0 (98)',
      ].join('\n'),
    );
    for (const [i, packet] of value.entries()) {
      const parsed = CapturePacket.safeParse({ ...packet, n: i + 1, ts: 1 });
      expect(parsed.error).toBeUndefined();
    }
  });

  it('refuses an injected interface or filter before anything runs', () => {
    const start = requests['capture:start'].params;
    const base = { workspaceId: 'demo', hostIds: ['node1'], maxPackets: 10, maxSeconds: 5 };
    expect(start.safeParse({ ...base, iface: 'any', filter: 'tcp port 80' }).success).toBe(true);
    expect(start.safeParse({ ...base, iface: 'eth0;id' }).success).toBe(false);
    expect(start.safeParse({ ...base, iface: 'any', filter: 'port 80 $(id)' }).success).toBe(false);
    expect(Object.keys(captureRequests).every((name) => name in requests)).toBe(true);
  });
});
