import { describe, expect, it } from 'vitest';
import {
  EMPTY_BUFFER,
  MAX_LINE_LENGTH,
  appendText,
  bufferText,
  cleanLine,
  finishBuffer,
  lineAt,
  lineCount,
  type LineBuffer,
} from './line-buffer';

function feed(chunks: string[], maxLines = 100): LineBuffer {
  return chunks.reduce((buffer, chunk) => appendText(buffer, chunk, maxLines), EMPTY_BUFFER);
}

describe('cleanLine', () => {
  it.each([
    ['plain', 'plain'],
    ['crlf\r', 'crlf'],
    ['\u001b[1;31mred\u001b[0m text', 'red text'],
    ['\u001b]0;title\u0007shown', 'shown'],
    ['progress 10%\rprogress 20%', 'progress 20%'],
    ['abcdef\rxy', 'xycdef'],
    ['bell\u0007 tab\tkept', 'bell tab\tkept'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(cleanLine(raw)).toBe(expected);
  });
});

describe('appendText', () => {
  it.each([
    [['a\nb\n'], ['a', 'b'], ''],
    [['a\nb'], ['a'], 'b'],
    [['par', 'tial\nnext'], ['partial'], 'next'],
    [['one\r', '\ntwo\r\n'], ['one', 'two'], ''],
    [['\n\n'], ['', ''], ''],
    [[''], [], ''],
  ])('%j → lines %j, partial %j', (chunks, lines, partial) => {
    const buffer = feed(chunks);
    expect(buffer.lines).toEqual(lines);
    expect(buffer.partial).toBe(partial);
  });

  it('keeps the newest lines under the cap and counts the dropped ones', () => {
    const buffer = feed(['1\n2\n3\n', '4\n5\n'], 3);
    expect(buffer.lines).toEqual(['3', '4', '5']);
    expect(buffer.dropped).toBe(2);
    expect(appendText(buffer, '6\n', 3).dropped).toBe(3);
  });

  it('breaks a line that never ends', () => {
    const buffer = feed(['x'.repeat(MAX_LINE_LENGTH * 2 + 5)]);
    expect(buffer.lines.map((line) => line.length)).toEqual([MAX_LINE_LENGTH, MAX_LINE_LENGTH]);
    expect(buffer.partial).toHaveLength(5);
  });

  it('returns the same buffer for empty text', () => {
    const buffer = feed(['a\n']);
    expect(appendText(buffer, '')).toBe(buffer);
  });
});

describe('reading a buffer', () => {
  const buffer = feed(['a\n\u001b[32mb\u001b[0m\nc']);
  it('counts and reads the partial line as the last one', () => {
    expect(lineCount(buffer)).toBe(3);
    expect([0, 1, 2, 3].map((index) => lineAt(buffer, index))).toEqual(['a', 'b', 'c', '']);
    expect(bufferText(buffer)).toBe('a\nb\nc');
  });

  it('finishes a partial line when the stream ends', () => {
    const done = finishBuffer(buffer);
    expect(done.lines).toEqual(['a', 'b', 'c']);
    expect(done.partial).toBe('');
    expect(finishBuffer(done)).toBe(done);
    expect(lineCount(EMPTY_BUFFER)).toBe(0);
    expect(bufferText(EMPTY_BUFFER)).toBe('');
  });
});
