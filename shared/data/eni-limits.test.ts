import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../test/support/fixtures';
import { parseEniLimitsTsv, parseEniMaxPods } from '../parsers/eni-limits';
import { ENI_LIMITS_SOURCE, knownInstanceTypes, limitsFor } from './eni-limits';

describe('limitsFor', () => {
  it('gives the shipped limits and the max pods formula', () => {
    expect(limitsFor('t3.medium')).toEqual({ maxEnis: 3, ipsPerEni: 6, maxPods: 17 });
    expect(limitsFor('m5.large')).toEqual({ maxEnis: 3, ipsPerEni: 10, maxPods: 29 });
    expect(limitsFor(' T3.Medium ')).toEqual(limitsFor('t3.medium'));
    expect(limitsFor('p4d.24xlarge')?.maxPods).toBe(737);
  });

  it('answers unknown for types the table does not list', () => {
    expect(limitsFor('t9.gigantic')).toBeUndefined();
    expect(limitsFor('')).toBeUndefined();
  });

  it('names its upstream source with a commit', () => {
    expect(ENI_LIMITS_SOURCE).toMatch(
      /^https:\/\/github\.com\/aws\/amazon-vpc-cni-k8s\/blob\/[0-9a-f]{40}\/pkg\/vpc\//,
    );
  });
});

describeWithFixtures('shipped ENI limits against the fixture kit', (kit) => {
  it('equals the kit table row for row (the generated file is current)', () => {
    const kitRows = parseEniLimitsTsv(kit.read('eni-limits/vpc_ip_resource_limit.tsv')).value;
    expect(knownInstanceTypes()).toEqual(kitRows.map((r) => r.instanceType).sort());
    const differing = kitRows.filter((r) => {
      const ours = limitsFor(r.instanceType);
      return ours?.maxEnis !== r.eniLimit || ours.ipsPerEni !== r.ipv4PerEni;
    });
    expect(differing).toEqual([]);
  });

  it('reproduces eni-max-pods.txt for every instance type both list', () => {
    const table = parseEniMaxPods(kit.read('eni-limits/eni-max-pods.txt')).value;
    const listedInBoth = table.filter((e) => limitsFor(e.instanceType) !== undefined);
    expect(listedInBoth.length).toBe(1391);
    const mismatches = listedInBoth
      .filter((e) => limitsFor(e.instanceType)?.maxPods !== e.maxPods)
      .map(
        (e) => `${e.instanceType}: table ${e.maxPods}, ours ${limitsFor(e.instanceType)?.maxPods}`,
      );
    expect(mismatches).toEqual([]);
  });
});
