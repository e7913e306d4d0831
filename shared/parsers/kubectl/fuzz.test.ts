import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseKubectlJson } from './json';
import { parseKubectlTable } from './table';
import { parseKubectlNodesWide, parseKubectlPodsWide, parseKubectlServicesWide } from './wide';

const edgeDir = new URL('fixtures/', import.meta.url);
const edges = readdirSync(edgeDir).filter(
  (f) => f.startsWith('edge-') && !f.endsWith('.expected.json'),
);
const parsers = {
  parseKubectlJson,
  parseKubectlTable,
  parseKubectlPodsWide,
  parseKubectlNodesWide,
  parseKubectlServicesWide,
};

describeWithFixtures('kubectl parsers survive damaged input', (kit) => {
  const inputs = [
    ...kit.list('kubectl').map((f) => kit.read(`kubectl/${f}`)),
    ...edges.map((f) => readFileSync(new URL(f, edgeDir), 'utf8')),
  ];
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name}: mutations of every kubectl capture and edge case`, () => {
      for (const text of inputs) expectSurvives(parse, mutationsOf(text));
    });
  }
});
