import { quote } from 'shell-quote';
import type { CollectWarning } from '../../shared/model/lab-overview';
import { parseIpAddrJson, parseIpRouteJson } from '../../shared/parsers/ip';
import type { IpLink, IpRoute } from '../../shared/parsers/ip';
import { parseIpamdEnis, type IpamdEnis } from '../../shared/parsers/ipamd';
import type { Host } from '../hosts/host';
import { parseLine, readSource } from './run';

const IMDS = 'http://169.254.169.254/latest';
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const TOKEN = /^[A-Za-z0-9_=+/-]{1,512}$/;

/** What one node's own sources told: ipamd's ENIs, its interfaces and routes, IMDS's ENI ids. */
export interface NodeSources {
  ipamd?: IpamdEnis;
  links?: IpLink[];
  routes?: IpRoute[];
  /** MAC → ENI id and device number, from instance metadata. */
  imds: Map<string, { interfaceId?: string; deviceNumber?: number }>;
}

/** Reads a node's sources in parallel: one round of commands per poll. */
export async function readNodeSources(
  host: Host,
  warnings: CollectWarning[],
): Promise<NodeSources> {
  const [ipamd, links, routes, imds] = await Promise.all([
    readIpamd(host, warnings),
    readSource(host, 'ip addr', 'ip -j addr', parseIpAddrJson, warnings),
    readSource(host, 'ip route', 'ip -j route show table main', parseIpRouteJson, warnings),
    readImds(host, warnings),
  ]);
  return {
    ...(ipamd ? { ipamd } : {}),
    ...(links ? { links } : {}),
    ...(routes ? { routes } : {}),
    imds,
  };
}

/** ipamd's introspection endpoint: 61679 today, 61678 on older VPC CNI releases. */
async function readIpamd(host: Host, warnings: CollectWarning[]): Promise<IpamdEnis | undefined> {
  const scratch: CollectWarning[] = [];
  for (const port of [61679, 61678]) {
    const value = await readSource(
      host,
      'ipamd',
      `curl -s --max-time 3 localhost:${port}/v1/enis`,
      parseIpamdEnis,
      scratch,
    );
    if (value) return value;
  }
  warnings.push(...scratch.slice(0, 1));
  return undefined;
}

/** ENI ids and device numbers per MAC, from instance metadata (IMDSv2 token first, then v1). */
async function readImds(host: Host, warnings: CollectWarning[]): Promise<NodeSources['imds']> {
  const result: NodeSources['imds'] = new Map();
  const quiet: CollectWarning[] = [];
  const token = await readSource(
    host,
    'imds',
    `curl -s --max-time 2 -X PUT ${IMDS}/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60'`,
    parseLine,
    quiet,
  );
  const header =
    token && TOKEN.test(token) ? ` -H ${quote([`X-aws-ec2-metadata-token: ${token}`])}` : '';
  const get = (path: string, into: CollectWarning[]): Promise<string | undefined> =>
    readSource(
      host,
      'imds',
      `curl -s --max-time 2${header} ${quote([`${IMDS}/meta-data/${path}`])}`,
      parseLine,
      into,
    );

  const listing = await get('network/interfaces/macs/', warnings);
  const macs = (listing ?? '')
    .split('\n')
    .map((line) => line.trim().replace(/\/$/, ''))
    .filter((mac) => MAC.test(mac));
  await Promise.all(
    macs.map(async (mac) => {
      const [interfaceId, device] = await Promise.all([
        get(`network/interfaces/macs/${mac}/interface-id`, warnings),
        get(`network/interfaces/macs/${mac}/device-number`, warnings),
      ]);
      const deviceNumber = device === undefined ? NaN : Number(device);
      result.set(mac, {
        ...(interfaceId?.startsWith('eni-') ? { interfaceId } : {}),
        ...(Number.isInteger(deviceNumber) ? { deviceNumber } : {}),
      });
    }),
  );
  return result;
}
