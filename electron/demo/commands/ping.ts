/**
 * iputils `ping`, streaming one line per echo as the real one does, with replies decided by the
 * model (a pod across the peering answers, a free address never does) and iputils' formats for
 * RTTs, statistics and errors.
 */
import { resolveName, resolveTarget, replyTtl, baseRtt } from '../net/reach';
import { sleep } from '../shell/io';
import type { Command } from '../shell/run';
import { clusterOf, instanceOf, nowOf, type HostContext } from './context';
import { sendPing } from '../traffic/send';

interface PingOptions {
  count?: number;
  interval: number;
  quiet: boolean;
  size: number;
  deadline?: number;
  target: string;
}

function parse(args: string[]): PingOptions | string {
  const o: Partial<PingOptions> & { interval: number; quiet: boolean; size: number } = {
    interval: 1,
    quiet: false,
    size: 56,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      if (o.target !== undefined)
        return 'ping: usage error: Only one destination address is allowed';
      o.target = arg;
      continue;
    }
    const flag = arg[1] ?? '';
    const inline = arg.slice(2);
    const value = () => inline || args[++i] || '';
    const number = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN);
    switch (flag) {
      case 'c': {
        const n = number(value());
        if (!Number.isInteger(n) || n < 1)
          return `ping: invalid argument: '${args[i] ?? ''}': out of range: 1 <= value <= 9223372036854775807`;
        o.count = n;
        break;
      }
      case 'i': {
        const n = number(value());
        if (Number.isNaN(n)) return `ping: bad timing interval: ${args[i] ?? ''}`;
        if (n < 0.002)
          return 'ping: cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)';
        o.interval = n;
        break;
      }
      case 's':
        o.size = number(value());
        if (!Number.isInteger(o.size)) return `ping: invalid argument: '${args[i] ?? ''}'`;
        break;
      case 'w':
        o.deadline = number(value());
        break;
      case 'W':
        value();
        break;
      case 'q':
        o.quiet = true;
        break;
      case 'n':
      case '4':
      case 'O':
      case 'D':
        break;
      default:
        return `ping: invalid option -- '${flag}'\n\nUsage\n  ping [options] <destination>`;
    }
  }
  if (o.target === undefined) return 'ping: usage error: Destination address required';
  return { ...o, target: o.target };
}

/** iputils prints RTTs with three significant digits. */
export function formatRtt(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return ms.toFixed(0);
}

export function pingCommand(host: HostContext): Command {
  return async (ctx) => {
    const o = parse(ctx.argv.slice(1));
    if (typeof o === 'string') {
      await ctx.stderr.write(`${o}\n`);
      // iputils exits 1 on a usage error and 2 on a bad option or argument.
      return o.includes('usage error') ? 1 : 2;
    }
    const cluster = clusterOf(host);
    const from = instanceOf(host);
    const resolved = resolveName(cluster, o.target);
    if (!resolved) {
      await ctx.stderr.write(`ping: ${o.target}: Name or service not known\n`);
      return 2;
    }
    const label =
      resolved.ptr && resolved.ptr !== o.target
        ? `${o.target} (${resolved.ip})`
        : `${resolved.ip} (${resolved.ip})`;
    const from_ = resolved.ptr ? `${resolved.ptr} (${resolved.ip})` : resolved.ip;
    await ctx.stdout.write(`PING ${label} ${o.size}(${o.size + 28}) bytes of data.\n`);
    host.packets?.observe({
      src: from.privateIp,
      dst: resolved.ip,
      protocol: 'icmp',
      length: o.size + 28,
    });
    const started = Date.now();
    const echoId = Math.floor(Math.random() * 65536);
    const rtts: number[] = [];
    let sent = 0;
    let errors = 0;
    while (!ctx.signal.aborted && (o.count === undefined || sent < o.count)) {
      if (o.deadline !== undefined && (Date.now() - started) / 1000 >= o.deadline) break;
      sent++;
      const target = resolveTarget(clusterOf(host), instanceOf(host), resolved.ip, nowOf(host));
      const ttl = replyTtl(from, target);
      sendPing(host, resolved.ip, echoId, sent, o.size, ttl !== undefined);
      if (ttl !== undefined) {
        const base = baseRtt(from, target);
        const rtt = base * (0.8 + Math.random() * 0.5) + (sent === 1 ? base * 0.6 : 0);
        rtts.push(rtt);
        if (!o.quiet)
          await ctx.stdout.write(
            `${o.size + 8} bytes from ${from_}: icmp_seq=${sent} ttl=${ttl} time=${formatRtt(rtt)} ms\n`,
          );
      } else if (target.kind === 'no-arp' && sent % 3 === 0) {
        // The kernel gives up on ARP after three probes and reports the pending echoes.
        for (let seq = sent - 2; seq <= sent; seq++) {
          errors++;
          if (!o.quiet)
            await ctx.stdout.write(
              `From ${from.privateIp} icmp_seq=${seq} Destination Host Unreachable\n`,
            );
        }
      }
      if (o.count !== undefined && sent >= o.count) break;
      await sleep(o.interval * 1000, ctx.signal);
    }
    if (ctx.signal.aborted) return 130;
    // Without any reply iputils lingers for the last echo before it gives up.
    if (rtts.length === 0 && errors === 0)
      await sleep(Math.min(10_000, o.interval * 1000 * 2), ctx.signal);
    if (ctx.signal.aborted) return 130;
    const elapsed = Math.max(0, (sent - 1) * o.interval * 1000) + Math.floor(Math.random() * 5);
    const loss = Math.round(((sent - rtts.length) / sent) * 100);
    let summary = `\n--- ${o.target} ping statistics ---\n${sent} packets transmitted, ${rtts.length} received, `;
    if (errors) summary += `+${errors} errors, `;
    summary += `${loss}% packet loss, time ${Math.round(elapsed)}ms\n`;
    if (rtts.length) {
      const min = Math.min(...rtts);
      const max = Math.max(...rtts);
      const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
      const mdev = Math.sqrt(rtts.reduce((a, b) => a + (b - avg) ** 2, 0) / rtts.length);
      summary += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms\n`;
    }
    await ctx.stdout.write(summary);
    return rtts.length > 0 ? 0 : 1;
  };
}
