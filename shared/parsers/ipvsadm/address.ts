import { portByName } from './port-names';
import type { IpvsAddress } from './types';

/** ipvsadm prints `host:port` into a 24-character column; a longer one is cut. */
export const ADDRESS_COLUMN = 24;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const EC2_NAME = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.|$)/;

function isOctets(parts: readonly (string | undefined)[]): boolean {
  return parts.every((p) => p !== undefined && Number(p) <= 255);
}

/** The IP behind an EC2-style hostname (`ip-10-100-0-1.us-east-1.compute.internal`), or null. */
export function ipFromHostname(hostname: string): string | null {
  const m = EC2_NAME.exec(hostname);
  if (m === null) return null;
  const parts = m.slice(1, 5);
  return isOctets(parts) ? parts.join('.') : null;
}

function readPort(text: string): {
  port: number | null;
  portName: string | null;
  problem: string | null;
} {
  if (/^\d{1,5}$/.test(text)) {
    const port = Number(text);
    return port <= 65535
      ? { port, portName: null, problem: null }
      : { port: null, portName: null, problem: `port ${text} out of range` };
  }
  const port = portByName(text);
  if (port !== undefined) return { port, portName: text, problem: null };
  return { port: null, portName: text, problem: `unknown port name "${text.slice(0, 40)}"` };
}

/**
 * Reads one address column of `ipvsadm -L`: `10.0.0.1:443`, `[2001:db8::1]:80`,
 * `100.64.134.163:postgresql` (named port), or, without `-n`, a reverse-resolved hostname that
 * the column may have cut (`ip-10-100-0-1.us-east-1.`): the IP is then recovered from an
 * `ip-a-b-c-d` label when there is one, and the address is flagged as not resolved.
 */
export function parseIpvsAddress(text: string): IpvsAddress {
  let host = text;
  let portText: string | null = null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = close < 0 ? text.slice(1) : text.slice(1, close);
    if (close >= 0 && text[close + 1] === ':') portText = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0 && text.indexOf(':') === colon) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  const port =
    portText === null ? { port: null, portName: null, problem: null } : readPort(portText);
  const isLiteral = IPV4.test(host) ? isOctets(host.split('.')) : host.includes(':');
  const ip = isLiteral ? host : ipFromHostname(host);
  let problem = port.problem;
  if (portText === null) {
    problem =
      text.length >= ADDRESS_COLUMN ? 'hostname cut to the column width: port lost' : 'no port';
  }
  if (ip === null) problem ??= `cannot tell the IP of "${host.slice(0, 40)}"`;
  else if (!isLiteral) problem ??= 'IP read from the hostname';
  return {
    text,
    ip,
    port: port.port,
    hostname: isLiteral ? null : host,
    portName: port.portName,
    isResolved: isLiteral && port.port !== null,
    problem,
  };
}
