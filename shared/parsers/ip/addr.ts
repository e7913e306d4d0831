import { clip, lineWarner, type LineWarner } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import type { IpAddress, IpLink } from './types';

const HEADER = /^(\d{1,10}):\s+(\S+?):\s+<([^>]*)>(.*)$/;
/**
 * Address flags iproute2 prints as bare words after `inet`/`inet6`, and as `true` keys in
 * `ip -j addr`'s `addr_info` (where `secondary` and `primary` are not flags but fields).
 */
export const ADDRESS_FLAG_WORDS = [
  'dynamic',
  'noprefixroute',
  'mngtmpaddr',
  'temporary',
  'tentative',
  'deprecated',
  'home',
  'nodad',
  'optimistic',
  'dadfailed',
  'permanent',
  'stable-privacy',
  'autojoin',
] as const;
const ADDRESS_FLAGS = new Set<string>(['secondary', 'primary', ...ADDRESS_FLAG_WORDS]);
const HEADER_KEYS = new Set([
  'mtu',
  'qdisc',
  'master',
  'state',
  'mode',
  'group',
  'qlen',
  'link-netnsid',
  'portid',
  'netns',
]);

/** The parts of a printed interface name: `eth0@if231`, `vlan.eth.2@eth2`, `tunl0@NONE`. */
export interface IfnameParts {
  ifname: string;
  peerIfindex?: number;
  linkName?: string;
}

/** Splits `eni8ca2e41546c@if3` into the name and its peer (`ifN`) or link device name. */
export function splitIfname(printed: string): IfnameParts {
  const atSign = printed.indexOf('@');
  if (atSign <= 0) return { ifname: printed };
  const ifname = printed.slice(0, atSign);
  const rest = printed.slice(atSign + 1);
  const peer = /^if(\d{1,10})$/.exec(rest);
  if (peer?.[1] !== undefined) return { ifname, peerIfindex: Number(peer[1]) };
  if (rest === '' || rest === 'NONE') return { ifname };
  return { ifname, linkName: rest };
}

/**
 * Reads `a.b.c.d/len` or an IPv6 `addr/len` as printed by `ip addr` / `ip -br addr`. A bare
 * address is a host address (/32, /128). Returns undefined when the text is not an address.
 */
export function readCidrToken(
  token: string,
): Pick<IpAddress, 'family' | 'address' | 'prefixlen'> | undefined {
  const m = /^([0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)(?:\/(\d{1,3}))?$/.exec(token);
  if (m?.[1] === undefined) return undefined;
  const family = m[1].includes(':') ? 'inet6' : 'inet';
  const max = family === 'inet' ? 32 : 128;
  const prefixlen = m[2] === undefined ? max : Number(m[2]);
  if (prefixlen > max) return undefined;
  return { family, address: m[1], prefixlen };
}

function readAddressLine(tokens: string[], link: IpLink, lineNo: number, warn: LineWarner): void {
  const [familyWord, cidr] = tokens;
  const base = cidr === undefined ? undefined : readCidrToken(cidr);
  if (base === undefined || (familyWord === 'inet') !== (base.family === 'inet')) {
    warn(`${familyWord ?? 'inet'} line without a readable address`);
    return;
  }
  const addr: IpAddress = { ...base, flags: [], line: lineNo };
  for (let i = 2; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const value = tokens[i + 1];
    if (
      ['brd', 'scope', 'metric', 'peer', 'proto', 'label'].includes(token) &&
      value !== undefined
    ) {
      i++;
      if (token === 'brd') addr.broadcast = value;
      else if (token === 'scope') addr.scope = value;
      else if (token === 'label') addr.label = value;
      else if (token === 'metric' && /^\d{1,10}$/.test(value)) addr.metric = Number(value);
      else if (token === 'peer') {
        const peer = readCidrToken(value);
        addr.peer = value;
        if (peer !== undefined && cidr?.includes('/') !== true) addr.prefixlen = peer.prefixlen;
      }
    } else if (token === 'secondary') {
      addr.secondary = true;
      addr.flags.push(token);
    } else if (ADDRESS_FLAGS.has(token)) addr.flags.push(token);
    else if (addr.family === 'inet' && i === tokens.length - 1) addr.label = token;
    else warn(`unknown address token "${clip(token, 40)}"`);
  }
  link.addresses.push(addr);
}

function readLinkLine(tokens: string[], link: IpLink, warn: LineWarner): void {
  link.linkType = (tokens[0] ?? '').slice('link/'.length);
  let i = 1;
  const mac = tokens[1];
  if (mac !== undefined && !['brd', 'peer', 'link-netns', 'link-netnsid'].includes(mac)) {
    link.mac = mac;
    i = 2;
  }
  for (; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const value = tokens[i + 1];
    if (value === undefined) {
      warn(`"${clip(token, 40)}" has no value`);
    } else if (token === 'link-netns') {
      link.linkNetns = value;
      i++;
    } else if (token === 'link-netnsid') {
      if (/^\d{1,10}$/.test(value)) link.linkNetnsid = Number(value);
      else warn(`link-netnsid "${clip(value, 40)}" is not a number`);
      i++;
    } else if (['brd', 'peer', 'permaddr', 'promiscuity', 'allmulti'].includes(token)) i++;
    else warn(`unknown link token "${clip(token, 40)}"`);
  }
}

function readHeader(m: RegExpExecArray, lineNo: number, raw: string, warn: LineWarner): IpLink {
  const link: IpLink = {
    ifindex: Number(m[1]),
    ...splitIfname(m[2] ?? ''),
    state: 'UNKNOWN',
    flags: (m[3] ?? '').split(',').filter((f) => f !== ''),
    altnames: [],
    addresses: [],
    line: lineNo,
    raw: clip(raw, 4096),
  };
  let sawState = false;
  const tokens = (m[4] ?? '')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i] ?? '';
    const value = tokens[i + 1];
    if (!HEADER_KEYS.has(key) || value === undefined) {
      warn(`unknown interface token "${clip(key, 40)}"`);
      continue;
    }
    i++;
    if (key === 'mtu' && /^\d{1,10}$/.test(value)) link.mtu = Number(value);
    else if (key === 'qdisc') link.qdisc = value;
    else if (key === 'master') link.master = value;
    else if (key === 'state') {
      link.state = value;
      sawState = true;
    } else if (key === 'link-netnsid' && /^\d{1,10}$/.test(value)) link.linkNetnsid = Number(value);
  }
  if (!sawState) warn(`interface ${link.ifname} has no state`);
  return link;
}

/**
 * Parses `ip addr` / `ip address show` and `ip link` / `ip link show` text (also `ip -c`
 * output once colours are stripped). Detail lines of `ip -d` are reported, not read.
 *
 * Sample header: `3: eth0@if231: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue state UP`
 * → `{ ifindex: 3, ifname: 'eth0', peerIfindex: 231, flags: [...], mtu: 1500, state: 'UP', … }`;
 * its `    inet 10.0.97.30/32 brd 10.0.97.226 scope global eth0` line adds
 * `{ family: 'inet', address: '10.0.97.30', prefixlen: 32, broadcast: '10.0.97.226', scope: 'global', label: 'eth0' }`.
 * Output: one {@link IpLink} per interface block, in input order.
 */
export function parseIpAddr(text: string): Parsed<IpLink[]> {
  const warnings = new WarningList();
  const links: IpLink[] = [];
  let current: IpLink | undefined;
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const body = raw.trim();
    if (body === '') return;
    const header = HEADER.exec(raw);
    const warn = lineWarner(warnings, lineNo, raw);
    if (header !== null) {
      current = readHeader(header, lineNo, raw, warn);
      links.push(current);
      return;
    }
    const tokens = body.split(/\s+/);
    const first = tokens[0] ?? '';
    if (current === undefined || !/^\s/.test(raw)) {
      warn('not an ip addr/link line');
      if (!/^\s/.test(raw)) current = undefined;
      return;
    }
    if (first.startsWith('link/')) readLinkLine(tokens, current, warn);
    else if (first === 'inet' || first === 'inet6') readAddressLine(tokens, current, lineNo, warn);
    else if (first === 'altname' && tokens[1] !== undefined) current.altnames.push(tokens[1]);
    else if (first === 'valid_lft' || first === 'prop') return;
    else warn('detail line not read');
  });
  return { value: links, warnings: warnings.items };
}
