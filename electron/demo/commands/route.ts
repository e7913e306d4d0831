/**
 * net-tools `route` (`route -n` above all, as the labs' `watch … route -n | grep eni` uses it):
 * the main IPv4 table in the kernel's fixed-width layout.
 */
import { hostNet } from '../net/host-net';
import { renderRouteN } from '../render/ip-route';
import type { Command } from '../shell/run';
import { clusterOf, fail, instanceOf, nowOf, ok, printing, type HostContext } from './context';

/** Without -n, route prints names: EC2 names cut to 15 columns, `_gateway` for the router. */
function named(text: string, gateway: string): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i < 2 || !line) return line;
      const dst = line.slice(0, 15).trim();
      const gw = line.slice(16, 31).trim();
      const dstName = dst === '0.0.0.0' ? 'default' : `ip-${dst.replaceAll('.', '-')}`.slice(0, 15);
      const gwName = gw === gateway ? '_gateway' : gw;
      return `${dstName.padEnd(15)} ${gwName.padEnd(15)} ${line.slice(32)}`;
    })
    .join('\n');
}

export function routeCommand(host: HostContext): Command {
  return printing((ctx) => {
    const flags = ctx.argv.slice(1);
    const bad = flags.find((f) => !/^-[neév4]+$/.test(f));
    if (bad)
      return fail(
        `route: invalid option -- '${bad.replace(/^-/, '').slice(0, 1)}'\nUsage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n`,
        4,
      );
    const net = hostNet(clusterOf(host), instanceOf(host), nowOf(host));
    const text = renderRouteN(net);
    if (flags.some((f) => f.includes('n'))) return ok(text);
    const gateway =
      net.routes.find((r) => r.dst === 'default' && r.table === 'main')?.gateway ?? '';
    return ok(named(text, gateway));
  });
}
