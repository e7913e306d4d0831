import { app, BrowserWindow, net, protocol, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionGranted,
  WEB_PREFERENCES,
} from './security';
import { resolveInside } from './serve/static-files';

/** Must run before the app is ready: app:// is a standard, secure origin of our own. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer on app://kubelab with the CSP as a header, denies every permission
 * not on the allowlist (Electron grants them all when no handler is set), and makes sure no
 * web contents, whatever created it, can open windows or navigate off the app.
 */
export function applySecurityPolicy(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === new URL(APP_ORIGIN).host ? resolveInside(rendererDir, url.pathname) : undefined;
    if (file === undefined) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin),
  );
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
  });
}

/**
 * Creates the main window with the hardened settings of security.ts: a sandboxed, isolated
 * renderer that cannot open windows or navigate away from the app's own origin.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'kubelab',
    backgroundColor: '#101418',
    webPreferences: { ...WEB_PREFERENCES, preload: path.resolve(preloadPath) },
  });

  win.webContents.setWindowOpenHandler(({ url }) => {
    // Allowlisted documentation opens in the user's browser; nothing opens inside the app.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', blockForeign);
  win.webContents.on('will-redirect', blockForeign);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());

  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
