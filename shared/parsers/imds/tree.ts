import { isIPv4, isIPv4Cidr } from '../../net/ipv4';
import { isMac, normalizeMac } from '../../net/mac';
import { clip, fieldsOf, parseJsonText, type JsonFields } from '../parse-helpers';
import { WarningList, type Parsed } from '../parse-result';

/** One network interface as IMDS describes it under `network/interfaces/macs/<mac>/`. */
export interface ImdsInterface {
  mac: string;
  deviceNumber?: number;
  interfaceId?: string;
  /** The ENI's private IPv4 addresses, primary first. */
  localIpv4s: string[];
  ipv6s: string[];
  publicIpv4s: string[];
  /** Elastic/public IP → private IP (`ipv4-associations/`). */
  ipv4Associations: { publicIp: string; privateIp: string }[];
  subnetId?: string;
  subnetCidr?: string;
  vpcId?: string;
  vpcCidrs: string[];
  securityGroupIds: string[];
  ownerId?: string;
  localHostname?: string;
  path: string;
}

/** A value IMDS serves as lines; a crawler may have kept it as a string or as a list. */
function listOf(f: JsonFields, key: string): string[] {
  const v = f.obj[key];
  if (v === undefined || v === null) return [];
  if (typeof v === 'string')
    return v
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (Array.isArray(v)) return f.strings(key);
  f.warn('expected a string or a list of strings', key);
  return [];
}

function checked(
  f: JsonFields,
  key: string,
  values: string[],
  valid: (s: string) => boolean,
  what: string,
): string[] {
  return values.filter((v) => {
    if (!valid(v)) f.warn(`"${clip(v, 60)}" is not ${what}`, key);
    return valid(v);
  });
}

function readInterface(key: string, f: JsonFields): ImdsInterface {
  const stated = f.string('mac');
  if (stated !== undefined && normalizeMac(stated) !== normalizeMac(key))
    f.warn(`mac "${clip(stated, 40)}" differs from its key`, 'mac');
  const iface: ImdsInterface = {
    mac: normalizeMac(key),
    localIpv4s: checked(f, 'local-ipv4s', listOf(f, 'local-ipv4s'), isIPv4, 'an IPv4 address'),
    ipv6s: listOf(f, 'ipv6s'),
    publicIpv4s: checked(f, 'public-ipv4s', listOf(f, 'public-ipv4s'), isIPv4, 'an IPv4 address'),
    ipv4Associations: [],
    vpcCidrs: checked(
      f,
      'vpc-ipv4-cidr-blocks',
      listOf(f, 'vpc-ipv4-cidr-blocks'),
      isIPv4Cidr,
      'a CIDR',
    ),
    securityGroupIds: listOf(f, 'security-group-ids'),
    path: f.path,
  };
  if (iface.vpcCidrs.length === 0) {
    const single = f.string('vpc-ipv4-cidr-block');
    if (single !== undefined)
      iface.vpcCidrs = checked(f, 'vpc-ipv4-cidr-block', [single], isIPv4Cidr, 'a CIDR');
  }
  const device = f.integer('device-number');
  const interfaceId = f.string('interface-id');
  const subnetId = f.string('subnet-id');
  const subnetCidr = f.string('subnet-ipv4-cidr-block');
  const vpcId = f.string('vpc-id');
  const ownerId = f.string('owner-id');
  const localHostname = f.string('local-hostname');
  if (device !== undefined) iface.deviceNumber = device;
  if (interfaceId !== undefined) iface.interfaceId = interfaceId;
  if (interfaceId !== undefined && !/^eni-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(interfaceId))
    f.warn(`"${clip(interfaceId, 40)}" is not an ENI id`, 'interface-id');
  if (subnetId !== undefined) iface.subnetId = subnetId;
  if (subnetCidr !== undefined && isIPv4Cidr(subnetCidr)) iface.subnetCidr = subnetCidr;
  else if (subnetCidr !== undefined)
    f.warn(`"${clip(subnetCidr, 40)}" is not a CIDR`, 'subnet-ipv4-cidr-block');
  if (vpcId !== undefined) iface.vpcId = vpcId;
  if (ownerId !== undefined) iface.ownerId = ownerId;
  if (localHostname !== undefined) iface.localHostname = localHostname;
  const assoc = f.object('ipv4-associations');
  for (const [publicIp, privateIp] of Object.entries(assoc?.obj ?? {})) {
    if (typeof privateIp === 'string' && isIPv4(publicIp) && isIPv4(privateIp.trim()))
      iface.ipv4Associations.push({ publicIp, privateIp: privateIp.trim() });
    else assoc?.warn('expected <public IPv4>: <private IPv4>', publicIp);
  }
  return iface;
}

/** Finds the `macs` object in a crawl rooted at meta-data, at `network/interfaces`, or at `macs`. */
function findMacs(root: JsonFields): JsonFields | undefined {
  const nested =
    root.object('network')?.object('interfaces')?.object('macs') ??
    root.object('interfaces')?.object('macs') ??
    root.object('macs');
  if (nested !== undefined) return nested;
  return Object.keys(root.obj).some((k) => isMac(k)) ? root : undefined;
}

/**
 * Parses a crawled IMDS tree as JSON (cloud-init's `crawl_metadata`, or a script's
 * `{ "<mac>": { "device-number": "0", … } }`), rooted at meta-data, at
 * `network/interfaces/macs`, or anywhere between. Multi-line values may be strings or lists.
 *
 * Sample: `{"network":{"interfaces":{"macs":{"0a:75:69:92:e2:16":{"device-number":"1",
 * "interface-id":"eni-043cdce36ded5e79f","local-ipv4s":"172.31.47.221","subnet-id":"subnet-9d7ba0d1",
 * "subnet-ipv4-cidr-block":"172.31.32.0/20","vpc-id":"vpc-a07f62c8","vpc-ipv4-cidr-blocks":"172.31.0.0/16"}}}}}`
 * → `[{ mac: '0a:75:69:92:e2:16', deviceNumber: 1, interfaceId: 'eni-043cdce36ded5e79f',
 * localIpv4s: ['172.31.47.221'], subnetCidr: '172.31.32.0/20', vpcCidrs: ['172.31.0.0/16'], … }]`.
 * Output: one {@link ImdsInterface} per MAC, sorted by device number.
 */
export function parseImdsMacsTree(text: string): Parsed<ImdsInterface[]> {
  const warnings = new WarningList();
  const out: ImdsInterface[] = [];
  const parsed = parseJsonText(text, warnings);
  const root = parsed.ok ? fieldsOf(parsed.value, '', warnings) : undefined;
  if (root === undefined) return { value: out, warnings: warnings.items };
  const macs = findMacs(root);
  if (macs === undefined) {
    warnings.add(0, 'no network/interfaces/macs in this document');
    return { value: out, warnings: warnings.items };
  }
  for (const [key, f] of macs.entries()) {
    if (isMac(key)) out.push(readInterface(key, f));
    else f.warn('key is not a MAC address');
  }
  out.sort(
    (a, b) =>
      (a.deviceNumber ?? Number.MAX_SAFE_INTEGER) - (b.deviceNumber ?? Number.MAX_SAFE_INTEGER),
  );
  return { value: out, warnings: warnings.items };
}
