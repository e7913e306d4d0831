import { expect } from 'vitest';

/** A small seeded PRNG (mulberry32) so that every fuzz run feeds the same inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One mutated input and how it was made, for the failure message. */
export interface Mutation {
  name: string;
  text: string;
}

const NASTY = [
  '\0',
  '\uFFFD',
  '\uD800',
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '/',
  '@',
  '<',
  '>',
  '\t',
  '\r',
  '\n',
  ' ',
  '-1',
  '999999999999',
  'NaN',
  '__proto__',
  'constructor',
];

/**
 * Mutations of a real capture: truncation after every line (and mid-line), seeded random byte
 * and token damage, CRLF, tabs for spaces, and the two size extremes (a 1 MB single line and
 * 100k empty lines). Parsers must survive all of them without throwing.
 */
export function mutationsOf(text: string, seed = 20240611): Mutation[] {
  const out: Mutation[] = [];
  const lines = text.split('\n');
  for (let i = 0; i <= lines.length; i++)
    out.push({ name: `first ${i} lines`, text: lines.slice(0, i).join('\n') });
  const rand = seededRandom(seed);
  for (let k = 0; k < 12; k++) {
    const cut = Math.floor(rand() * text.length);
    out.push({ name: `cut at char ${cut}`, text: text.slice(0, cut) });
  }
  for (let k = 0; k < 24; k++) {
    const chars = [...text];
    const edits = 1 + Math.floor(rand() * 8);
    for (let e = 0; e < edits && chars.length > 0; e++) {
      const pos = Math.floor(rand() * chars.length);
      const pick = rand();
      if (pick < 0.4) chars[pos] = String.fromCharCode(Math.floor(rand() * 0x3000));
      else if (pick < 0.7) chars.splice(pos, 1);
      else chars.splice(pos, 0, NASTY[Math.floor(rand() * NASTY.length)] ?? '');
    }
    out.push({ name: `random edits #${k}`, text: chars.join('') });
  }
  out.push({ name: 'CRLF', text: text.replace(/\n/g, '\r\n') });
  out.push({ name: 'tabs for spaces', text: text.replace(/ /g, '\t') });
  out.push({ name: 'doubled', text: text + text });
  out.push({ name: 'lines reversed', text: [...lines].reverse().join('\n') });
  out.push({ name: '1 MB single line', text: 'x'.repeat(1 << 20) });
  out.push({
    name: '1 MB of the input on one line',
    text: text.replace(/\n/g, ' ').repeat(Math.ceil((1 << 20) / Math.max(text.length, 1))),
  });
  out.push({ name: '100k empty lines', text: '\n'.repeat(100_000) });
  out.push({ name: '100k CRLF lines then the input', text: '\r\n'.repeat(100_000) + text });
  out.push({ name: 'empty', text: '' });
  return out;
}

/** What every parser returns, loosely typed for the sanity checks. */
interface AnyParsed {
  value: unknown;
  warnings: { line: number; message: string; raw?: string }[];
}

/**
 * Runs `parse` over every mutation: no throw, warnings well-formed (integer line within the
 * input, non-empty message, raw clipped) and bounded, and `check` on the value for
 * parser-specific sanity. Checks are plain comparisons (one `expect` per input) because
 * hundreds of thousands of `expect` calls would dominate the run.
 */
export function expectSurvives(
  parse: (text: string) => AnyParsed,
  inputs: Mutation[],
  check?: (value: unknown) => void,
): void {
  for (const input of inputs) {
    let result: AnyParsed;
    try {
      result = parse(input.text);
    } catch (error) {
      throw new Error(`parser threw on "${input.name}": ${String(error)}`, { cause: error });
    }
    const lineCount = input.text.split('\n').length;
    const bad = result.warnings.find(
      (w) =>
        !Number.isInteger(w.line) ||
        w.line < 0 ||
        w.line > lineCount ||
        w.message.length === 0 ||
        (w.raw ?? '').length >= 400,
    );
    expect({ input: input.name, hasValue: 'value' in result, badWarning: bad }).toEqual({
      input: input.name,
      hasValue: true,
      badWarning: undefined,
    });
    expect(result.warnings.length, `${input.name}: warnings bounded by lines`).toBeLessThanOrEqual(
      Math.max(lineCount, 1) * 8 + 16,
    );
    check?.(result.value);
  }
}
