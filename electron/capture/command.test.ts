import { describe, expect, it } from 'vitest';
import { CaptureInputError, pcapCaptureCommand, textCaptureCommand } from './command';

describe('tcpdump command lines', () => {
  it('quotes the filter as one argument after --, under sudo -n for a login that is not root', () => {
    expect(
      textCaptureCommand({
        iface: 'any',
        filter: 'tcp port 80 and host 10.0.0.1',
        user: 'ec2-user',
        maxPackets: 5,
      }),
    ).toBe(
      "TZ=UTC sudo -n -- tcpdump -i any -nn -U -l -tttt -c 5 -- 'tcp port 80 and host 10.0.0.1'",
    );
    expect(textCaptureCommand({ iface: 'eni1a2b3c4d5e6', user: 'root' })).toBe(
      'TZ=UTC tcpdump -i eni1a2b3c4d5e6 -nn -U -l -tttt --',
    );
    expect(
      pcapCaptureCommand({ iface: 'ens5', filter: 'icmp || port 53', user: 'root', maxPackets: 9 }),
    ).toBe("tcpdump -i ens5 -nn -U -w - -c 9 -- 'icmp || port 53' 2>/dev/null");
  });

  it('refuses what validation refuses, whatever the caller skipped', () => {
    expect(() => textCaptureCommand({ iface: 'lo;id', user: 'root' })).toThrow(CaptureInputError);
    expect(() => textCaptureCommand({ iface: 'lo', filter: 'port 1 $(id)', user: 'root' })).toThrow(
      /filter: the filter contains "\$"/,
    );
    expect(() => textCaptureCommand({ iface: 'lo', user: 'root', maxPackets: 0 })).toThrow(
      /maxPackets/,
    );
  });
});
