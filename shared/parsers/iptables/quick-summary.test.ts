import { expect, it } from 'vitest';
import { seededRandom } from '../../../test/support/fuzz';
import { numberAt } from './quick-summary';

it('reads numbers in place exactly as Number() does', () => {
  const rand = seededRandom(7);
  const samples = [
    '0.10000000009',
    '0.33333333349',
    '0.50000000000',
    '1',
    '0',
    '0.2',
    '1.0',
    '.5',
    '5.',
    '-0.5',
    '1e-3',
    '0x10',
    '',
    '0.1234567890123456789',
    '00000000000000000001',
    '3.141592653589793',
  ];
  for (let k = 0; k < 20_000; k++) {
    const digits = 1 + Math.floor(rand() * 17);
    let text = '';
    for (let d = 0; d < digits; d++) text += String(Math.floor(rand() * 10));
    const dot = Math.floor(rand() * (digits + 1));
    samples.push(text.slice(0, dot) + '.' + text.slice(dot), text);
  }
  const wrong = samples.filter((s) => !Object.is(numberAt(`x ${s} y`, 2, 2 + s.length), Number(s)));
  expect(wrong).toEqual([]);
});
