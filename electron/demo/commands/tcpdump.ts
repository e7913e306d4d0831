/**
 * `tcpdump` on a demo host: the flags a lab uses (`-i any|ens5|eni…`, `-n`/`-nn`, `-l`, `-U`,
 * `-tttt`, `-c N`) and a filter subset (traffic/bpf.ts), printing the demo's own traffic from the
 * packet bus (curl, ping, `kubelab-traffic` loops) in tcpdump's format, with its banners and
 * closing statistics on stderr. Like the real one it needs root and a device that exists.
 */
import { hostNet } from '../net/host-net';
import type { Command, CommandContext } from '../shell/run';
import { compileFilter, FilterError, type Match } from '../traffic/bpf';
import { busOf } from '../traffic/bus';
import { TcpdumpPrinter, type Sighting } from '../traffic/format';
import { pcapHeader, pcapRecord } from '../traffic/pcap';
import { clusterOf, instanceOf, nowOf, type HostContext } from './context';

interface Options {
  iface: string;
  /** `-w -`: raw packets (pcap) on stdout instead of text. */
  isPcap: boolean;
  count?: number;
  isDated: boolean;
  filter: string;
}

function parse(args: string[]): Options | string {
  const o: Options = { iface: 'ens5', isPcap: false, isDated: false, filter: '' };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '-tttt') o.isDated = true;
    else if (arg === '-i' || arg.startsWith('-i'))
      o.iface = arg === '-i' ? (args[++i] ?? '') : arg.slice(2);
    else if (arg === '-c' || arg.startsWith('-c')) {
      const n = Number(arg === '-c' ? args[++i] : arg.slice(2));
      if (!Number.isInteger(n) || n < 1) return 'tcpdump: invalid packet count';
      o.count = n;
    } else if (arg === '-w' || arg.startsWith('-w')) {
      if ((arg === '-w' ? args[++i] : arg.slice(2)) !== '-')
        return 'tcpdump: kubelab demo lab: -w writes only to standard output here (-w -)';
      o.isPcap = true;
    } else if (!/^-[nlUvq]+$/.test(arg))
      return `tcpdump: kubelab demo lab: option ${arg} is not simulated`;
  }
  o.filter = args.slice(i).join(' ');
  return o;
}

function linkType(iface: string): string {
  return iface === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
}

export function tcpdumpCommand(host: HostContext): Command {
  return async (ctx) => {
    const o = parse(ctx.argv.slice(1));
    if (typeof o === 'string') {
      await ctx.stderr.write(`${o}\n`);
      return 1;
    }
    const links = hostNet(clusterOf(host), instanceOf(host), nowOf(host)).links.map(
      (l) => l.ifname,
    );
    if (o.iface !== 'any' && !links.includes(o.iface)) {
      await ctx.stderr.write(
        `tcpdump: ${o.iface}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`,
      );
      return 1;
    }
    if (!ctx.isRoot) {
      await ctx.stderr.write(
        `tcpdump: ${o.iface}: You don't have permission to perform this capture on that device\n(socket: Operation not permitted)\n`,
      );
      return 1;
    }
    let match: Match;
    try {
      match = compileFilter(o.filter);
    } catch (error) {
      await ctx.stderr.write(
        `tcpdump: ${error instanceof FilterError ? error.message : String(error)}\n`,
      );
      return 1;
    }
    if (o.iface === 'any') await ctx.stderr.write('tcpdump: data link type LINUX_SLL2\n');
    await ctx.stderr.write(
      'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' +
        `listening on ${o.iface}, link-type ${linkType(o.iface)}, snapshot length 262144 bytes\n`,
    );
    const captured = await capture(host, ctx, o, match);
    await ctx.stderr.write(
      `${captured} packet${captured === 1 ? '' : 's'} captured\n${captured} packet${captured === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`,
    );
    return ctx.signal.aborted ? 130 : 0;
  };
}

/** Prints matching packets until the count is reached or the command is ended. */
async function capture(
  host: HostContext,
  ctx: CommandContext,
  o: Options,
  match: Match,
): Promise<number> {
  const printer = new TcpdumpPrinter({ isAny: o.iface === 'any', isDated: o.isDated });
  const links = new Map(
    hostNet(clusterOf(host), instanceOf(host), nowOf(host)).links.map((l) => [l.ifname, l]),
  );
  let ipId = Math.floor(Math.random() * 65536);
  // pcap bytes travel as latin1 characters, one per byte (DemoHost.streamBytes turns them back).
  const render = (s: Sighting): string => {
    if (!o.isPcap) return `${printer.line(s)}\n`;
    const link = links.get(s.iface);
    const isAny = o.iface === 'any';
    const record = pcapRecord(
      s,
      { isAny, ifindex: link?.ifindex ?? 0, mac: link?.mac ?? '00:00:00:00:00:00' },
      ipId++,
    );
    return record.toString('latin1');
  };
  const queue: string[] = [];
  let captured = 0;
  let wake: (() => void) | undefined;
  const hear = (s: Sighting) => {
    if (o.count !== undefined && captured >= o.count) return;
    if ((o.iface !== 'any' && s.iface !== o.iface) || !match(s.packet)) return;
    captured += 1;
    queue.push(render(s));
    wake?.();
  };
  if (o.isPcap) await ctx.stdout.write(pcapHeader(o.iface === 'any').toString('latin1'));
  const unsubscribe = busOf(host.store).subscribe(host.hostId, hear);
  const onAbort = () => wake?.();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    while (!ctx.signal.aborted) {
      if (queue.length > 0) {
        await ctx.stdout.write(queue.splice(0).join(''));
        continue;
      }
      if (o.count !== undefined && captured >= o.count) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unsubscribe();
    ctx.signal.removeEventListener('abort', onAbort);
  }
  return captured;
}
