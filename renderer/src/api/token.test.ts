import { describe, expect, it, vi } from 'vitest';
import { TOKEN_STORAGE_KEY, hashWithoutToken, socketUrl, takeToken, tokenFromHash } from './token';

describe('tokenFromHash', () => {
  it.each([
    ['#token=abc123', 'abc123'],
    ['#token=a%2Bb', 'a+b'],
    ['#view=run&token=xyz', 'xyz'],
    ['#token=', null],
    ['#other=1', null],
    ['', null],
  ])('%s → %s', (hash, expected) => {
    expect(tokenFromHash(hash)).toBe(expected);
  });
});

describe('hashWithoutToken', () => {
  it.each([
    ['#token=abc', ''],
    ['#view=run&token=abc', '#view=run'],
    ['', ''],
  ])('%s → %s', (hash, expected) => {
    expect(hashWithoutToken(hash)).toBe(expected);
  });
});

describe('socketUrl', () => {
  it.each([
    ['http:', '127.0.0.1:4780', 'ws://127.0.0.1:4780/api?token=t%2B1'],
    ['https:', 'lab.example:443', 'wss://lab.example:443/api?token=t%2B1'],
  ])('%s//%s', (protocol, host, expected) => {
    expect(socketUrl({ protocol, host }, '/api', 't+1')).toBe(expected);
  });
});

function environment(hash: string, stored: string | null) {
  const storage = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]]);
  const replaceState = vi.fn();
  return {
    env: {
      location: { hash, pathname: '/', search: '?x=1' },
      history: { replaceState, state: null },
      storage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => void storage.set(key, value),
      },
    },
    storage,
    replaceState,
  };
}

describe('takeToken', () => {
  it('takes the fragment token, hides it and keeps it for a reload', () => {
    const { env, storage, replaceState } = environment('#token=fresh', 'old');
    expect(takeToken(env)).toBe('fresh');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('fresh');
  });

  it('falls back to the stored token after a reload', () => {
    const { env, replaceState } = environment('', 'kept');
    expect(takeToken(env)).toBe('kept');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('has no token when neither has one', () => {
    expect(takeToken(environment('', null).env)).toBeNull();
  });

  it('survives storage that throws', () => {
    const { env } = environment('#token=t', null);
    const throwing = {
      ...env,
      storage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('denied');
        },
      },
    };
    expect(takeToken(throwing)).toBe('t');
    expect(takeToken({ ...throwing, location: { ...env.location, hash: '' } })).toBeNull();
  });
});
