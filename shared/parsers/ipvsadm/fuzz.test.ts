import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseIpvsadm } from './parse-ipvsadm';
import type { IpvsListing } from './types';

function sane(value: unknown): void {
  const listing = value as IpvsListing;
  const bad = listing.services
    .flatMap((s) => [s, ...s.realServers])
    .find(
      (r) =>
        !Number.isInteger(r.line) ||
        r.line < 1 ||
        typeof r.raw !== 'string' ||
        typeof r.address.text !== 'string',
    );
  expect(bad).toBeUndefined();
}

describeWithFixtures('ipvsadm parser survives damaged input', (kit) => {
  for (const file of kit.list('ipvsadm')) {
    it(`survives mutations of ${file}`, () => {
      expectSurvives(parseIpvsadm, mutationsOf(kit.read(`ipvsadm/${file}`)), sane);
    });
  }
});
