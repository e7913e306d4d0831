/**
 * `ipvsadm` on a demo node: `-L|-l [-n] [--stats|--rate] [--exact] [-t|-u|--sctp-service A:P]`
 * and `-Z [-t|-u A:P]`, with ipvsadm's own messages for what it refuses.
 */
import type { IpvsNodeState } from './ipvs-state';
import { virtualServerKey, type VirtualServer } from './ipvs-table';
import { renderIpvsList, type IpvsListOptions } from './render-ipvsadm';
import type { Protocol } from './types';

export interface IpvsadmContext {
  servers: readonly VirtualServer[];
  state: IpvsNodeState;
  now: number;
  isRoot: boolean;
}

export interface IpvsadmResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const IPVSADM_VERSION = 'ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)';

const USAGE = `${IPVSADM_VERSION}
Usage:
  ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]
  ipvsadm -D virtual-service
  ipvsadm -C
  ipvsadm -R
  ipvsadm -S [-n]
  ipvsadm -a|e virtual-service -r server-address [options]
  ipvsadm -d virtual-service -r server-address
  ipvsadm -L|l [virtual-service] [options]
  ipvsadm -Z [virtual-service]
  ipvsadm --set tcp tcpfin udp
  ipvsadm --start-daemon {master|backup} [daemon-options]
  ipvsadm --stop-daemon {master|backup}
  ipvsadm -h
`;

const SERVICE_FLAGS: Record<string, Protocol> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '--sctp-service': 'sctp',
};

const out = (stdout: string): IpvsadmResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, exitCode = 2): IpvsadmResult => ({ stdout: '', stderr, exitCode });

/** Splits bundled short options (`-Ln` → `-L -n`), as popt does. */
function expand(argv: readonly string[]): string[] {
  return argv.flatMap((a) =>
    /^-[A-Za-z]{2,}$/.test(a) ? [...a.slice(1)].map((c) => `-${c}`) : [a],
  );
}

/** Answers one `ipvsadm` argv (argv[0] is the program). */
export function runIpvsadm(argv: readonly string[], ctx: IpvsadmContext): IpvsadmResult {
  const args = expand(argv.slice(1));
  let command: 'list' | 'zero' | undefined;
  const options: IpvsListOptions = { format: 'list', numeric: false, exact: false };
  let service: { protocol: Protocol; address: string; port: number } | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] ?? '';
    if (a === '-h' || a === '--help') return out(USAGE);
    if (a === '-v' || a === '--version') return out(`${IPVSADM_VERSION}\n`);
    if (a === '-L' || a === '-l' || a === '--list') command = 'list';
    else if (a === '-Z' || a === '--zero') command = 'zero';
    else if (a === '-n' || a === '--numeric') options.numeric = true;
    else if (a === '--stats') options.format = 'stats';
    else if (a === '--rate') options.format = 'rate';
    else if (a === '-x' || a === '--exact') options.exact = true;
    else if (SERVICE_FLAGS[a] !== undefined) {
      const value = args[i + 1] ?? '';
      i += 1;
      const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(value);
      if (!m) return err(`Illegal virtual server address[:port] specified\n`);
      service = { protocol: SERVICE_FLAGS[a], address: m[1] ?? '', port: Number(m[2]) };
    } else if (/^-[A-Za-z]$|^--[a-z-]+$/.test(a)) {
      return err(
        `ipvsadm: kubelab demo lab: "${a}" is not simulated; the demo answers -L|-l [-n] [--stats|--rate] [-t|-u ADDR:PORT] and -Z\n`,
      );
    } else return err(`${USAGE}\n`);
  }
  if (command === undefined) return err(USAGE);
  if (!ctx.isRoot) {
    return err(
      "Can't initialize ipvs: Permission denied (you must be root)\nAre you sure that IP Virtual Server is built in the kernel or as module?\n",
    );
  }
  let servers = ctx.servers;
  if (service !== undefined) {
    const key = virtualServerKey(service.protocol, service.address, service.port);
    servers = ctx.servers.filter(
      (vs) => virtualServerKey(vs.protocol, vs.address, vs.port) === key,
    );
    if (servers.length === 0) return err('No such service\n', 1);
  }
  if (command === 'zero') {
    if (service === undefined) ctx.state.zero();
    else ctx.state.zero(virtualServerKey(service.protocol, service.address, service.port));
    return out('');
  }
  return out(renderIpvsList(servers, ctx.state, options, ctx.now, service === undefined));
}
