import { isMac } from '../../net/mac';
import { clip, lineWarner } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import { readCidrToken, splitIfname } from './addr';
import type { IpAddress, IpLink } from './types';

const STATES = new Set([
  'UP',
  'DOWN',
  'UNKNOWN',
  'LOWERLAYERDOWN',
  'DORMANT',
  'NOTPRESENT',
  'TESTING',
]);

/**
 * Parses `ip -br addr` and `ip -br link` (brief) text. Fields are split on whitespace, not on
 * fixed columns, because a long name (`enifdec4b696ce@if3`) overflows the 16-character column.
 *
 * Sample line: `ens5             UP             192.168.4.12/22 metric 512 fe80::4dc:41ff:fe7e:4b63/64`
 * → `{ ifname: 'ens5', state: 'UP', addresses: [{ family: 'inet', address: '192.168.4.12',
 * prefixlen: 22, metric: 512 }, { family: 'inet6', … }] }`. `ip -br link` lines
 * (`lo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>`) give `mac` and `flags` instead.
 * Output: one {@link IpLink} per line; fields brief output lacks (ifindex, mtu…) are absent.
 */
export function parseIpAddrBrief(text: string): Parsed<IpLink[]> {
  const warnings = new WarningList();
  const links: IpLink[] = [];
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const tokens = raw
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    const [name, state] = tokens;
    if (name === undefined) return;
    if (state === undefined || !STATES.has(state) || /^\s/.test(raw)) {
      warnings.add(
        lineNo,
        'not an ip -br addr/link line (expected "<ifname> <state> …")',
        clip(raw),
      );
      return;
    }
    const link: IpLink = {
      ...splitIfname(name),
      state,
      flags: [],
      altnames: [],
      addresses: [],
      line: lineNo,
      raw: clip(raw, 4096),
    };
    const warn = lineWarner(warnings, lineNo, raw);
    let last: IpAddress | undefined;
    for (let i = 2; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const cidr = readCidrToken(token);
      if (token === 'metric' && last !== undefined && /^\d{1,10}$/.test(tokens[i + 1] ?? '')) {
        last.metric = Number(tokens[++i]);
      } else if (isMac(token) && i === 2) link.mac = token;
      else if (/^<[^>]*>$/.test(token))
        link.flags = token
          .slice(1, -1)
          .split(',')
          .filter((f) => f !== '');
      else if (cidr !== undefined) {
        last = { ...cidr, flags: [], line: lineNo };
        link.addresses.push(last);
      } else warn(`unknown token "${clip(token, 40)}"`);
    }
    links.push(link);
  });
  return { value: links, warnings: warnings.items };
}
