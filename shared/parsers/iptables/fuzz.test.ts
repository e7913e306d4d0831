import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf, type Mutation } from '../../../test/support/fuzz';
import { parseIptables } from './parse-iptables';
import { QUICK_FULL, QUICK_NONE, quickSummarize } from './quick-summary';
import { newSummary, summarizeRule } from './rule-summary';
import { ruleCountOf } from './stored-table';
import type { IptablesRuleset } from './types';

const BIG = 'GENERATED-kubeproxy-large-425svcports-iptables-save.txt';

/** Parses, then decodes every rule (rules decode lazily, so damage would show only here). */
function parseAndDecode(text: string) {
  const parsed = parseIptables(text);
  JSON.stringify(parsed.value);
  return parsed;
}

/** Every rule whose quick reading disagrees with the full one, as `chain#index: field`. */
function disagreements(ruleset: IptablesRuleset): string[] {
  const quick = newSummary();
  const full = newSummary();
  const out: string[] = [];
  for (const chain of ruleset.tables.flatMap((t) => t.chains)) {
    for (let i = 0; i < ruleCountOf(chain); i++) {
      const kind = quickSummarize(chain, i, quick);
      if (kind === QUICK_NONE) continue;
      summarizeRule(chain, i, full);
      const fields: ('target' | 'targetChain' | 'dnatIp' | 'dnatPort' | 'probability')[] = [
        'target',
        'targetChain',
        'dnatIp',
        'dnatPort',
      ];
      if (kind === QUICK_FULL) fields.push('probability');
      for (const f of fields) {
        if (!Object.is(quick[f], full[f]))
          out.push(`${chain.name}#${i + 1}: ${f} ${String(quick[f])} vs ${String(full[f])}`);
      }
      if (kind === QUICK_FULL) {
        for (const f of ['recentAction', 'hasOtherConditions'] as const) {
          if (!Object.is(quick[f], full[f]))
            out.push(`${chain.name}#${i + 1}: ${f} ${String(quick[f])} vs ${String(full[f])}`);
        }
      }
    }
  }
  return out;
}

function sane(value: unknown): void {
  const ruleset = value as IptablesRuleset;
  const bad = ruleset.tables
    .flatMap((t) => t.chains.flatMap((c) => c.rules))
    .find((r) => !Number.isInteger(r.line) || r.line < 1 || typeof r.raw !== 'string');
  const badIndex = ruleset.tables
    .flatMap((t) => t.chains)
    .find((c) => c.rules.some((r, i) => r.index !== i + 1 || r.chain !== c.name));
  const misread = disagreements(ruleset).slice(0, 3);
  expect({ bad, badIndex: badIndex?.name, misread }).toEqual({
    bad: undefined,
    badIndex: undefined,
    misread: [],
  });
}

describeWithFixtures('iptables parser survives damaged input', (kit) => {
  for (const file of kit.list('iptables').filter((f) => f.endsWith('.txt'))) {
    it(`survives mutations of ${file}`, () => {
      const text = kit.read(`iptables/${file}`);
      let inputs: Mutation[];
      if (file === BIG) {
        // Truncating a 6,279-line dump after every line would parse 2 GB: mutate its head, cut the whole.
        const head = text.split('\n').slice(0, 400).join('\n');
        const cuts = [1000, 100_000, 363_251, 700_000].map((n) => ({
          name: `cut at ${n}`,
          text: text.slice(0, n),
        }));
        inputs = [
          ...mutationsOf(head),
          ...cuts,
          { name: 'CRLF', text: text.replace(/\n/g, '\r\n') },
        ];
      } else inputs = mutationsOf(text);
      expectSurvives(parseAndDecode, inputs, sane);
      // Hundreds of full decodes: on a 2-core box shared with other suites this can pass 5 s.
    }, 60_000);
  }
});

describeWithFixtures('quick rule summaries agree with full ones', (kit) => {
  for (const file of kit.list('iptables').filter((f) => f.endsWith('.txt'))) {
    it(file, () => {
      expect(disagreements(parseIptables(kit.read(`iptables/${file}`)).value)).toEqual([]);
    });
  }
});
