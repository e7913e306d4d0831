/**
 * `npm run bench`: the capture backend over real sshd (127.0.0.1).
 *
 * 1. Throughput: 4 streams × 20,000 tcpdump lines/s for BENCH_CAPTURE_SECONDS (default 5) through
 *    SSH (PTY) → line reader → parseTcpdump → bounded queue → `capture:packets` events, acked at
 *    once as a fast client would. The remote tcpdump is replaced by a generator printing real
 *    `-i any -tttt` lines at that rate (each stamped with its send time), since no interface here
 *    carries a steady 20,000 packets/s. Checks: parsed + dropped = sent; per-packet latency from
 *    the line's stamp to its event (same clock); CPU and memory of the backend process.
 * 0. The parser alone on the generator's lines (and a mix with ICMP, DNS and UDP): the general
 *    reading (the baseline) against the default with its fast path, same lines, same run.
 *    And one transport hop's check of `capture:packets` batches: the zod array of `CapturePacket`
 *    (the baseline) against the contract's hand-written batch check.
 * 2. Stop → remote tcpdump gone: a real `tcpdump -i lo` whose filter never matches, stopped, and
 *    pgrep polled every 2 ms until no process of it is left (BENCH_CAPTURE_STOPS rounds).
 */
import { spawnSync } from 'node:child_process';
import { quote } from 'shell-quote';
import type { EventName, EventPayload } from '../shared/api/contract';
import { CaptureHub } from '../electron/capture/capture-hub';
import { z } from 'zod';
import { CapturePacket, captureEvents } from '../shared/api/contract-capture';
import { parseTcpdumpLines } from '../shared/parsers/tcpdump';
import type { Host } from '../electron/hosts/host';
import { SshHost, SshPool } from '../electron/ssh';
import { freePort, sshdCapability, startSshd, stopAllSshd, trustOnly } from '../test/support/sshd';
import { scriptedPrompter } from '../test/support/sshd-prompter';

const SECONDS = Number(process.env.BENCH_CAPTURE_SECONDS ?? 5);
const STREAMS = 4;
const RATE = 20_000;
const STOPS = Number(process.env.BENCH_CAPTURE_STOPS ?? 10);

/** Prints RATE lines/s for SECONDS in 5 ms ticks, each line stamped (UTC -tttt) when written. */
const GENERATOR = `
const rate = ${RATE}, seconds = ${SECONDS};
const pad = (n, w = 2) => String(n).padStart(w, '0');
const stamp = () => { const ms = Date.now(); const d = new Date(ms);
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + '.' + pad(d.getUTCMilliseconds(), 3) + '000'; };
process.stderr.write('listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\\n');
const start = Date.now(); let sent = 0; let seq = 1;
const tick = () => {
  const due = Math.min(rate * seconds, Math.floor(((Date.now() - start) / 1000) * rate));
  let out = '';
  const s = stamp();
  for (; sent < due; sent++, seq += 77)
    out += s + ' eni1a2b3c4d5e6 In  IP 192.168.1.5.40000 > 10.100.0.10.80: Flags [P.], seq ' + seq + ':' + (seq + 77) + ', ack 1, win 491, options [nop,nop,TS val 1 ecr 2], length 77: HTTP: GET / HTTP/1.1\\n';
  if (out) process.stdout.write(out);
  if (sent < rate * seconds) setTimeout(tick, 5); else process.stderr.write(sent + ' packets captured\\n');
};
tick();`;

/** A host whose tcpdump is the generator above (the same SSH channel, PTY and kill). */
function generating(host: SshHost): Host {
  const command = quote([process.execPath, '-e', GENERATOR]);
  return {
    description: host.description,
    exec: (c, o) => host.exec(c, o),
    stream: (_c, sink, options) => host.stream(command, sink, options),
    shell: (o, s) => host.shell(o, s),
    state: () => host.state(),
    onState: (l) => host.onState(l),
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function throughput(pool: SshPool, target: Parameters<SshPool['connection']>[0]) {
  const hosts = Array.from({ length: STREAMS }, (_, i) =>
    generating(
      new SshHost(
        {
          id: `gen${i + 1}`,
          name: `gen${i + 1}`,
          role: 'node',
          address: target.host,
          user: 'root',
          tags: [],
        },
        target,
        pool,
      ),
    ),
  );
  const latencies: number[] = [];
  let received = 0;
  let batches = 0;
  let end: EventPayload<'capture:end'> | undefined;
  let peakRss = 0;
  const hubRef: { hub?: CaptureHub } = {};
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name === 'capture:packets') {
      const p = payload as EventPayload<'capture:packets'>;
      const now = Date.now();
      batches += 1;
      received += p.packets.length;
      // One sample per batch keeps the measuring cheap; ms stamps floor the latency by < 1 ms.
      const first = p.packets[0];
      if (first?.ts !== undefined) latencies.push(now - first.ts);
      hubRef.hub?.ack(p.streamId, p.packets.length);
    } else if (name === 'capture:end') end = payload as EventPayload<'capture:end'>;
  };
  const hub = new CaptureHub(emit);
  hubRef.hub = hub;
  const cpu0 = process.cpuUsage();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  hub.start({ hosts, iface: 'any', maxPackets: 1_000_000, maxSeconds: SECONDS + 30 });
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  while (end === undefined) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sent = STREAMS * RATE * SECONDS;
  console.log(
    `throughput: ${STREAMS} streams × ${RATE} lines/s × ${SECONDS} s = ${sent} lines; parsed ${end.packets}, ` +
      `sent to the client ${received}, dropped ${end.dropped} (parsed + 0 lost: ${end.packets === sent ? 'yes' : 'NO'}), ${batches} batches`,
  );
  console.log(
    `  latency line → event: p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms`,
  );
  console.log(
    `  backend CPU ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core over ${wall.toFixed(1)} s ` +
      `(${((cpu.user + cpu.system) / sent).toFixed(2)} µs/line); RSS +${((peakRss - rss0) / 2 ** 20).toFixed(0)} MB peak`,
  );
  return end.packets === sent && end.dropped + received === sent;
}

/** The same generators over the same SSH channels, lines only counted: what the transport gives. */
async function transportOnly(pool: SshPool, target: Parameters<SshPool['connection']>[0]) {
  const command = quote([process.execPath, '-e', GENERATOR]);
  const t0 = performance.now();
  let lines = 0;
  await Promise.all(
    Array.from({ length: STREAMS }, (_, i) => {
      const host = new SshHost(
        {
          id: `raw${i}`,
          name: `raw${i}`,
          role: 'node',
          address: target.host,
          user: 'root',
          tags: [],
        },
        target,
        pool,
      );
      return new Promise<void>((resolve) =>
        host.stream(
          command,
          { data: (chunk) => (lines += chunk.split('\n').length - 1), end: () => resolve() },
          { signal: new AbortController().signal },
        ),
      );
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `transport only (SSH + PTY, no parsing): ${lines} lines in ${wall.toFixed(1)} s = ${(lines / wall / 1000).toFixed(0)}k lines/s`,
  );
}

async function stopLatency(pool: SshPool, target: Parameters<SshPool['connection']>[0]) {
  const host = new SshHost(
    { id: 'lo', name: 'lo', role: 'node', address: target.host, user: 'root', tags: [] },
    target,
    pool,
  );
  const gone: number[] = [];
  const ended: number[] = [];
  for (let i = 0; i < STOPS; i++) {
    const port = await freePort();
    let listening = false;
    let endAt = 0;
    const hub = new CaptureHub(<E extends EventName>(name: E, payload: EventPayload<E>) => {
      if (
        name === 'capture:status' &&
        (payload as EventPayload<'capture:status'>).status === 'listening'
      )
        listening = true;
      if (name === 'capture:end') endAt = performance.now();
    });
    const { captureId } = hub.start({
      hosts: [host],
      iface: 'lo',
      filter: `udp port ${port}`,
      maxPackets: 10,
      maxSeconds: 60,
    });
    while (!listening) await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    hub.stop(captureId);
    const alive = () => spawnSync('pgrep', ['-f', `tcpdump.*udp port ${port}`]).status === 0;
    while (alive()) await new Promise((r) => setTimeout(r, 2));
    gone.push(performance.now() - t0);
    while (endAt === 0) await new Promise((r) => setTimeout(r, 2));
    ended.push(endAt - t0);
  }
  console.log(
    `stop → remote tcpdump gone (${STOPS} rounds, real tcpdump, filter never matching): p50 ${percentile(gone, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(gone, 95).toFixed(0)} ms, max ${Math.max(...gone).toFixed(0)} ms; stop → capture:end p50 ${percentile(ended, 50).toFixed(0)} ms`,
  );
  return percentile(gone, 95) <= 500;
}

/** Median CPU µs/line (CPU, not wall: the box is shared) of parsing `lines`, `rounds` times. */
function timeParse(lines: string[], useFastPath: boolean, rounds = 5): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const { value } = parseTcpdumpLines(lines, { useFastPath });
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / lines.length);
    if (value.length === 0) throw new Error('nothing parsed');
  }
  return percentile(times, 50);
}

/** CPU µs per packet of checking `lines`' packets in batches of 2000, zod schema vs contract. */
function validationCompare(lines: string[]): void {
  // Numbered in place, as the line reader does (a spread copy of each would be slower to read).
  const packets = parseTcpdumpLines(lines).value.map((p, i) =>
    Object.assign(p, { n: i + 1, ts: 1 }),
  );
  const batches = Array.from({ length: Math.floor(packets.length / 2000) }, (_, b) => ({
    captureId: 'c1',
    streamId: 'c1-1',
    hostId: 'gen1',
    iface: 'any',
    total: packets.length,
    dropped: 0,
    packets: packets.slice(b * 2000, (b + 1) * 2000),
  }));
  const zodBatch = z.object({
    ...captureEvents['capture:packets'].shape,
    packets: z.array(CapturePacket).max(2000),
  });
  const time = (check: (batch: (typeof batches)[number]) => boolean) => {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const c0 = process.cpuUsage();
      for (const batch of batches) if (!check(batch)) throw new Error('a batch failed its check');
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / (batches.length * 2000));
    }
    return percentile(times, 50);
  };
  const before = time((b) => zodBatch.safeParse(b).success);
  const after = time((b) => captureEvents['capture:packets'].safeParse(b).success);
  console.log(
    `capture:packets check per hop: zod CapturePacket array ${before.toFixed(2)} µs/packet (baseline), contract batch check ${after.toFixed(2)} µs/packet (${(before / after).toFixed(1)}×)`,
  );
}

function parserCompare(): void {
  const stamp = '2026-11-23 18:48:10.123456';
  // Split from one text, as the line reader has them (slices, not concatenated strings).
  const http = Array.from(
    { length: 100_000 },
    (_, i) =>
      `${stamp} eni1a2b3c4d5e6 In  IP 192.168.1.5.${40000 + (i % 20000)} > 10.100.0.10.80: Flags [P.], seq ${i * 77 + 1}:${i * 77 + 78}, ack 1, win 491, options [nop,nop,TS val 1 ecr 2], length 77: HTTP: GET / HTTP/1.1`,
  )
    .join('\n')
    .split('\n');
  const others = [
    `${stamp} eni1a2b3c4d5e6 In  IP 192.168.4.248 > 10.0.0.1: ICMP echo request, id 3, seq 1, length 64`,
    `${stamp} ens5  Out IP 192.168.4.12.53211 > 10.100.0.10.53: 13784+ A? nginx.default.svc.cluster.local. (49)`,
    `${stamp} ens5  In  IP 10.0.0.7.4789 > 10.0.0.8.4789: UDP, length 120`,
    `${stamp} ens5  Out IP 192.168.4.12.40000 > 10.0.0.1.80: Flags [S], seq 7, win 62727, options [mss 8961,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`,
  ];
  const mixed = http
    .map((line, i) => (i % 4 === 0 ? line : (others[i % others.length] ?? line)))
    .join('\n')
    .split('\n');
  for (const [name, lines] of [
    ['HTTP segments', http],
    ['mix (¼ HTTP, ICMP, DNS, UDP, SYN)', mixed],
  ] as const) {
    timeParse(lines, false, 2); // warm both paths up
    timeParse(lines, true, 2);
    const general = timeParse(lines, false);
    const fast = timeParse(lines, true);
    if (name === 'HTTP segments') validationCompare(lines);
    console.log(
      `parser, ${lines.length} lines of ${name}: general ${general.toFixed(2)} CPU µs/line (baseline), with the fast path ${fast.toFixed(2)} CPU µs/line (${(general / fast).toFixed(1)}×)`,
    );
  }
}

async function main(): Promise<number> {
  if (!sshdCapability().available) {
    console.log(`skipped: ${sshdCapability().hint}`);
    return 0;
  }
  const sshd = await startSshd({ maxSessions: 20 });
  const pool = new SshPool({
    verifier: trustOnly(sshd),
    prompter: scriptedPrompter(),
    defaultIdentityFiles: [],
  });
  try {
    const target = sshd.target();
    console.log(
      `machine load average: ${(await import('node:os'))
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${(await import('node:os')).cpus().length} cores`,
    );
    parserCompare();
    await transportOnly(pool, target);
    const ok = await throughput(pool, target);
    const fast = await stopLatency(pool, target);
    return ok && fast ? 0 : 1;
  } finally {
    pool.closeAll();
    stopAllSshd();
  }
}

process.exitCode = await main();
