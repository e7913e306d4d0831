import { describe, expect, it } from 'vitest';
import { isDnat, natSummary, parseConntrack } from './index';

describe('parseConntrack edge cases', () => {
  it('reads /proc/net/nf_conntrack lines: family, zone, secctx', () => {
    const { value, warnings } = parseConntrack(
      'ipv4     2 tcp      6 431999 ESTABLISHED src=10.0.0.5 dst=10.96.0.10 sport=5000 dport=53 ' +
        'src=10.244.1.3 dst=10.0.0.5 sport=53 dport=5000 [ASSURED] mark=0 secctx=system_u:object_r:unlabeled_t:s0 zone=0 use=2',
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      l3: 'ipv4',
      l3num: 2,
      protocol: 'tcp',
      protonum: 6,
      timeout: 431999,
      state: 'ESTABLISHED',
      secctx: 'system_u:object_r:unlabeled_t:s0',
      zone: 0,
      use: 2,
    });
  });

  it('reads IPv6, accounting counters, offload flags and the -o id entry id', () => {
    const { value, warnings } = parseConntrack(
      'ipv6     10 udp      17 118 src=fd00::5 dst=fd00:96::a sport=40000 dport=53 packets=2 bytes=140 ' +
        'src=fd00:244::3 dst=fd00::5 sport=53 dport=40000 packets=2 bytes=236 [OFFLOAD] [HW_OFFLOAD] mark=7 use=1 id=3462881600',
    );
    expect(warnings).toEqual([]);
    const [e] = value;
    expect(e).toMatchObject({
      l3: 'ipv6',
      l3num: 10,
      original: { packets: 2, bytes: 140 },
      reply: { src: 'fd00:244::3', packets: 2, bytes: 236 },
      flags: ['OFFLOAD', 'HW_OFFLOAD'],
      mark: 7,
      ctId: 3462881600,
    });
    expect(e && natSummary(e)).toMatchObject({
      service: '[fd00:96::a]:53',
      backend: '[fd00:244::3]:53',
      isDnat: true,
    });
  });

  it('drops a banner glued after an entry and a bare summary line', () => {
    const line =
      'udp 17 29 src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1';
    const { value, warnings } = parseConntrack(
      `${line}conntrack v1.4.6 (conntrack-tools): 5 flow entries have been shown.\n\n5 flow entries have been shown.\n`,
    );
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(1);
    expect(value[0]).toMatchObject({ use: 1, l3: 'ipv4' });
    expect(value[0] && isDnat(value[0])).toBe(false);
  });

  it('repairs a lost family name and a wholly lost protocol name, with warnings', () => {
    const rest = 'src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 src=3.3.3.3 dst=1.1.1.1 sport=2 dport=1';
    const { value, warnings } = parseConntrack(
      `pv4     2 tcp      6 10 CLOSE ${rest}\n6 10 CLOSE ${rest}`,
    );
    expect(value.map((e) => [e.line, e.l3, e.protocol, e.state])).toEqual([
      [1, 'ipv4', 'tcp', 'CLOSE'],
      [2, 'ipv4', 'tcp', 'CLOSE'],
    ]);
    expect(warnings.map((w) => w.line)).toEqual([1, 2]);
  });

  it('warns and skips lines that are not entries or lack a tuple', () => {
    const { value, warnings } = parseConntrack(
      [
        '# conntrack -L',
        'tcp 6 10 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2',
        'tcp 6 10 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=99999 dport=2 src=nope dst=1.1.1.1',
      ].join('\n'),
    );
    expect(value).toEqual([]);
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3, 3, 3]);
    expect(warnings[4]?.message).toMatch(/without both tuples/);
  });

  it('keeps known extra fields quietly and warns about unknown (damaged) ones', () => {
    const { value, warnings } = parseConntrack(
      'gre      47 179 src=1.1.1.1 dst=2.2.2.2 srckey=0x0 dstkey=0x0 src=2.2.2.2 dst=1.1.1.1 ' +
        'srckey=0x0 dstkey=0x0 spor=1 [ASSURED] mark=0 __proto__=x use=1',
    );
    expect(value[0]).toMatchObject({ protocol: 'gre', reply: { extra: { srckey: '0x0' } } });
    expect(value[0]?.extra?.['__proto__']).toBe('x');
    expect(warnings.map((w) => w.message)).toEqual([
      'unknown field "spor"',
      'unknown field "__proto__"',
    ]);
  });
});
