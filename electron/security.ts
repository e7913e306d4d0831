/**
 * The window's security settings, in one module with no Electron import so a unit test can read
 * them and a regression fails CI. window.ts applies them; nothing else defines them.
 */

/** The origin the app's own pages are served from (a privileged custom scheme, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kubelab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The page's Content-Security-Policy: only the app's own scripts and styles; the API socket in
 * serve mode is the only connection a page may open.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** webPreferences of every kubelab window. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** Compares parsed origins: `app://kubelab.evil` or `app://kubelab@evil` never pass. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** Documentation sites a link in the app may open in the user's browser. */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'kubernetes.io',
  'docs.aws.amazon.com',
  'github.com',
  'man7.org',
  'www.tcpdump.org',
  'docs.tigera.io',
]);

/** An external link opens only if it is http(s) to an allowlisted host, with no credentials. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.username === '' &&
      parsed.password === '' &&
      EXTERNAL_LINK_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * Permissions the app's pages may be granted. Electron grants every permission request when no
 * handler is set; kubelab needs none of them except writing what the user copies.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}
