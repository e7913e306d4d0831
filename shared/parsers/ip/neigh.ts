import { clip, lineWarner, fieldsOf, parseJsonText } from '../parse-helpers';
import { splitLines, WarningList, type Parsed } from '../parse-result';
import type { IpNeighbor } from './types';

const NUD_STATES = new Set([
  'REACHABLE',
  'STALE',
  'PERMANENT',
  'FAILED',
  'INCOMPLETE',
  'DELAY',
  'PROBE',
  'NOARP',
  'NONE',
]);
const SKIPPED_KEYS = new Set(['nud', 'proto', 'vni', 'port', 'src_vni', 'nhid', 'used', 'probes']);

/**
 * Parses `ip neigh` / `ip neighbour show` text.
 *
 * Sample line: `169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee PERMANENT`
 * → `{ address: '169.254.1.1', dev: 'eth0', lladdr: 'ee:ee:ee:ee:ee:ee', states: ['PERMANENT'] }`;
 * `fe80::1 dev eth0 lladdr 02:…:01 router STALE` adds `router: true`.
 * Output: one {@link IpNeighbor} per line; unknown tokens become warnings.
 */
export function parseIpNeigh(text: string): Parsed<IpNeighbor[]> {
  const warnings = new WarningList();
  const neighbors: IpNeighbor[] = [];
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const tokens = raw
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    const [address] = tokens;
    if (address === undefined) return;
    if (!/^[0-9a-fA-F.:]+$/.test(address) || !/[.:]/.test(address)) {
      warnings.add(lineNo, 'not an ip neigh line (expected an address first)', clip(raw));
      return;
    }
    const n: IpNeighbor = { address, states: [], line: lineNo, raw: clip(raw, 4096) };
    const warn = lineWarner(warnings, lineNo, raw);
    for (let i = 1; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const value = tokens[i + 1];
      if (token === 'dev' && value !== undefined) n.dev = tokens[++i];
      else if (token === 'lladdr' && value !== undefined) n.lladdr = tokens[++i];
      else if (token === 'router') n.router = true;
      else if (token === 'proxy') n.proxy = true;
      else if (NUD_STATES.has(token)) n.states.push(token);
      else if (SKIPPED_KEYS.has(token) && value !== undefined) i++;
      else if (token === 'extern_learn' || token === 'offload' || token === 'managed') continue;
      else warn(`unknown neighbour token "${clip(token, 40)}"`);
    }
    neighbors.push(n);
  });
  return { value: neighbors, warnings: warnings.items };
}

/**
 * Parses `ip -j neigh` (a JSON array).
 *
 * Sample element: `{"dst":"169.254.1.1","dev":"eth0","lladdr":"ee:ee:ee:ee:ee:ee","state":["PERMANENT"]}`
 * → the same {@link IpNeighbor} as the text line, with `line: 0` and `path: '[0]'`.
 */
export function parseIpNeighJson(text: string): Parsed<IpNeighbor[]> {
  const warnings = new WarningList();
  const neighbors: IpNeighbor[] = [];
  const parsed = parseJsonText(text, warnings);
  if (!parsed.ok) return { value: neighbors, warnings: warnings.items };
  if (!Array.isArray(parsed.value)) {
    warnings.add(0, 'expected a JSON array of neighbours (ip -j neigh)');
    return { value: neighbors, warnings: warnings.items };
  }
  parsed.value.forEach((item, i) => {
    const f = fieldsOf(item, `[${i}]`, warnings);
    const address = f?.string('dst', true);
    if (f === undefined || address === undefined) return;
    const n: IpNeighbor = {
      address,
      states: f.strings('state'),
      line: 0,
      raw: clip(JSON.stringify(f.obj), 4096),
      path: `[${i}]`,
    };
    const dev = f.string('dev');
    const lladdr = f.string('lladdr');
    if (dev !== undefined) n.dev = dev;
    if (lladdr !== undefined) n.lladdr = lladdr;
    if ('router' in f.obj) n.router = true;
    if ('proxy' in f.obj) n.proxy = true;
    neighbors.push(n);
  });
  return { value: neighbors, warnings: warnings.items };
}
