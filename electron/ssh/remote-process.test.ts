import { describe, expect, it } from 'vitest';
import { PidLineReader, killCommand, withPidLine } from './remote-process';

describe('PidLineReader', () => {
  it('takes the pid line off the front, even split across chunks', () => {
    const reader = new PidLineReader();
    expect(reader.push('12')).toBe('');
    expect(reader.push('34\nhello ')).toBe('hello ');
    expect(reader.push('world\n')).toBe('world\n');
    expect(reader.pgid).toBe(1234);
  });

  it('reads a PTY pid line ending in CRLF', () => {
    const reader = new PidLineReader();
    expect(reader.push('987\r\nout\r\n')).toBe('out\r\n');
    expect(reader.pgid).toBe(987);
  });

  it('passes output through untouched when the first line is not a pid', () => {
    const reader = new PidLineReader();
    expect(reader.push('motd banner\nrest')).toBe('motd banner\nrest');
    expect(reader.pgid).toBeUndefined();
  });

  it('gives back what it held when the stream ends early', () => {
    const reader = new PidLineReader();
    expect(reader.push('42')).toBe('');
    expect(reader.flush()).toBe('42');
  });
});

describe('remote commands', () => {
  it('puts the pid line first, on its own line', () => {
    expect(withPidLine('# comment\nls &')).toBe('echo $$\n# comment\nls &');
  });

  it('kills only real process groups', () => {
    expect(killCommand([123, 1, 0, -5, 1.5, 456])).toBe(
      'kill -TERM -- -123 -456 2>/dev/null; true',
    );
  });
});
