import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { CapturePacket, captureEvents } from '../../api/contract-capture';
import { parseTcpdump } from '../../parsers/tcpdump';
import { capturePacketProblem } from './packet-check';

const accepts = (v: unknown) => capturePacketProblem(v) === undefined;
const zodAccepts = (v: unknown) => CapturePacket.safeParse(v).success;

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'tcp',
  'In',
  'query',
  0,
  1,
  -1,
  1.5,
  NaN,
  Infinity,
  2 ** 60,
  true,
  [],
  [1, 2, 3],
  [1, 2],
  ['a'],
  {},
  { flags: 'S' },
];

/** Every copy of `value` with one field (at any depth) replaced by an odd value or removed. */
function* damaged(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      for (const d of damaged(value[i]))
        yield (value as unknown[]).map((x, j) => (j === i ? d : x));
    return;
  }
  if (typeof value !== 'object' || value === null) {
    yield* ODD_VALUES;
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const { [key]: _removed, ...rest } = record;
    yield rest;
    for (const d of damaged(record[key])) yield { ...record, [key]: d };
  }
  yield { ...record, encapsulation: { kind: 'vxlan', inner: { line: 1 } } };
}

const SAMPLES = [
  '2026-11-23 10:00:00.000001 eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [S], seq 7, win 62727, options [mss 8961], length 0',
  '2026-11-23 10:00:00.000002 IP 172.31.1.1 > 172.31.2.2: IP 10.244.1.5.8080 > 10.244.2.6.3333: Flags [S], seq 1, length 0',
  '2026-11-23 10:00:00.000003 ens5  Out IP 10.0.0.2.53 > 10.0.0.1.41000: 5*- 2/0/1 A 1.2.3.4, A 1.2.3.5 (98)',
  '2026-11-23 10:00:00.000004 ens5  B   ARP, Request who-has 10.0.0.9 tell 10.0.0.1, length 28',
  '2026-11-23 10:00:00.000005 ens5  In  IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 3, seq 1, length 64',
  '2026-11-23 10:00:00.000006 36:dc:85:1e:b3:40 > 00:16:3e:08:71:cf, ethertype IPv4 (0x0800), length 148: 192.168.0.1.4789 > 192.168.0.2.4789: VXLAN, flags [I] (0x08), vni 1 00:16:3e:37:f6:04 > 00:30:88:01:00:02, ethertype IPv4 (0x0800), length 98: 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64',
];

describe('capture packet check', () => {
  it('judges every damaged packet as the zod schema does', () => {
    const packets = parseTcpdump(SAMPLES.join('\n')).value.map((p, i) => ({
      ...p,
      n: i + 1,
      ts: 1,
    }));
    expect(packets.length).toBe(SAMPLES.length);
    let checked = 0;
    const differences: string[] = [];
    for (const packet of packets) {
      expect(accepts(packet)).toBe(true);
      for (const d of damaged(packet)) {
        checked++;
        if (accepts(d) !== zodAccepts(d))
          differences.push(`${JSON.stringify(d)}: ours ${capturePacketProblem(d) ?? 'ok'}`);
      }
    }
    expect(differences.slice(0, 3)).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('fails a capture:packets batch at its first bad packet, with the path', () => {
    const [packet] = parseTcpdump(SAMPLES[0] ?? '').value;
    const batch = {
      captureId: 'c1',
      streamId: 'c1-1',
      hostId: 'node1',
      iface: 'any',
      total: 2,
      dropped: 0,
      packets: [
        { ...packet, n: 1 },
        { ...packet, n: 2, tcp: { flags: 7 } },
      ],
    };
    const answer = captureEvents['capture:packets'].safeParse(batch);
    expect(answer.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['packets', 1], 'tcp: flags: expected a string'],
    ]);
    batch.packets.pop();
    expect(captureEvents['capture:packets'].safeParse(batch).data?.packets[0]).toBe(
      batch.packets[0],
    );
    expect(captureEvents['capture:packets'].safeParse({ ...batch, packets: 'x' }).success).toBe(
      false,
    );
    const tooMany = Array.from({ length: 2001 }, (_, i) => ({ ...packet, n: i + 1 }));
    expect(captureEvents['capture:packets'].safeParse({ ...batch, packets: tooMany }).success).toBe(
      false,
    );
  });
});

describeWithFixtures('capture packet check over the fixture kit', (kit) => {
  it('accepts every packet the parser reads from the fixtures', () => {
    const texts = [
      ...kit.list('tcpdump').map((file) => kit.read(`tcpdump/${file}`)),
      readFileSync(
        new URL('../../parsers/tcpdump/fixtures/edge-tcpdump-sll2-any-mixed.txt', import.meta.url),
        'utf8',
      ),
    ];
    for (const text of texts)
      for (const [i, p] of parseTcpdump(text).value.entries()) {
        const packet = { ...p, n: i + 1 };
        expect({ raw: p.raw, ours: accepts(packet), zod: zodAccepts(packet) }).toEqual({
          raw: p.raw,
          ours: true,
          zod: true,
        });
      }
  });
});
