import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseIpAddr } from './addr';
import { parseIpAddrBrief } from './addr-brief';
import { parseIpAddrJson } from './addr-json';
import { parseIpNeigh, parseIpNeighJson } from './neigh';
import { parseIpRoute } from './route';
import { parseIpRouteJson } from './route-json';
import { parseIpRule, parseIpRuleJson } from './rule';

const parsers = {
  parseIpAddr,
  parseIpAddrBrief,
  parseIpAddrJson,
  parseIpNeigh,
  parseIpNeighJson,
  parseIpRoute,
  parseIpRouteJson,
  parseIpRule,
  parseIpRuleJson,
};

/** Which kit files are each parser's own input (they get every mutation). */
const own: Record<keyof typeof parsers, RegExp> = {
  parseIpAddr: /^(addr|link)-(?!br|json)/,
  parseIpAddrBrief: /^addr-br-/,
  parseIpAddrJson: /^addr-json-/,
  parseIpNeigh: /^$/,
  parseIpNeighJson: /^$/,
  parseIpRoute: /^route-(?!json)/,
  parseIpRouteJson: /^route-json-/,
  parseIpRule: /^rule-/,
  parseIpRuleJson: /^$/,
};

function sane(value: unknown): void {
  const records = Array.isArray(value) ? (value as { line: unknown; raw: unknown }[]) : undefined;
  const bad = records?.find((r) => !Number.isInteger(r.line) || typeof r.raw !== 'string');
  expect({ isArray: records !== undefined, bad }).toEqual({ isArray: true, bad: undefined });
}

describeWithFixtures('ip parsers survive damaged input', (kit) => {
  const files = kit.list('ip');
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name}: mutations of its own captures, and every other ip capture as is`, () => {
      const pattern = own[name as keyof typeof parsers];
      for (const file of files) {
        const text = kit.read(`ip/${file}`);
        expectSurvives(
          parse,
          pattern.test(file) ? mutationsOf(text) : [{ name: file, text }],
          sane,
        );
      }
      for (const edge of ['edge-neigh-states.txt', 'edge-rule-json-vpccni.txt']) {
        expectSurvives(
          parse,
          mutationsOf(readFileSync(new URL(`fixtures/${edge}`, import.meta.url), 'utf8')),
          sane,
        );
      }
    });
  }
});
