import { describe, expect, it } from 'vitest';
import { isOpenableLink, parseOsc52, shortcutFor } from './terminal-policy';

describe('isOpenableLink', () => {
  it.each([
    ['https://aws.amazon.com/linux/amazon-linux-2023', true],
    ['http://169.254.169.254/latest/meta-data/', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['vscode://open?x', false],
    ['not a url', false],
  ])('%s → %s', (uri, expected) => {
    expect(isOpenableLink(uri)).toBe(expected);
  });
});

describe('parseOsc52', () => {
  it('decodes a clipboard write as UTF-8', () => {
    expect(parseOsc52(`c;${btoa('hello')}`)).toEqual({ kind: 'write', text: 'hello' });
    const korean = btoa(String.fromCharCode(...new TextEncoder().encode('노드')));
    expect(parseOsc52(`;${korean}`)).toEqual({ kind: 'write', text: '노드' });
  });

  it('recognises a read request, which is always refused', () => {
    expect(parseOsc52('c;?')).toEqual({ kind: 'query' });
  });

  it.each(['nosemicolon', 'x;aGk=', 'c;not base64!', `c;${btoa('\xff\xfe')}`])(
    'rejects %j',
    (payload) => {
      expect(parseOsc52(payload).kind).toBe('invalid');
    },
  );
});

describe('shortcutFor', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>>,
  ) => ({
    key: k,
    ctrlKey: false,
    shiftKey: false,
    altKey: false,
    metaKey: false,
    ...mods,
  });

  it('maps Ctrl-Shift-C/V/F and leaves plain Ctrl-C to the shell', () => {
    expect(shortcutFor(key('C', { ctrlKey: true, shiftKey: true }))).toBe('copy');
    expect(shortcutFor(key('V', { ctrlKey: true, shiftKey: true }))).toBe('paste');
    expect(shortcutFor(key('F', { ctrlKey: true, shiftKey: true }))).toBe('search');
    expect(shortcutFor(key('c', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('c', { metaKey: true }))).toBe('copy');
  });
});
