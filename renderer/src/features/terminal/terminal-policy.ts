/**
 * What terminal output may make us do. Output is untrusted (any host, any program): links open
 * only for http(s) and only when clicked, and an OSC 52 clipboard write needs the user's yes.
 */

/** Links a click may open: http and https only (no file:, javascript:, custom schemes). */
export function isOpenableLink(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The largest clipboard text a program may offer; more is refused outright. */
export const MAX_OSC52_TEXT = 1024 * 1024;

export type Osc52Request =
  { kind: 'write'; text: string } | { kind: 'query' } | { kind: 'invalid'; reason: string };

/** Reads an OSC 52 payload (`Pc;Pd`: selection letters, then base64 text or `?`). */
export function parseOsc52(payload: string): Osc52Request {
  const semicolon = payload.indexOf(';');
  if (semicolon === -1) return { kind: 'invalid', reason: 'no selection parameter' };
  const selection = payload.slice(0, semicolon);
  const data = payload.slice(semicolon + 1);
  if (!/^[cpqs0-7]*$/.test(selection)) return { kind: 'invalid', reason: 'unknown selection' };
  if (data === '?') return { kind: 'query' };
  if (data.length > (MAX_OSC52_TEXT * 4) / 3 + 4) return { kind: 'invalid', reason: 'too large' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return { kind: 'invalid', reason: 'not base64' };
  try {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    return { kind: 'write', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'invalid', reason: 'not base64 UTF-8 text' };
  }
}

export type ShortcutAction = 'copy' | 'paste' | 'search';

/** Terminal shortcuts; plain Ctrl-C/V/F stay the shell's (interrupt, literal next, forward). */
export function shortcutFor(key: {
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}): ShortcutAction | null {
  const isMac = key.metaKey && !key.ctrlKey && !key.altKey;
  const isCtrlShift = key.ctrlKey && key.shiftKey && !key.altKey && !key.metaKey;
  if (!isCtrlShift && !isMac) return null;
  switch (key.key.toLowerCase()) {
    case 'c':
      return 'copy';
    case 'v':
      return 'paste';
    case 'f':
      return 'search';
    default:
      return null;
  }
}
