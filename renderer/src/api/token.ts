/** Where a reload of the same tab finds the token again once the address bar no longer shows it. */
export const TOKEN_STORAGE_KEY = 'kubelab.token';

/** The `token` parameter of a URL fragment such as `#token=abc` or `#/x&token=abc`, if any. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token !== null && token.length > 0 ? token : null;
}

/** The fragment with its `token` parameter removed ('' when nothing else was in it). */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest.length > 0 ? `#${rest}` : '';
}

/** The socket address for a page served at `location` (`ws:` beside `http:`, `wss:` beside `https:`). */
export function socketUrl(
  location: Pick<Location, 'protocol' | 'host'>,
  path: string,
  token: string,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}?token=${encodeURIComponent(token)}`;
}

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/**
 * Reads the access token once at startup: from the fragment `kubelab serve` printed (then removed
 * from the address bar so it is not shared by a copied URL or a screenshot), else from this tab's
 * session storage so a reload keeps working. The fragment never reaches the server's logs.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash !== null) {
    const { pathname, search, hash } = env.location;
    env.history.replaceState(env.history.state, '', pathname + search + hashWithoutToken(hash));
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token then lives in memory only and a reload needs the URL.
    }
    return fromHash;
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
