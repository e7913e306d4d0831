import { formatIPv4, parseIPv4Cidr } from '../../net/ipv4';
import { fieldsOf, isJsonObject, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';
import { salvageEnis } from './salvage';
import type { IpamdEni, IpamdEnis, IpamdIp } from './types';

const ZERO_TIME = /^0001-01-01T00:00:00/;

/** Reads one address entry (current `AddressInfo` or legacy `{ Assigned }`). */
function readAddress(f: JsonFields, key: string): IpamdIp {
  const address = f.string('Address') ?? key.replace(/\/32$/, '');
  const ip: IpamdIp = { address, assigned: false, path: f.path };
  const meta = f.object('IPAMMetadata');
  const name = meta?.string('k8sPodName');
  if (name !== undefined && name !== '')
    ip.pod = { namespace: meta?.string('k8sPodNamespace') ?? '', name };
  const containerId = f.object('IPAMKey')?.string('containerID');
  if (containerId !== undefined && containerId !== '') ip.containerId = containerId;
  const assignedTime = f.string('AssignedTime');
  if (assignedTime !== undefined && !ZERO_TIME.test(assignedTime)) ip.assignedTime = assignedTime;
  const stated = f.boolean('Assigned');
  if (stated !== undefined) ip.assigned = stated;
  else if ('IPAMKey' in f.obj) ip.assigned = ip.containerId !== undefined;
  // Some dumps (the fixture kit's) leave IPAMKey out: an address with a pod is assigned.
  else ip.assigned = ip.pod !== undefined;
  return ip;
}

/** Lists every address of a /28 (or any prefix up to /24); ipamd lists only used ones. */
function prefixAddresses(cidr: string): string[] {
  const net = parseIPv4Cidr(cidr);
  if (net === undefined || net.prefixlen < 24) return [];
  const out: string[] = [];
  for (let i = 0; i < 2 ** (32 - net.prefixlen); i++) out.push(formatIPv4(net.network + i));
  return out;
}

function readCidrs(eni: IpamdEni, cidrs: JsonFields): void {
  for (const [cidr, c] of cidrs.entries()) {
    const listed: IpamdIp[] = [];
    for (const [key, a] of c.object('IPAddresses')?.entries() ?? [])
      listed.push({ ...readAddress(a, key), cidr });
    const isPrefix = c.boolean('IsPrefix') === true || !cidr.endsWith('/32');
    if (!isPrefix) {
      if (listed.length === 0)
        eni.ips.push({ address: cidr.replace(/\/32$/, ''), assigned: false, cidr, path: c.path });
      eni.ips.push(...listed);
      continue;
    }
    eni.prefixes.push(cidr);
    const seen = new Set(listed.map((ip) => ip.address));
    eni.ips.push(...listed);
    for (const address of prefixAddresses(cidr))
      if (!seen.has(address)) eni.ips.push({ address, assigned: false, cidr, path: c.path });
  }
}

function readEni(f: JsonFields, key: string, networkCard: string | undefined): IpamdEni {
  const id = f.string('ID') ?? f.string('Id') ?? key;
  if (id !== key) f.warn(`ENI id "${id}" differs from its key "${key}"`);
  const eni: IpamdEni = { id, prefixes: [], ips: [], path: f.path };
  if (networkCard !== undefined) eni.networkCard = networkCard;
  const flags: [keyof IpamdEni & ('isPrimary' | 'isTrunk' | 'isEfa'), string][] = [
    ['isPrimary', 'IsPrimary'],
    ['isTrunk', 'IsTrunk'],
    ['isEfa', 'IsEFA'],
  ];
  for (const [field, jsonKey] of flags) {
    const v = f.boolean(jsonKey);
    if (v !== undefined) eni[field] = v;
  }
  const device = f.integer('DeviceNumber');
  if (device !== undefined) eni.deviceNumber = device;
  const stated = f.integer('AssignedIPv4Addresses');
  if (stated !== undefined) eni.statedAssigned = stated;
  const cidrs = f.object('AvailableIPv4Cidrs');
  if (cidrs !== undefined) readCidrs(eni, cidrs);
  for (const [address, a] of f.object('IPv4Addresses')?.entries() ?? [])
    eni.ips.push(readAddress(a, address));
  return eni;
}

function readPool(
  pool: JsonFields | undefined,
  networkCard: string | undefined,
  out: IpamdEnis,
): void {
  if (pool === undefined) return;
  const total = pool.integer('TotalIPs');
  const assigned = pool.integer('AssignedIPs');
  if (total !== undefined) out.totalIPs = (out.totalIPs ?? 0) + total;
  if (assigned !== undefined) out.assignedIPs = (out.assignedIPs ?? 0) + assigned;
  const enis = pool.object('ENIs') ?? pool.object('ENIIPPools');
  for (const [key, f] of enis?.entries() ?? []) out.enis.push(readEni(f, key, networkCard));
}

/** Warns when the stated totals disagree with the addresses listed. */
function crossCheck(out: IpamdEnis, warnings: WarningList): void {
  const listed = out.enis.reduce((n, e) => n + e.ips.length, 0);
  const assigned = out.enis.reduce((n, e) => n + e.ips.filter((ip) => ip.assigned).length, 0);
  if (out.totalIPs !== undefined && out.totalIPs !== listed)
    warnings.add(0, `TotalIPs is ${out.totalIPs} but the ENIs list ${listed} addresses`);
  if (out.assignedIPs !== undefined && out.assignedIPs !== assigned)
    warnings.add(
      0,
      `AssignedIPs is ${out.assignedIPs} but ${assigned} listed addresses are assigned`,
    );
}

/**
 * Parses ipamd's `/v1/enis` introspection JSON in its three shapes: current (keyed by network
 * card `"0"` → `ENIs` → `AvailableIPv4Cidrs` → `IPAddresses` with `IPAMMetadata` pod names),
 * v1 (the same without the card level, or with `IPv4Addresses` and `IPAMKey`), and the 2018
 * `ENIIPPools` shape with `{ "Assigned": true }` per address. Text that is not valid JSON (the
 * troubleshooting doc's `...`-elided sample) is scanned line by line for what can be kept, with
 * `complete: false`.
 *
 * Sample: `{"0":{"TotalIPs":10,"AssignedIPs":1,"ENIs":{"eni-0d3a…":{"ID":"eni-0d3a…","IsPrimary":true,
 * "DeviceNumber":0,"AvailableIPv4Cidrs":{"192.168.5.1/32":{"IPAddresses":{"192.168.5.1":{"Address":
 * "192.168.5.1","IPAMMetadata":{"k8sPodNamespace":"kube-system","k8sPodName":"coredns-…"}}}}}}}}}`
 * → `{ format: 'network-cards', complete: true, totalIPs: 10, assignedIPs: 1, enis: [{ id: 'eni-0d3a…',
 * isPrimary: true, deviceNumber: 0, networkCard: '0', ips: [{ address: '192.168.5.1', assigned: true,
 * pod: { namespace: 'kube-system', name: 'coredns-…' } }] }] }`.
 */
export function parseIpamdEnis(text: string): Parsed<IpamdEnis> {
  const warnings = new WarningList();
  const out: IpamdEnis = { format: 'unknown', complete: true, enis: [] };
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) {
    if (text.trim() === '') return { value: { ...out, complete: false }, warnings: warnings.items };
    return salvageEnis(text, warnings);
  }
  const root = fieldsOf(parsed.value, '', warnings);
  if (root === undefined) return { value: { ...out, complete: false }, warnings: warnings.items };
  const cards = Object.keys(root.obj).filter((k) => /^\d+$/.test(k));
  if (cards.length > 0 && cards.every((k) => isJsonObject(root.obj[k]))) {
    out.format = 'network-cards';
    for (const card of cards) readPool(root.object(card), card, out);
  } else if ('ENIIPPools' in root.obj) {
    out.format = 'legacy-2018';
    readPool(root, undefined, out);
  } else if ('ENIs' in root.obj) {
    out.format = 'v1';
    readPool(root, undefined, out);
  } else {
    warnings.add(0, 'not an ipamd /v1/enis document: no ENIs, ENIIPPools or network-card keys');
    out.complete = false;
  }
  crossCheck(out, warnings);
  return { value: out, warnings: warnings.items };
}
