import { splitLines } from '../../parsers/parse-result';

/** What a pod's `/etc/resolv.conf` tells its resolver, with the lines it was read from. */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  /** The `nameserver`, `search` and `options` lines as written. */
  lines: string[];
}

/**
 * Reads `/etc/resolv.conf`: `nameserver 172.20.0.10`, `search default.svc.cluster.local …`,
 * `options ndots:5`. The last `search` line wins, as in glibc; ndots defaults to 1.
 */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], search: [], ndots: 1, lines: [] };
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    const [word, ...rest] = line.split(/\s+/);
    if (word === 'nameserver' && rest[0] !== undefined) {
      out.nameservers.push(rest[0]);
      out.lines.push(raw);
    } else if (word === 'search' || word === 'domain') {
      out.search = rest;
      out.lines.push(raw);
    } else if (word === 'options') {
      for (const opt of rest) {
        const m = /^ndots:(\d+)$/.exec(opt);
        if (m?.[1] !== undefined) out.ndots = Math.min(15, Number(m[1]));
      }
      out.lines.push(raw);
    }
  }
  return out;
}

/**
 * The names a glibc/musl stub resolver asks for, in order, for `name`: with fewer dots than
 * ndots the search list comes first and the name as given last; otherwise the name first. A
 * trailing dot means the name is absolute and only it is asked.
 *
 * @example
 * queryOrder('sigterm.monitoring.svc', conf) // seed 000, ndots 5:
 * // ['sigterm.monitoring.svc.monitoring.svc.cluster.local', 'sigterm.monitoring.svc.svc.cluster.local',
 * //  'sigterm.monitoring.svc.cluster.local', …, 'sigterm.monitoring.svc']
 */
export function queryOrder(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = conf.search.map((domain) => `${name}.${domain}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

/** The cluster domain named by a search list (`svc.cluster.local` → `cluster.local`). */
export function clusterDomain(search: readonly string[]): string | null {
  for (const domain of search) {
    const m = /^svc\.(.+)$/.exec(domain);
    if (m?.[1] !== undefined) return m[1];
  }
  return null;
}
