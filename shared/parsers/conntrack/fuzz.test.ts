import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { isDnat, natSummary } from './nat';
import { parseConntrack } from './parse-conntrack';
import type { ConntrackEntry } from './types';

function sane(value: unknown): void {
  const entries = Array.isArray(value) ? (value as ConntrackEntry[]) : undefined;
  const bad = entries?.find(
    (e) =>
      !Number.isInteger(e.line) ||
      typeof e.raw !== 'string' ||
      e.raw.length > 4200 ||
      !Number.isInteger(e.timeout) ||
      e.original.dst === '' ||
      e.reply.dst === '' ||
      typeof isDnat(e) !== 'boolean' ||
      typeof natSummary(e).backend !== 'string',
  );
  expect({ isArray: entries !== undefined, bad }).toEqual({ isArray: true, bad: undefined });
}

describeWithFixtures('conntrack parser survives damaged input', (kit) => {
  for (const file of kit.list('conntrack')) {
    it(`mutations of ${file}`, () => {
      expectSurvives(parseConntrack, mutationsOf(kit.read(`conntrack/${file}`)), sane);
    });
  }
});
