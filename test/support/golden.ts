import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Golden pairs beside a parser's tests: every `fixtures/<name>.<ext>` input has a
 * `fixtures/<name>.expected.json` holding the parse result. The suite lists the folder, so adding
 * a pair adds a test. Inputs pick their parser by the longest matching name prefix
 * (`edge-rule-json-…` before `edge-rule-…`). Run with `UPDATE_GOLDEN=1` to (re)write the
 * expected files, then review the diff like code.
 */
export function goldenSuite(
  folder: string,
  parsers: Record<string, (text: string) => unknown>,
): void {
  const inputs = readdirSync(folder)
    .filter((f) => !f.endsWith('.expected.json') && f !== 'README.md')
    .sort();
  const prefixes = Object.keys(parsers).sort((a, b) => b.length - a.length);
  describe(`golden pairs in ${path.basename(path.dirname(folder))}/fixtures`, () => {
    it('has a README saying how each input was made', () => {
      const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');
      for (const input of inputs) expect(readme, `README mentions ${input}`).toContain(input);
    });
    for (const input of inputs) {
      it(input, () => {
        const prefix = prefixes.find((p) => input.startsWith(p));
        if (prefix === undefined)
          throw new Error(`no parser for ${input}; known prefixes: ${prefixes.join(', ')}`);
        const parse = parsers[prefix];
        if (parse === undefined) throw new Error(`no parser for ${prefix}`);
        const actual: unknown = JSON.parse(
          JSON.stringify(parse(readFileSync(path.join(folder, input), 'utf8'))),
        );
        const expectedPath = path.join(folder, input.replace(/\.[^.]+$/, '.expected.json'));
        if (process.env.UPDATE_GOLDEN === '1')
          writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
        if (!existsSync(expectedPath))
          throw new Error(
            `missing ${path.basename(expectedPath)}; run with UPDATE_GOLDEN=1 and review it`,
          );
        expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
      });
    }
  });
}
