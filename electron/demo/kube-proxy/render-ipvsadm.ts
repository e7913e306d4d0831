/**
 * `ipvsadm -L` in the exact formats of ipvsadm 1.31 (print_title / print_service_entry):
 * the plain listing (`%s %s` service lines, `  -> %-28s %-7s %-6d %-10u %-10u` real servers),
 * `--stats` and `--rate` (`%-33s` then 9-wide numbers, K/M/G past 100 million).
 */
import type { IpvsNodeState, IpvsTotals } from './ipvs-state';
import { protoName, type RealServer, type VirtualServer } from './ipvs-table';

export const IPVS_VERSION_LINE = 'IP Virtual Server version 1.2.1 (size=4096)';

export type IpvsListFormat = 'list' | 'stats' | 'rate';

/** How to print addresses: numeric (`-n`) or with port names from /etc/services. */
export interface IpvsListOptions {
  format: IpvsListFormat;
  numeric: boolean;
  /** `--exact`: numbers without K/M/G. */
  exact: boolean;
}

const PORT_NAMES: Record<string, string> = {
  'tcp/53': 'domain',
  'udp/53': 'domain',
  'tcp/80': 'http',
  'tcp/443': 'https',
  'tcp/8080': 'http-alt',
  'tcp/9153': '9153',
};

const pad = (s: string, n: number): string => s.padEnd(n);
const right = (s: string, n: number): string => s.padStart(n);

/** print_largenum: 9 wide; past 100 million in K, M or G (8 wide plus the unit). */
function largeNumber(n: number, exact: boolean): string {
  if (exact) return ` ${right(String(n), 8)}`;
  if (n < 100_000_000) return right(String(n), 9);
  if (n < 1_000_000_000) return `${right(String(Math.floor(n / 1000)), 8)}K`;
  if (n < 1_000_000_000_000) return `${right(String(Math.floor(n / 1_000_000)), 8)}M`;
  return `${right(String(Math.floor(n / 1_000_000_000)), 8)}G`;
}

function addrPort(protocol: string, ip: string, port: number, numeric: boolean): string {
  return `${ip}:${numeric ? port : (PORT_NAMES[`${protocol}/${port}`] ?? port)}`;
}

function title(format: IpvsListFormat): string[] {
  if (format === 'stats')
    return [
      `${pad('Prot LocalAddress:Port', 33)} ${['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'].map((h) => right(h, 8)).join(' ')}`,
      '  -> RemoteAddress:Port',
    ];
  if (format === 'rate')
    return [
      `${pad('Prot LocalAddress:Port', 33)} ${['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'].map((h) => right(h, 8)).join(' ')}`,
      '  -> RemoteAddress:Port',
    ];
  return [
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
}

function statsColumns(t: IpvsTotals, exact: boolean): string {
  return [t.conns, t.inPkts, t.outPkts, t.inBytes, t.outBytes]
    .map((n) => largeNumber(n, exact))
    .join('');
}

function rateColumns(t: IpvsTotals, exact: boolean): string {
  const small = [t.conns, t.inPkts, t.outPkts].map((n) => ` ${right(String(n), 8)}`).join('');
  return small + largeNumber(t.inBytes, exact) + largeNumber(t.outBytes, exact);
}

function serviceLine(
  vs: VirtualServer,
  state: IpvsNodeState,
  o: IpvsListOptions,
  now: number,
): string {
  const name = `${pad(protoName(vs.protocol), 3)}  ${addrPort(vs.protocol, vs.address, vs.port, o.numeric)}`;
  if (o.format === 'stats') return pad(name, 33) + statsColumns(state.totals(vs), o.exact);
  if (o.format === 'rate')
    return pad(name, 33) + rateColumns(state.rate(vs, undefined, now), o.exact);
  const persistent =
    vs.persistentSeconds === undefined ? '' : ` persistent ${vs.persistentSeconds}`;
  return `${name} ${vs.scheduler}${persistent}`;
}

function realServerLine(
  vs: VirtualServer,
  rs: RealServer,
  state: IpvsNodeState,
  o: IpvsListOptions,
  now: number,
): string {
  const name = `  -> ${pad(addrPort(vs.protocol, rs.ip, rs.port, o.numeric), 28)}`;
  if (o.format === 'stats') return name + statsColumns(state.totals(vs, rs), o.exact);
  if (o.format === 'rate') return `${name}${rateColumns(state.rate(vs, rs, now), o.exact)}`;
  // Demo connections are short, so none stays active; closed ones sit in TIME_WAIT (InActConn).
  return `${name} ${pad('Masq', 7)} ${pad(String(rs.weight), 6)} ${pad('0', 10)} ${pad(String(state.inactive(vs, rs, now)), 10)}`;
}

/** The listing of `servers` (all, or the one `-t`/`-u` named), title included. */
export function renderIpvsList(
  servers: readonly VirtualServer[],
  state: IpvsNodeState,
  options: IpvsListOptions,
  now: number,
  withVersion = true,
): string {
  const lines = [...(withVersion ? [IPVS_VERSION_LINE] : []), ...title(options.format)];
  for (const vs of servers) {
    lines.push(serviceLine(vs, state, options, now));
    for (const rs of vs.realServers) lines.push(realServerLine(vs, rs, state, options, now));
  }
  return `${lines.join('\n')}\n`;
}
