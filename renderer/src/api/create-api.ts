import type { KubelabApi } from '../../../shared/api/client';
import { SOCKET_PATH, TOKEN_CHECK_PATH } from '../../../shared/api/wire';
import type { Backend } from './backend';
import { createElectronBackend } from './electron-backend';
import { createSocketBackend } from './socket-backend';
import { socketUrl, takeToken, tokenFromHash } from './token';

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Picks the transport once, at startup: the preload's `window.kubelab` inside Electron, else a
 * socket to the `kubelab serve` that sent this page. This file and the two transports are the
 * only code that knows either exists.
 */
export function createApi(): Backend {
  const bridge = (window as Window & { kubelab?: KubelabApi }).kubelab;
  if (bridge !== undefined) return createElectronBackend(bridge);
  // Pasting the printed URL into a tab already on this page only changes the fragment, which
  // does not reload it: reload so the new token is taken (and hidden) like on a first load.
  window.addEventListener('hashchange', () => {
    if (tokenFromHash(window.location.hash) !== null) window.location.reload();
  });
  const token = takeToken({
    location: window.location,
    history: window.history,
    storage: sessionStorageOrNull(),
  });
  return createSocketBackend({
    url: token === null ? null : socketUrl(window.location, SOCKET_PATH, token),
    open: (url, handlers) => {
      const socket = new WebSocket(url);
      socket.onopen = () => handlers.opened();
      socket.onmessage = (event: MessageEvent<unknown>) => handlers.message(event.data);
      let hasOpened = false;
      socket.addEventListener('open', () => (hasOpened = true));
      // An error event is always followed by a close event; the client reacts to that one. A
      // socket refused at the handshake says nothing about why, so ask whether the token is stale.
      socket.onclose = (event) => {
        if (hasOpened || token === null) return handlers.closed(event.code, event.reason);
        void isTokenRefused(token).then((isRefused) =>
          isRefused
            ? handlers.closed(
                4401,
                'kubelab refused this page’s access token: open the URL it printed again.',
              )
            : handlers.closed(event.code, event.reason),
        );
      };
      return socket;
    },
  });
}

/** True only when the server answered and said no; a server that is down is not a refusal. */
async function isTokenRefused(token: string): Promise<boolean> {
  try {
    const response = await fetch(TOKEN_CHECK_PATH, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    return response.status === 401;
  } catch {
    return false;
  }
}
