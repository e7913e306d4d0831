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

/**
 * The ProxyJump an old-style `ProxyCommand ssh -W %h:%p bastion` (or `ssh bastion -W %h:%p`,
 * `-q`, `[%h]:%p`) means, or undefined for any other command: kubelab runs no commands from a
 * config, but this one form is exactly a single-hop ProxyJump.
 */
export function proxyCommandAsJump(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'ssh') return undefined;
  const rest = words.slice(1).filter((w) => w !== '-q');
  const w = rest.indexOf('-W');
  const target = w >= 0 ? rest[w + 1] : undefined;
  if (target !== '%h:%p' && target !== '[%h]:%p') return undefined;
  const others = rest.filter((_, i) => i !== w && i !== w + 1);
  const host = others[0];
  if (others.length !== 1 || host === undefined || host.startsWith('-') || host.includes('%'))
    return undefined;
  return parseJumpHop(host) ? host : undefined;
}
