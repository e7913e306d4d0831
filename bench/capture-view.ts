/**
 * `npm run bench`: the capture view under a flood. 4 hosts each print tcpdump `-tttt` lines at
 * 20,000 lines/s for 30 s into the real pipeline (the capture backend's line reader, parser and
 * acked queue, `kubelab serve`'s WebSocket, the renderer's validated client, the view's buffer
 * and virtual table) in headless Chromium. The hosts are in-process `Host`s that print what
 * tcpdump would; everything after them is the product.
 *
 * Figures: every line parsed and counted (sent = parsed; received + dropped by the backend =
 * parsed; retained + dropped from view = received), end-to-end latency (a line's own `-tttt`
 * stamp to the newest table row showing it, sampled every frame), renderer main-thread busy
 * share (CDP TaskDuration over wall time), renderer JS heap, the backend's live heap (after a forced
 * GC at 50 % and 90 % of the flood) and its process RSS (the bench and Playwright included).
 */
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { chromium } from 'playwright-core';
import type { HostError } from '../shared/model/command';
import { Backend } from '../electron/core/backend';
import { WorkspaceRegistry } from '../electron/core/workspaces';
import type { Host, StreamControl, StreamSink } from '../electron/hosts/host';
import { startServer } from '../electron/serve/server';
import { chromiumPath, hasChromium } from '../test/e2e/browser';

const HOSTS = 4;
const RATE = Number(process.env.BENCH_CAPTURE_RATE ?? 20_000);
const SECONDS = Number(process.env.BENCH_CAPTURE_SECONDS ?? 30);
const TICK_MS = 10;
// scripts/bench.mjs runs each bundled bench from the project root.
const root = process.cwd();

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function stamp(ms: number): string {
  const d = new Date(ms);
  const us = Math.floor((ms % 1000) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(us, 6)}`;
}

/** A node whose `tcpdump` prints RATE lines/s of HTTP traffic for SECONDS, then waits to be stopped. */
function floodHost(n: number, sent: number[]): Host {
  const id = `node${n + 1}`;
  return {
    description: { id, name: id, role: 'node', address: `192.168.1.${n + 1}`, tags: [] },
    exec: () =>
      Promise.resolve({
        exitCode: 0,
        stdout: JSON.stringify([
          {
            ifindex: 2,
            ifname: 'ens5',
            flags: ['UP'],
            mtu: 9001,
            operstate: 'UP',
            link_type: 'ether',
            address: '02:00:00:00:00:01',
            addr_info: [],
          },
        ]),
        stderr: '',
        durationMs: 1,
      }),
    stream(_command: string, sink: StreamSink, { signal }): StreamControl {
      let paused = false;
      const start = Date.now();
      let seq = 0;
      sink.data(
        'listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n',
      );
      const timer = setInterval(() => {
        if (paused) return;
        const now = Date.now();
        const due = Math.min(RATE * SECONDS, Math.floor(((now - start) / 1000) * RATE)) - sent[n]!;
        if (due <= 0) return;
        const ts = stamp(now);
        let text = '';
        for (let i = 0; i < due; i++) {
          const port = 30000 + ((seq >> 4) % 30000);
          text += `${ts} ens5  Out IP 192.168.1.${n + 10}.${port} > 10.100.0.${seq % 7}.80: Flags [P.], seq ${seq}:${seq + 77}, ack 1, win 502, length 77: HTTP: GET / HTTP/1.1\n`;
          seq += 1;
        }
        sent[n]! += due;
        sink.data(text);
      }, TICK_MS);
      const end = (r: { exitCode: number | null; signal?: string; error?: HostError }) => {
        clearInterval(timer);
        sink.end(r);
      };
      signal.addEventListener('abort', () => end({ exitCode: null, signal: 'SIGINT' }), {
        once: true,
      });
      return { pause: () => (paused = true), resume: () => (paused = false) };
    },
    shell: () => Promise.reject(new Error('no shell in the bench')),
    state: () => ({ kind: 'connected' }),
    onState: () => () => {},
  };
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(`skipped: no Chromium at ${chromiumPath}`);
    return;
  }
  const sent = Array.from({ length: HOSTS }, () => 0);
  const registry = new WorkspaceRegistry();
  registry.add({
    id: 'bench',
    name: 'Capture bench',
    kind: 'ssh',
    description: `${HOSTS} hosts × ${RATE} lines/s`,
    hosts: Array.from({ length: HOSTS }, (_, n) => floodHost(n, sent)),
  });
  const log = (message: string) => process.stderr.write(`  backend: ${message}\n`);
  const backend = new Backend(registry, {
    version: 'bench',
    transport: 'websocket',
    platform: process.platform,
    log,
  });
  // BENCH_RENDERER_DIR: another build of the renderer (an older commit's, as a baseline).
  const rendererDir = process.env.BENCH_RENDERER_DIR ?? path.join(root, 'dist/renderer');
  const server = await startServer({ backend, rendererDir, log });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(() => localStorage.setItem('kubelab.workspace', 'bench'));
    // Where the time goes: each capture:packets frame's first packet, stamp → arrival in the page
    // (backend + socket), and the main-thread time spent handling frames (JSON, checks, buffer).
    await page.addInitScript(() => {
      const w = window as unknown as { benchArrivals: number[]; benchHandleMs: number };
      w.benchArrivals = [];
      w.benchHandleMs = 0;
      const own = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
      Object.defineProperty(WebSocket.prototype, 'onmessage', {
        set(this: WebSocket, handler: (e: MessageEvent) => void) {
          own?.set?.call(this, (e: MessageEvent) => {
            const t0 = performance.now();
            if (typeof e.data === 'string' && e.data.includes('"capture:packets"')) {
              const ts = /"ts":([0-9.]+)/.exec(e.data)?.[1];
              if (ts !== undefined) w.benchArrivals.push(Date.now() - Number(ts));
            }
            handler(e);
            w.benchHandleMs += performance.now() - t0;
          });
        },
        get(this: WebSocket): unknown {
          return own?.get?.call(this);
        },
      });
    });
    await page.goto(server.url);
    await page
      .getByRole('tab', { name: 'Capture' })
      .click({ timeout: 15_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: '/tmp/capture-bench-failed.png' });
        throw e;
      });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string) => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === name)?.value ?? NaN;
    };
    await page.getByLabel('Capture filter port').waitFor();
    await page.locator('input[type=number]').first().fill('1000000');
    await page
      .locator('input[type=number]')
      .nth(1)
      .fill(String(SECONDS + 60));
    // Newest row's stamp vs the wall clock, every frame.
    await page.evaluate(() => {
      const w = window as unknown as { benchLatencies: number[]; benchStop: boolean };
      w.benchLatencies = [];
      w.benchStop = false;
      let last = '';
      const frame = () => {
        if (w.benchStop) return;
        const rows = [...document.querySelectorAll('.capture-row')];
        let newest = '';
        for (const r of rows) {
          const t = r.firstElementChild?.textContent ?? '';
          if (t > newest) newest = t;
        }
        if (newest !== '' && newest !== last) {
          last = newest;
          const [h, m, s] = newest.split(':').map(Number) as [number, number, number];
          const now = new Date();
          const at =
            Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m) + s * 1000;
          w.benchLatencies.push(Date.now() - at);
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const task0 = await metric('TaskDuration');
    // CPU time, not wall: on a shared box a task's wall time includes waiting for a core.
    const cpuMetrics = ['ThreadTime', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'];
    const cpu0 = await Promise.all(cpuMetrics.map(metric));
    const wall0 = performance.now();
    // Not a Playwright click: it would wait on a page that the flood keeps busy.
    await page
      .getByRole('button', { name: 'Start capture' })
      .evaluate((button) => (button as HTMLButtonElement).click());
    // BENCH_PROFILE=1: where the renderer's time goes, top self-time functions over 5 s.
    if (process.env.BENCH_PROFILE === '1') {
      await cdp.send('Profiler.enable');
      await page.waitForTimeout(2000);
      await cdp.send('Profiler.start');
      await page.waitForTimeout(5000);
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      profile.samples?.forEach((id, i) => {
        const node = byId.get(id);
        if (node === undefined) return;
        const f = node.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}:${f.columnNumber}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0));
      });
      for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20))
        console.log(`  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
    }
    // Live backend heap while the flood runs: a forced GC when half and when 90 % of the lines
    // are out (the queues are full by then if the view falls behind). What is left is retained;
    // RSS also counts garbage V8 has not collected yet. BENCH_PROBE=1 prints memory every 50 ms.
    const t00 = performance.now();
    const total = HOSTS * RATE * SECONDS;
    const marks = [0.5, 0.9];
    let heapAfterGc = 0;
    let rssMax = 0;
    const probe = setInterval(() => {
      const out = sent.reduce((a, b) => a + b, 0);
      rssMax = Math.max(rssMax, process.memoryUsage.rss());
      if (marks.length > 0 && out >= total * (marks[0] ?? 1)) {
        marks.shift();
        global.gc?.();
        heapAfterGc = Math.max(heapAfterGc, process.memoryUsage().heapUsed);
        if (process.env.BENCH_HEAP_SNAPSHOT === '1' && marks.length === 1)
          process.stderr.write(`  heap snapshot ${writeHeapSnapshot()}\n`);
      }
      if (process.env.BENCH_PROBE !== '1') return;
      const m = process.memoryUsage();
      process.stderr.write(
        `  probe ${((performance.now() - t00) / 1000).toFixed(1)}s sent ${out} rss ${mb(m.rss)} heap ${mb(m.heapUsed)} MB\n`,
      );
    }, 50);
    let heapMax = 0;
    for (let s = 0; s < SECONDS; s++) {
      await page.waitForTimeout(1000);
      heapMax = Math.max(heapMax, await metric('JSHeapUsedSize'));
      const m = process.memoryUsage();
      rssMax = Math.max(rssMax, m.rss);
      process.stderr.write(
        `  … ${s + 1}s sent ${sent.reduce((a, b) => a + b, 0)}; backend rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} (buffers ${mb(m.arrayBuffers)}) MB\n`,
      );
    }
    clearInterval(probe);
    const task1 = await metric('TaskDuration');
    const cpu1 = await Promise.all(cpuMetrics.map(metric));
    const domRows = await page.locator('.capture-row').count();
    const bodyHeight = await page.getByTestId('capture-rows').evaluate((el) => el.clientHeight);
    const wall1 = performance.now();
    const { latencies, arrivals, handleMs } = await page.evaluate(() => {
      const w = window as unknown as {
        benchLatencies: number[];
        benchStop: boolean;
        benchArrivals: number[];
        benchHandleMs: number;
      };
      w.benchStop = true;
      return { latencies: w.benchLatencies, arrivals: w.benchArrivals, handleMs: w.benchHandleMs };
    });
    if (process.env.BENCH_IDLE_BEFORE_STOP !== undefined)
      await page.waitForTimeout(Number(process.env.BENCH_IDLE_BEFORE_STOP));
    await page
      .getByRole('button', { name: 'Stop', exact: true })
      .evaluate((button) => (button as HTMLButtonElement).click());
    const stats = page.getByTestId('capture-stats');
    await stats
      .and(page.locator('[data-running="false"]'))
      .waitFor({ timeout: 120_000 })
      .catch(async (e: unknown) => {
        await page.screenshot({ path: '/tmp/capture-bench-stop.png' });
        throw e;
      });
    await page.waitForTimeout(500);
    const n = async (attr: string) => Number(await stats.getAttribute(`data-${attr}`));
    const c = {
      received: await n('received'),
      retained: await n('retained'),
      pending: await n('pending'),
      dropped: await n('dropped'),
      parsed: await n('backend-total'),
      backendDropped: await n('backend-dropped'),
    };
    const totalSent = sent.reduce((a, b) => a + b, 0);
    const busy = (task1 - task0) / ((wall1 - wall0) / 1000);
    console.log(`${HOSTS} streams × ${RATE} lines/s × ${SECONDS} s, renderer ${rendererDir}`);
    console.log(
      `lines sent ${totalSent}, parsed ${c.parsed}, to the view ${c.received} + dropped by backend ${c.backendDropped}; ` +
        `in view ${c.retained} + pending ${c.pending} + dropped from view ${c.dropped} ` +
        `→ ${totalSent === c.parsed && c.parsed === c.received + c.backendDropped && c.received === c.retained + c.pending + c.dropped ? 'all counted' : 'COUNTS DIFFER'}`,
    );
    console.log(
      `latency line → table row: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (target ≤ 150), ${latencies.length} frames`,
    );
    console.log(
      `  of which: stamp → frame in the page p50 ${percentile(arrivals, 50).toFixed(0)} ms, p95 ${percentile(arrivals, 95).toFixed(0)} ms (${arrivals.length} frames); ` +
        `handling frames ${((handleMs / (wall1 - wall0)) * 100).toFixed(1)} % of the main thread`,
    );
    const share = (i: number) =>
      `${((((cpu1[i] ?? 0) - (cpu0[i] ?? 0)) / ((wall1 - wall0) / 1000)) * 100).toFixed(1)} %`;
    console.log(
      `  main thread CPU time ${share(0)} of wall time; script ${share(1)}, layout ${share(2)}, style ${share(3)} (task time)`,
    );
    console.log(
      `renderer main thread busy ${(busy * 100).toFixed(1)} % (target ≤ 50 %); ${domRows} rows in the DOM for a ${bodyHeight} px table`,
    );
    console.log(
      `renderer JS heap max ${(heapMax / 2 ** 20).toFixed(0)} MB (${(heapMax / 2 ** 20 / HOSTS).toFixed(0)} MB per stream, target ≤ 64)`,
    );
    // The backend shares this process with the bench and Playwright: RSS is an upper bound.
    console.log(
      `backend heap after GC during the flood (max of 2) ${mb(heapAfterGc)} MB (${mb(heapAfterGc / HOSTS)} MB per stream, target ≤ 64); ` +
        `process RSS max ${mb(rssMax)} MB (${mb(rssMax / HOSTS)} MB per stream)`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
process.exit(0);
