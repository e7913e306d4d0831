import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseTcpdump } from './parse';

function sane(value: unknown): void {
  const records = Array.isArray(value) ? (value as { line: unknown; raw: unknown }[]) : undefined;
  const bad = records?.find((r) => !Number.isInteger(r.line) || typeof r.raw !== 'string');
  expect({ isArray: records !== undefined, bad }).toEqual({ isArray: true, bad: undefined });
}

describeWithFixtures('tcpdump parser survives damaged input', (kit) => {
  for (const file of kit.list('tcpdump')) {
    it(`mutations of ${file}`, () => {
      expectSurvives(parseTcpdump, mutationsOf(kit.read(`tcpdump/${file}`)), sane);
    });
  }
  it('mutations of the hand-written edge input', () => {
    const text = readFileSync(
      new URL('fixtures/edge-tcpdump-sll2-any-mixed.txt', import.meta.url),
      'utf8',
    );
    expectSurvives(parseTcpdump, mutationsOf(text), sane);
  });
});
