/**
 * `kubelab-traffic`: the demo's stand-in for `kubectl exec POD -- sh -c 'while :; do curl -s
 * nginx; sleep 1; done'` — a request loop from a pod to a Service (or any address), so a capture
 * has a flow to follow: the client pod's veth with the VIP, DNAT to an endpoint, the ENIs of
 * both nodes, the endpoint's veth. Loops belong to the lab and run until stopped (an hour at most).
 */
import type { HostContext } from '../commands/context';
import { clusterOf, nowOf } from '../commands/context';
import type { ClusterStore } from '../model/store';
import type { Command } from '../shell/run';
import { sendFromPod } from './send';

interface Loop {
  id: number;
  label: string;
  timer: NodeJS.Timeout;
  stopAt: NodeJS.Timeout;
}

const loops = new WeakMap<ClusterStore, Map<number, Loop>>();
let lastId = 0;

const USAGE =
  'usage: kubelab-traffic start [--from POD] [--to SERVICE|IP] [--port N] [--every SECONDS] [--for SECONDS]\n' +
  '       kubelab-traffic stop [ID|all]\n' +
  '       kubelab-traffic             (list the running loops)\n' +
  'kubelab demo lab: a request loop from a pod, as `kubectl exec POD -- curl` in a loop would send; tcpdump on the nodes sees it.\n';

function loopsOf(host: HostContext): Map<number, Loop> {
  let map = loops.get(host.store);
  if (!map) loops.set(host.store, (map = new Map<number, Loop>()));
  return map;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function start(host: HostContext, args: string[]): { out?: string; err?: string } {
  const cluster = clusterOf(host);
  const now = nowOf(host);
  const fromName = option(args, '--from');
  const running = cluster.pods.filter((p) => !p.hostNetwork && p.network && p.readyAt <= now);
  const from = fromName
    ? running.find((p) => p.name === fromName || `${p.namespace}/${p.name}` === fromName)
    : running.find((p) => p.labels.app === 'nginx');
  if (!from) return { err: `kubelab-traffic: no running pod ${fromName ?? 'with app=nginx'}\n` };
  const toName = option(args, '--to') ?? 'nginx';
  const service = cluster.services.find(
    (s) => s.name === toName || `${s.namespace}/${s.name}` === toName,
  );
  const dst = service?.clusterIp ?? toName;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(dst))
    return { err: `kubelab-traffic: no Service or address ${toName}\n` };
  const port = Number(option(args, '--port') ?? service?.ports[0]?.port ?? 80);
  const every = Number(option(args, '--every') ?? 1);
  const lifetime = Number(option(args, '--for') ?? 3600);
  if (![port, every, lifetime].every((n) => Number.isFinite(n) && n > 0) || every < 0.05)
    return { err: USAGE };
  const id = ++lastId;
  const map = loopsOf(host);
  const tick = () => sendFromPod(host, from, dst, port);
  const timer = setInterval(tick, every * 1000);
  timer.unref();
  const stopAt = setTimeout(() => stop(map, id), Math.min(lifetime, 24 * 3600) * 1000);
  stopAt.unref();
  const label = `${from.namespace}/${from.name} (${from.network?.ip ?? '?'}) → ${service ? `svc/${service.name} ` : ''}${dst}:${port} every ${every}s`;
  map.set(id, { id, label, timer, stopAt });
  tick();
  return { out: `started loop ${id}: ${label}\n` };
}

function stop(map: Map<number, Loop>, id: number): boolean {
  const loop = map.get(id);
  if (!loop) return false;
  clearInterval(loop.timer);
  clearTimeout(loop.stopAt);
  map.delete(id);
  return true;
}

export function trafficCommand(host: HostContext): Command {
  return async (ctx) => {
    const [verb, ...args] = ctx.argv.slice(1);
    const map = loopsOf(host);
    let result: { out?: string; err?: string };
    if (verb === undefined || verb === 'list')
      result = {
        out: [...map.values()].map((l) => `${l.id}  ${l.label}\n`).join('') || 'no loops running\n',
      };
    else if (verb === 'start') result = start(host, args);
    else if (verb === 'stop') {
      const which = args[0] ?? 'all';
      const ids = which === 'all' ? [...map.keys()] : [Number(which)];
      const stopped = ids.filter((id) => stop(map, id));
      result =
        stopped.length > 0 || which === 'all'
          ? { out: `stopped ${stopped.length} loop(s)\n` }
          : { err: `kubelab-traffic: no loop ${which}\n` };
    } else result = { err: USAGE };
    if (result.out) await ctx.stdout.write(result.out);
    if (result.err) await ctx.stderr.write(result.err);
    return result.err ? 1 : 0;
  };
}
