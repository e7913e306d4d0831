import { clip, fieldsOf, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { ADDRESS_FLAG_WORDS } from './addr';
import type { IpAddress, IpLink } from './types';

function addressFromJson(f: JsonFields): IpAddress | undefined {
  const family = f.string('family', true);
  const address = f.string('local', true);
  const prefixlen = f.integer('prefixlen', true);
  if (family === undefined || address === undefined || prefixlen === undefined) return undefined;
  if (family !== 'inet' && family !== 'inet6') {
    f.warn(`address family "${clip(family, 20)}" is not inet or inet6`, 'family');
    return undefined;
  }
  const addr: IpAddress = { family, address, prefixlen, flags: [], line: 0 };
  const scope = f.string('scope');
  const broadcast = f.string('broadcast');
  const label = f.string('label');
  const peer = f.string('address');
  const metric = f.number('metric');
  if (scope !== undefined) addr.scope = scope;
  if (broadcast !== undefined) addr.broadcast = broadcast;
  if (label !== undefined) addr.label = label;
  if (peer !== undefined && peer !== address) addr.peer = peer;
  if (metric !== undefined) addr.metric = metric;
  if (f.obj.secondary === true) {
    addr.secondary = true;
    addr.flags.push('secondary');
  }
  for (const key of ADDRESS_FLAG_WORDS) if (f.obj[key] === true) addr.flags.push(key);
  return addr;
}

function linkFromJson(f: JsonFields, index: number): IpLink | undefined {
  const ifname = f.string('ifname', true);
  if (ifname === undefined) return undefined;
  const link: IpLink = {
    ifname,
    state: f.string('operstate') ?? 'UNKNOWN',
    flags: f.strings('flags'),
    altnames: f.strings('altnames'),
    addresses: [],
    line: 0,
    raw: clip(JSON.stringify(f.obj), 4096),
    path: `[${index}]`,
  };
  const ifindex = f.integer('ifindex');
  const mtu = f.integer('mtu');
  const qdisc = f.string('qdisc');
  const master = f.string('master');
  const linkType = f.string('link_type');
  const mac = f.string('address');
  const peerIfindex = f.integer('link_index');
  const linkName = f.string('link');
  const linkNetnsid = f.integer('link_netnsid');
  if (ifindex !== undefined) link.ifindex = ifindex;
  if (mtu !== undefined) link.mtu = mtu;
  if (qdisc !== undefined) link.qdisc = qdisc;
  if (master !== undefined) link.master = master;
  if (linkType !== undefined) link.linkType = linkType;
  if (mac !== undefined) link.mac = mac;
  if (peerIfindex !== undefined) link.peerIfindex = peerIfindex;
  if (linkName !== undefined) link.linkName = linkName;
  if (linkNetnsid !== undefined) link.linkNetnsid = linkNetnsid;
  for (const a of f.objects('addr_info')) {
    // `ip -j addr` prints an empty object for links filtered out by family (-4/-6).
    if (Object.keys(a.obj).length === 0) continue;
    const addr = addressFromJson(a);
    if (addr !== undefined) link.addresses.push(addr);
  }
  return link;
}

/**
 * Parses `ip -j addr` and `ip -j link` (a JSON array on one line). Veth peers come from
 * `link_index`, a VLAN's lower device from `link`.
 *
 * Sample element: `{"ifindex":41,"ifname":"wg0","flags":["POINTOPOINT","NOARP","UP","LOWER_UP"],
 * "mtu":1420,"operstate":"UNKNOWN","link_type":"none","addr_info":[{"family":"inet",
 * "local":"10.10.0.2","prefixlen":24,"scope":"global","label":"wg0"}]}`
 * → `{ ifindex: 41, ifname: 'wg0', mtu: 1420, state: 'UNKNOWN', linkType: 'none',
 * addresses: [{ family: 'inet', address: '10.10.0.2', prefixlen: 24, scope: 'global', label: 'wg0' }] }`.
 * Output: the same {@link IpLink} records as `parseIpAddr`; `state` is `UNKNOWN` when absent.
 */
export function parseIpAddrJson(text: string): Parsed<IpLink[]> {
  const warnings = new WarningList();
  const links: IpLink[] = [];
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) return { value: links, warnings: warnings.items };
  if (!Array.isArray(parsed.value)) {
    warnings.add(0, 'expected a JSON array of links (ip -j addr / ip -j link)');
    return { value: links, warnings: warnings.items };
  }
  parsed.value.forEach((item, i) => {
    const f = fieldsOf(item, `[${i}]`, warnings);
    const link = f === undefined ? undefined : linkFromJson(f, i);
    if (link !== undefined) links.push(link);
  });
  return { value: links, warnings: warnings.items };
}
