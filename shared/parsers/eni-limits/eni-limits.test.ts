import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { maxPods } from './max-pods';
import { findInstanceType, parseEniLimitsTsv, parseEniMaxPods } from './tables';

describeWithFixtures('ENI limits over the fixture kit', (kit) => {
  const maxPodsTable = parseEniMaxPods(kit.read('eni-limits/eni-max-pods.txt'));
  const limits = parseEniLimitsTsv(kit.read('eni-limits/vpc_ip_resource_limit.tsv'));

  it('reads 1,391 instance types from eni-max-pods.txt', () => {
    expect(maxPodsTable.warnings).toEqual([]);
    expect(maxPodsTable.value).toHaveLength(1391);
    const pods = (t: string) => findInstanceType(maxPodsTable.value, t)?.maxPods;
    expect([pods('m5.large'), pods('t3.medium'), pods('t3.micro'), pods('p4d.24xlarge')]).toEqual([
      29, 17, 4, 737,
    ]);
  });

  it('reads the limits table', () => {
    expect(limits.warnings).toEqual([]);
    expect(limits.value).toHaveLength(1391);
    expect(findInstanceType(limits.value, 'm5.large')).toMatchObject({
      eniLimit: 3,
      ipv4PerEni: 10,
    });
    expect(findInstanceType(limits.value, 't3.medium')).toMatchObject({
      eniLimit: 3,
      ipv4PerEni: 6,
      hypervisor: 'nitro',
      isBareMetal: false,
    });
    expect(findInstanceType(limits.value, 'p4d.24xlarge')).toMatchObject({
      eniLimit: 15,
      ipv4PerEni: 50,
      defaultNetworkCardIndex: 0,
    });
    expect(findInstanceType(limits.value, 'p4d.24xlarge')?.networkCards).toEqual(
      [0, 1, 2, 3].map((index) => ({ index, maxEnis: 15 })),
    );
    expect(findInstanceType(limits.value, 'a1.metal')).toMatchObject({
      hypervisor: 'unknown',
      isBareMetal: true,
    });
  });

  it('reproduces every row of eni-max-pods.txt from the limits with the formula', () => {
    const mismatches = maxPodsTable.value.filter((entry) => {
      const limit = findInstanceType(limits.value, entry.instanceType);
      return limit === undefined || maxPods(limit.eniLimit, limit.ipv4PerEni) !== entry.maxPods;
    });
    expect(mismatches).toEqual([]);
  });

  it('survives damaged tables', () => {
    for (const file of kit.list('eni-limits')) {
      const text = kit.read(`eni-limits/${file}`);
      const small = text.split('\n').slice(0, 60).join('\n');
      for (const parse of [parseEniMaxPods, parseEniLimitsTsv]) {
        expectSurvives(parse, mutationsOf(small));
        expectSurvives(parse, [
          { name: `${file} CRLF`, text: text.replace(/\n/g, '\r\n') },
          { name: `${file} as is`, text },
        ]);
      }
    }
  });
});

describe('maxPods', () => {
  it('follows the secondary-IP formula', () => {
    expect(maxPods(3, 6)).toBe(17);
    expect(maxPods(3, 10)).toBe(29);
    expect(maxPods(2, 2)).toBe(4);
    expect(maxPods(15, 50)).toBe(737);
  });

  it('applies prefix delegation and the calculator ceilings', () => {
    expect(maxPods(3, 6, { prefixDelegation: true })).toBe(110);
    expect(maxPods(2, 2, { prefixDelegation: true })).toBe(34);
    expect(maxPods(15, 50, { prefixDelegation: true, vcpus: 96 })).toBe(250);
    expect(maxPods(15, 50, { prefixDelegation: true, vcpus: 30 })).toBe(110);
    expect(maxPods(15, 50, { vcpus: 96 })).toBe(250);
    expect(maxPods(3, 6, { vcpus: 2 })).toBe(17);
  });

  it('returns 0 for impossible limits', () => {
    expect(maxPods(0, 6)).toBe(0);
    expect(maxPods(3, 0)).toBe(0);
    expect(maxPods(Number.NaN, 6)).toBe(0);
    expect(maxPods(2.5, 6)).toBe(0);
  });
});

describe('ENI limit tables, edge cases', () => {
  it('finds columns by name and reports bad rows', () => {
    const tsv =
      'ipv4_per_eni\tinstance_type\teni_limit\tnetwork_cards\nx\tt3.medium\t3\n6\tt3.medium\t3\t0:3;bad\n';
    const { value, warnings } = parseEniLimitsTsv(tsv);
    expect(value).toEqual([
      {
        instanceType: 't3.medium',
        eniLimit: 3,
        ipv4PerEni: 6,
        networkCards: [{ index: 0, maxEnis: 3 }],
        line: 3,
      },
    ]);
    expect(warnings.map((w) => w.line)).toEqual([2, 2, 3]);
    expect(
      parseEniMaxPods('t3.medium 17\nt3.large\n# c\nT3 x\n').warnings.map((w) => w.line),
    ).toEqual([2, 4]);
  });
});
