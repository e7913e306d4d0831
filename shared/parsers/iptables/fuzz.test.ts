import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf, type Mutation } from '../../../test/support/fuzz';
import { parseIptables } from './parse-iptables';
import type { IptablesRuleset } from './types';

const BIG = 'GENERATED-kubeproxy-large-425svcports-iptables-save.txt';

/** Parses, then decodes every rule (rules decode lazily, so damage would show only here). */
function parseAndDecode(text: string) {
  const parsed = parseIptables(text);
  JSON.stringify(parsed.value);
  return parsed;
}

function sane(value: unknown): void {
  const ruleset = value as IptablesRuleset;
  const bad = ruleset.tables
    .flatMap((t) => t.chains.flatMap((c) => c.rules))
    .find((r) => !Number.isInteger(r.line) || r.line < 1 || typeof r.raw !== 'string');
  const badIndex = ruleset.tables
    .flatMap((t) => t.chains)
    .find((c) => c.rules.some((r, i) => r.index !== i + 1 || r.chain !== c.name));
  expect({ bad, badIndex: badIndex?.name }).toEqual({ bad: undefined, badIndex: undefined });
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
    });
  }
});
