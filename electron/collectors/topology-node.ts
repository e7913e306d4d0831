/**
 * A node's topology sources in two round trips: one exec prints `ip -j addr`, `ip -j -d link`,
 * `ip -j rule|route`, ipamd's `/v1/enis` and IMDS's MAC listing as delimited sections; a second
 * asks IMDS about each MAC.
 * (The second needs the MACs of the first, and a `for` loop is more shell than every host runs.)
 */
import { quote } from 'shell-quote';
import type { CollectWarning } from '../../shared/model/lab-overview';
import { parseIpLinkDetails } from '../../shared/model/topology-overlay';
import { SOURCE, type ImdsEniFacts, type NodeFacts } from '../../shared/model/topology-facts';
import { normalizeMac } from '../../shared/net/mac';
import { parseIpAddrJson, parseIpRouteJson, parseIpRuleJson } from '../../shared/parsers/ip';
import {
  parseImdsDeviceNumber,
  parseImdsIpv4List,
  parseImdsMacs,
  parseImdsValue,
} from '../../shared/parsers/imds';
import { parseIpamdEnis } from '../../shared/parsers/ipamd';
import type { Parsed } from '../../shared/parsers/parse-result';
import type { Host } from '../hosts/host';

const IMDS = 'http://169.254.169.254/latest';
const MARK = '@@kubelab';
/**
 * One node's sectioned exec runs several sources one after another, each curl bounded by its
 * own --max-time, so the exec as a whole gets more time than a single source's command.
 */
const NODE_EXEC_TIMEOUT_MS = 20_000;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
/** IMDSv2 token first; an empty or refused token falls back to IMDSv1. */
const TOKEN = `T=$(curl -sf --max-time 1 -X PUT ${IMDS}/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')`;
const FIELDS = ['device-number', 'interface-id', 'local-ipv4s', 'subnet-id', 'vpc-id'] as const;

function imdsGet(path: string): string {
  const url = quote([`${IMDS}/meta-data/${path}`]);
  return `curl -sf --max-time 1 -H "X-aws-ec2-metadata-token: $T" ${url} || curl -sf --max-time 1 ${url}`;
}

/** `echo; echo '@@kubelab name'; command` for each section: the leading echo ends a last line without a newline. */
export function sectionScript(sections: readonly [name: string, command: string][]): string {
  return sections.map(([name, command]) => `echo; echo '${MARK} ${name}'; ${command}`).join('; ');
}

/** Splits a sectioned output back into name → text. */
export function splitSections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) out.set(name, lines.join('\n').trim());
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} `)) {
      flush();
      name = line.slice(MARK.length + 1).trim();
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

type Warn = (source: string, message: string) => void;

async function run(host: Host, script: string, warn: Warn): Promise<Map<string, string>> {
  try {
    const result = await host.exec(script, { timeoutMs: NODE_EXEC_TIMEOUT_MS });
    return splitSections(result.stdout);
  } catch (cause) {
    warn('host', cause instanceof Error ? cause.message : String(cause));
    return new Map();
  }
}

function read<T>(
  sections: Map<string, string>,
  name: string,
  source: string,
  parse: (text: string) => Parsed<T>,
  warn: Warn,
): T | undefined {
  const text = sections.get(name);
  if (text === undefined || text === '') {
    if (sections.size > 0) warn(source, 'no answer');
    return undefined;
  }
  const parsed = parse(text);
  for (const w of parsed.warnings.slice(0, 3)) warn(source, `line ${w.line}: ${w.message}`);
  return parsed.value;
}

/** Reads one node's sources; whatever fails is a warning and an absent field. */
export async function readNodeFacts(host: Host, warnings: CollectWarning[]): Promise<NodeFacts> {
  const hostId = host.description.id;
  const warn: Warn = (source, message) => warnings.push({ hostId, source, message });
  const first = await run(
    host,
    sectionScript([
      ['addr', 'ip -j addr'],
      ['link', 'ip -j -d link'],
      ['rule', 'ip -j rule'],
      ['route', 'ip -j route show table all'],
      [
        'ipamd',
        'curl -s --max-time 2 localhost:61679/v1/enis || curl -s --max-time 2 localhost:61678/v1/enis',
      ],
      ['macs', `${TOKEN}; ${imdsGet('network/interfaces/macs/')}`],
    ]),
    warn,
  );
  const links = read(first, 'addr', SOURCE.ipAddr, parseIpAddrJson, warn);
  const linkDetails = read(first, 'link', SOURCE.ipLink, parseIpLinkDetails, warn);
  const rules = read(first, 'rule', SOURCE.ipRule, parseIpRuleJson, warn);
  const routes = read(first, 'route', SOURCE.ipRoute, parseIpRouteJson, warn);
  const ipamd = read(first, 'ipamd', SOURCE.ipamd, parseIpamdEnis, warn);
  const macs = (read(first, 'macs', SOURCE.imds, parseImdsMacs, warn) ?? [])
    .map((m) => normalizeMac(m.value))
    .filter((m) => MAC.test(m));
  const imds = macs.length > 0 ? await readImds(host, macs, warn) : undefined;
  return {
    host: { id: hostId, name: host.description.name, address: host.description.address },
    ...(links ? { links } : {}),
    ...(linkDetails ? { linkDetails } : {}),
    ...(rules ? { rules } : {}),
    ...(routes ? { routes } : {}),
    ...(imds ? { imds } : {}),
    ...(ipamd ? { ipamd } : {}),
  };
}

async function readImds(host: Host, macs: string[], warn: Warn): Promise<ImdsEniFacts[]> {
  const sections = macs.flatMap((mac, i) =>
    FIELDS.map((f): [string, string] => [
      `${i} ${f}`,
      imdsGet(`network/interfaces/macs/${mac}/${f}`),
    ]),
  );
  const answers = await run(host, `${TOKEN}; ${sectionScript(sections)}`, warn);
  const value = (i: number, f: (typeof FIELDS)[number]) =>
    read(answers, `${i} ${f}`, SOURCE.imds, parseImdsValue, warn);
  return macs.map((mac, i) => {
    const deviceNumber = read(
      answers,
      `${i} device-number`,
      SOURCE.imds,
      parseImdsDeviceNumber,
      warn,
    );
    const ipv4s = read(answers, `${i} local-ipv4s`, SOURCE.imds, parseImdsIpv4List, warn) ?? [];
    const interfaceId = value(i, 'interface-id');
    const subnetId = value(i, 'subnet-id');
    const vpcId = value(i, 'vpc-id');
    return {
      mac,
      ...(deviceNumber === undefined ? {} : { deviceNumber }),
      ...(interfaceId ? { interfaceId } : {}),
      localIpv4s: ipv4s.map((l) => l.value),
      ...(subnetId ? { subnetId } : {}),
      ...(vpcId ? { vpcId } : {}),
    };
  });
}
