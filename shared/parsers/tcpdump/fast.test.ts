import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { mutationsOf } from '../../../test/support/fuzz';
import { fastPacket } from './fast';
import { parseTcpdumpLines } from './parse';

const general = (lines: readonly string[]) => parseTcpdumpLines(lines, { useFastPath: false });
const withFast = (lines: readonly string[]) => parseTcpdumpLines(lines);
const split = (text: string) => text.split(/\r?\n/);

/**
 * The fast path either declines a line (`declined`) or reads it exactly as the general parser
 * does: same fields, values and key order, and no warning the general parser would have given.
 * Answers what differs, if anything (a plain comparison: tens of thousands of lines are checked).
 */
function compare(line: string): string {
  const fast = fastPacket(line, 1);
  if (fast === undefined) return 'declined';
  const reference = general([line]);
  if (reference.warnings.length > 0) return `${line}: the general parser warns`;
  const a = JSON.stringify(fast);
  const b = JSON.stringify(reference.value[0]);
  return a === b ? 'same' : `${line}:\n fast    ${a}\n general ${b}`;
}

function expectAgreement(line: string): boolean {
  const outcome = compare(line);
  expect(outcome === 'same' || outcome === 'declined' ? '' : outcome).toBe('');
  return outcome === 'same';
}

function expectSameParse(lines: readonly string[]): void {
  const a = withFast(lines);
  const b = general(lines);
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
}

const LIVE = [
  '2026-11-23 18:48:10.123456 eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [P.], seq 1:78, ack 1, win 491, options [nop,nop,TS val 1 ecr 2], length 77: HTTP: GET / HTTP/1.1',
  '2026-11-23 18:48:10.123456 ens5  Out IP 192.168.1.11.30000 > 10.100.0.3.80: Flags [P.], seq 5:82, ack 1, win 502, length 77: HTTP: GET / HTTP/1.1',
  '2026-11-23 18:48:10.123456 ens5  Out IP 192.168.4.12.40000 > 10.0.0.1.80: Flags [S], seq 7, win 62727, options [mss 8961,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0',
  '2026-11-23 18:48:10.1 lo    In  IP 127.0.0.1.53 > 127.0.0.1.40000: UDP, length 12',
  '10:00:00.000020 ens5  In  IP 10.0.0.1.80 > 192.168.4.12.40000: Flags [S.], seq 9, ack 8, win 1, length 0',
  '21:55:32.237262 IP 10.40.0.1.48170 > 10.40.0.6.8080: Flags [.], ack 1, win 222, length 0',
  '21:55:32.237262 IP 10.40.0.1.48170 > 10.40.0.6.8080: Flags [F.], seq 80, ack 1, win 222',
  '21:55:32.237262 IP 10.40.0.1.48170 > 10.40.0.6.8080: Flags [R]',
  '21:55:32.237262 IP 10.40.0.1 > 10.40.0.6.8080: Flags [.], ack 1, length 5:',
];

/** Lines the fast path must leave to the general parser (it would read them differently). */
const DECLINED = [
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4.5 > 6.7.8.9.10: Flags [P.], seq 1:2, length 1: a, b',
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4.5 > 6.7.8.9.10: Flags [P.], seq 1:2 , length 1',
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4.5 > 6.7.8.9.10: Flags [S], seq 1, options [mptcp capable flags [AH]], length 0',
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4.5 > 6.7.8.9.10: Flags [S], seq 1, urg 3, length 0',
  '2026-11-23 18:48:10.123456 ens5  Out IP6 fe80::1.5 > fe80::2.10: Flags [S], seq 1, length 0',
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4 > 5.6.7.8: ICMP echo request, id 1, seq 1, length 64',
  '2026-11-23 18:48:10.123456 IP  In IP 1.2.3.4.5 > 6.7.8.9.10: UDP, length 1',
  '2026-11-23 18:48:10.123456 ens5  Out IP 1.2.3.4.5 > 6.7.8.9.10: Flags [S], seq 1, length 0 ',
  '2026-11-23 18:48:10.123456 ens5\tOut IP 1.2.3.4.5 > 6.7.8.9.10: UDP, length 1',
  '12:00:00.000001 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)',
];

const DAMAGE = [' ', ',', ':', '.', '[', ']', '(', ')', '{', '\t', 'x', '9', '>', '\u00a0', ''];

describe('tcpdump fast path', () => {
  it('reads the live capture shapes, exactly as the general parser does', () => {
    for (const line of LIVE)
      expect({ line, read: expectAgreement(line) }).toEqual({ line, read: true });
  });

  it('declines what the general parser reads differently or complains about', () => {
    for (const line of DECLINED)
      expect({ line, fast: fastPacket(line, 1) }).toEqual({ line, fast: undefined });
    expectSameParse(DECLINED);
  });

  it('agrees with the general parser on every one-character damage of the live lines', () => {
    let read = 0;
    let lines = 0;
    const differences: string[] = [];
    for (const line of LIVE)
      for (let i = 0; i <= line.length; i++)
        for (const c of DAMAGE) {
          for (const damaged of [
            line.slice(0, i) + c + line.slice(i + 1),
            line.slice(0, i) + c + line.slice(i),
          ]) {
            lines++;
            const outcome = compare(damaged);
            if (outcome === 'same') read++;
            else if (outcome !== 'declined') differences.push(outcome);
          }
        }
    expect(differences.slice(0, 5)).toEqual([]);
    // Both outcomes occur: the damage leaves many lines readable and many not.
    expect(read).toBeGreaterThan(lines / 10);
    expect(read).toBeLessThan(lines);
  }, 60_000);
});

describeWithFixtures('tcpdump fast path over the fixture kit', (kit) => {
  const texts = [
    ...kit.list('tcpdump').map((file) => ({ file, text: kit.read(`tcpdump/${file}`) })),
    {
      file: 'edge-tcpdump-sll2-any-mixed.txt',
      text: readFileSync(
        new URL('fixtures/edge-tcpdump-sll2-any-mixed.txt', import.meta.url),
        'utf8',
      ),
    },
  ];

  it('gives the same records and warnings as the general parser, line by line and whole', () => {
    let read = 0;
    for (const { text } of texts) {
      for (const line of split(text)) if (expectAgreement(line)) read++;
      expectSameParse(split(text));
    }
    expect(read).toBeGreaterThan(20);
  });

  it('gives the same answer on every mutation of the fixtures', () => {
    for (const { text } of texts)
      for (const m of mutationsOf(text)) {
        if (m.text.length > 100_000) continue; // the size extremes: covered by fuzz.test.ts
        expectSameParse(split(m.text));
      }
  });
});
