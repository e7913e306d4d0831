/**
 * One ProxyJump hop as ssh(1) reads it: `[user@]host[:port]`, `[user@][v6addr]:port` or
 * `ssh://[user@]host[:port]`. The host may be an alias of the same config.
 */
export interface JumpHop {
  host: string;
  user?: string;
  port?: number;
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Reads one hop; undefined when it is not a valid hop at all. */
export function parseJumpHop(text: string): JumpHop | undefined {
  let rest = text.trim();
  if (rest === '' || /\s/.test(rest)) return undefined;
  if (rest.toLowerCase().startsWith('ssh://'))
    rest = rest.slice('ssh://'.length).replace(/\/$/, '');
  const hop: JumpHop = { host: '' };
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const user = rest.slice(0, at);
    if (user === '') return undefined;
    hop.user = user;
    rest = rest.slice(at + 1);
  }
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hop.host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return undefined;
      portText = after.slice(1);
    }
  } else {
    const colon = rest.indexOf(':');
    // More than one colon and no brackets: a bare IPv6 address, no port.
    if (colon >= 0 && rest.indexOf(':', colon + 1) < 0) {
      hop.host = rest.slice(0, colon);
      portText = rest.slice(colon + 1);
    } else {
      hop.host = rest;
    }
  }
  if (hop.host === '') return undefined;
  if (portText !== undefined) {
    const port = parsePort(portText);
    if (port === undefined) return undefined;
    hop.port = port;
  }
  return hop;
}

/** Formats a hop back into ProxyJump syntax (for `-J`-style remainders and messages). */
export function formatJumpHop(hop: JumpHop): string {
  const host = hop.host.includes(':') ? `[${hop.host}]` : hop.host;
  return `${hop.user ? `${hop.user}@` : ''}${host}${hop.port ? `:${hop.port}` : ''}`;
}
