import { quote } from 'shell-quote';
import { isIPv4 } from '../../shared/net/ipv4';
import { parseConntrack } from '../../shared/parsers/conntrack';
import { parseTcpdump, type Packet } from '../../shared/parsers/tcpdump';
import type { Host } from '../hosts/host';
import type { TraceContext } from './collect';
import { checkSteps, type VerifyResult } from '../../shared/model/trace/verify-check';

export type { StepCheck, StepStatus, VerifyResult } from '../../shared/model/trace/verify-check';

/** How long to wait for every tcpdump to say it is listening, and for the last packets after. */
const READY_MS = 8000;
const SETTLE_MS = 700;
const END_MS = 5000;

interface Capture {
  host: Host;
  command: string;
  text: string;
  ready: Promise<boolean>;
  ended: Promise<boolean>;
  stop: AbortController;
}

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

function startCapture(host: Host, filter: string): Capture {
  const command = `sudo -n tcpdump -i any -nn -l -U ${quote([filter])}`;
  const stop = new AbortController();
  let markReady: (ok: boolean) => void = () => undefined;
  let markEnded: (ok: boolean) => void = () => undefined;
  const capture: Capture = {
    host,
    command,
    text: '',
    ready: new Promise((r) => (markReady = r)),
    ended: new Promise((r) => (markEnded = r)),
    stop,
  };
  host.stream(
    command,
    {
      data: (chunk) => {
        capture.text += chunk;
        if (capture.text.includes('listening on')) markReady(true);
      },
      end: () => {
        markReady(false);
        markEnded(true);
      },
    },
    { signal: stop.signal },
  );
  return capture;
}

/** tcpdump's own status lines (`listening on any…`, `N packets captured`) are not packets. */
function packetsOf(text: string): Packet[] {
  const lines = text
    .split('\n')
    .filter((l) => !/^(tcpdump:|listening on|\d+ packets? )/.test(l.trim()));
  return parseTcpdump(lines.join('\n')).value;
}

/**
 * Verify live: starts `tcpdump -i any -nn -l` filtered to the flow on every node involved, sends
 * one request from the source (`curl` as the source: in its own namespace, through `kubectl
 * exec`, or on the node), reads the flow's conntrack entry on the source node, stops every
 * capture (each remote tcpdump ends: the check waits for it) and marks each predicted step of the
 * endpoint taken as seen or not seen with the packets and the entry that prove it.
 */
export async function verifyTrace(ctx: TraceContext): Promise<VerifyResult> {
  const { trace } = ctx;
  const f = trace.frontend;
  const origin = trace.origin;
  if (f === null || origin === null) throw new Error('the trace has nothing to verify');
  if (f.protocol !== 'tcp')
    throw new Error(`verify live sends a TCP request; ${f.ip} is ${f.protocol}`);
  const port = f.port ?? 80;
  const addresses = [f.ip, ...trace.endpoints.map((e) => e.ip)];
  const ports = [port, ...trace.endpoints.map((e) => e.port ?? port)];
  if (!addresses.every(isIPv4)) throw new Error('verify live needs IPv4 addresses');
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const filter =
    `tcp and (${uniq(addresses)
      .map((a) => `host ${a}`)
      .join(' or ')})` +
    ` and (${uniq(ports)
      .map((p) => `port ${p}`)
      .join(' or ')})`;
  const ids = uniq([
    origin.host,
    ...trace.endpoints.flatMap((e) => (e.node === null ? [] : [e.node])),
  ]);
  const hosts = ids.flatMap((id) => ctx.nodes.filter((h) => h.description.id === id));
  const warnings: string[] = [];
  const captures = hosts.map((h) => startCapture(h, filter));
  try {
    const ready = await Promise.all(captures.map((c) => withTimeout(c.ready, READY_MS, false)));
    ready.forEach((ok, i) => {
      const c = captures[i];
      if (!ok && c)
        warnings.push(
          `${c.host.description.id}: tcpdump did not start: ${c.text.trim().split('\n')[0] ?? ''}`,
        );
    });
    const url = `http://${f.ip}:${port}/`;
    const command = `curl -s -m 5 -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port}\\n' ${quote([url])}`;
    const abort = new AbortController();
    const sent = await ctx.runAsSource(command, abort.signal);
    const request = {
      command,
      exitCode: sent.exitCode,
      output: (sent.stdout + sent.stderr).trim(),
    };

    const sourceNode = ctx.nodes.find((h) => h.description.id === origin.host);
    let conntrackText = '';
    if (sourceNode !== undefined) {
      const args = ['-L', '-p', 'tcp', '--orig-dst', f.ip, '--dport', String(port)];
      if (origin.ip !== null) args.push('--orig-src', origin.ip);
      const r = await sourceNode.exec(`sudo -n conntrack ${quote(args)}`, { timeoutMs: 10_000 });
      conntrackText = r.stdout;
      if (r.exitCode !== 0)
        warnings.push(`${origin.host}: conntrack -L: ${r.stderr.trim().split('\n')[0] ?? ''}`);
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const c of captures) c.stop.abort();
    const ended = await Promise.all(captures.map((c) => withTimeout(c.ended, END_MS, false)));

    const packets = new Map(captures.map((c) => [c.host.description.id, packetsOf(c.text)]));
    const entries = parseConntrack(conntrackText).value;
    const { endpoint, entry, checks } = checkSteps(trace, packets, entries);
    return {
      request,
      endpoint: endpoint === undefined ? null : `${endpoint.ip}:${endpoint.port ?? '?'}`,
      conntrack: entry?.raw ?? null,
      checks,
      captures: captures.map((c, i) => ({
        host: c.host.description.id,
        command: c.command,
        packets: packets.get(c.host.description.id)?.length ?? 0,
        ended: ended[i] ?? false,
      })),
      warnings,
    };
  } finally {
    // Whatever failed above, no capture outlives the check.
    for (const c of captures) c.stop.abort();
  }
}
