import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseIpamdEnis } from './enis';
import { parseIpamdPods } from './pods';

const edgeDir = new URL('fixtures/', import.meta.url);
const edges = readdirSync(edgeDir).filter(
  (f) => f.startsWith('edge-') && !f.endsWith('.expected.json'),
);

describeWithFixtures('ipamd parsers survive damaged input', (kit) => {
  const inputs = [
    ...kit.list('ipamd').map((f) => kit.read(`ipamd/${f}`)),
    ...edges.map((f) => readFileSync(new URL(f, edgeDir), 'utf8')),
  ];
  it('parseIpamdEnis: a damaged document is never reported complete with a syntax warning', () => {
    for (const text of inputs) {
      expectSurvives(parseIpamdEnis, mutationsOf(text), (value) => {
        const v = value as { complete: boolean; enis: unknown[] };
        expect(Array.isArray(v.enis)).toBe(true);
      });
      for (const m of mutationsOf(text)) {
        const r = parseIpamdEnis(m.text);
        if (r.warnings.some((w) => w.message.startsWith('not valid JSON')))
          expect(r.value.complete, m.name).toBe(false);
      }
    }
  });
  it('parseIpamdPods', () => {
    for (const text of inputs) expectSurvives(parseIpamdPods, mutationsOf(text));
  });
});
