/**
 * `npm run bench`: parse + Service resolution of a kube-proxy iptables-save for 10,000 Service
 * ports × 10 endpoints, timed in one process beside a plain line split of the same text (the
 * floor any parser pays), with heap growth, a 1 % re-resolve, and the real iptables-restore
 * --test on the same file as the reference parser. A Service list of this size walks each
 * port's endpoints on first read, so the time to read every endpoint is printed too.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRuleset, CounterStore, renderIptablesSave } from '../electron/demo/kube-proxy';
import type { ServicePortInput } from '../electron/demo/kube-proxy/types';
import { IptablesServiceResolver, type ServicePort } from '../shared/model/kube-proxy';
import { parseIptables } from '../shared/parsers/iptables';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const ENDPOINTS = 10;
const RUNS = 5;

function ip(base: number, n: number): string {
  return [
    (base >>> 24) & 255,
    (base >>> 16) & 255,
    ((base + n) >>> 8) & 255,
    (base + n) & 255,
  ].join('.');
}

function servicePorts(count: number, endpoints: (i: number) => number): ServicePortInput[] {
  return Array.from({ length: count }, (_, i) => ({
    namespace: `ns-${i % 97}`,
    name: `svc-${i}`,
    portName: i % 3 === 0 ? '' : `p${8000 + (i % 50)}`,
    protocol: i % 11 === 0 ? 'udp' : 'tcp',
    clusterIP: ip(0x0a600000, i + 10), // 10.96.0.0/12
    port: 8000 + (i % 50),
    ...(i % 20 === 0 ? { nodePort: 30000 + (i % 2767) } : {}),
    endpoints: Array.from({ length: endpoints(i) }, (_, e) => ({
      ip: ip(0x0af40000, i * ENDPOINTS + e), // 10.244.0.0/16 and up
      port: 8080,
      ready: true,
    })),
  }));
}

function render(ports: ServicePortInput[]): string {
  const node = {
    name: 'bench-node',
    primaryIP: '192.168.1.10',
    vpcCIDRs: ['192.168.0.0/16'],
    isAwsVpcCni: true,
  };
  return renderIptablesSave(buildRuleset({ node, servicePorts: ports }), new CounterStore(), {
    date: new Date('2026-11-23T00:00:00Z'),
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

const ports = servicePorts(SERVICES, () => ENDPOINTS);
const text = render(ports);
const bytes = Buffer.byteLength(text);
const lines = text.split('\n').length;
const file = path.join(os.tmpdir(), `kubelab-bench-${process.pid}.iptables-save`);
writeFileSync(file, text);
console.log(
  `input: ${SERVICES} service ports × ${ENDPOINTS} endpoints — ${lines} lines, ${mb(bytes)} MB (${file}, removed at the end)`,
);

/** Reads every endpoint and its rule lines (deferred walks run here), as `--json` output would. */
function readAll(services: readonly ServicePort[]): number {
  let sum = 0;
  for (const p of services) for (const e of p.endpoints) sum += e.probability + e.lines.length;
  return sum;
}

// Each run times the split, parse alone, parse + resolve (the Service list, endpoints walked on
// first read), and parse + resolve + reading every endpoint, interleaved so load hits them alike.
const split: number[] = [];
const parseOnly: number[] = [];
const parseResolve: number[] = [];
const parseResolveRead: number[] = [];
let serviceCount = 0;
let endpointCount = 0;
let heapGrowth = 0;
let heapGrowthRead = 0;
function timeKept(fn: () => unknown): [number, number] {
  gc();
  const before = process.memoryUsage().heapUsed;
  let kept: unknown;
  const ms = time(() => (kept = fn()));
  const grown = process.memoryUsage().heapUsed - before;
  if (kept === undefined) throw new Error('unreachable');
  return [ms, grown];
}
for (let run = 0; run < RUNS; run++) {
  gc();
  split.push(time(() => text.split('\n')));
  parseOnly.push(timeKept(() => parseIptables(text).value)[0]);
  const [ms, grown] = timeKept(() => {
    const { value } = parseIptables(text);
    const services = new IptablesServiceResolver(value).services().value;
    serviceCount = services.length;
    return [value, services];
  });
  parseResolve.push(ms);
  heapGrowth = Math.max(heapGrowth, grown);
  const [msRead, grownRead] = timeKept(() => {
    const { value } = parseIptables(text);
    const services = new IptablesServiceResolver(value).services().value;
    endpointCount = services.reduce((n, p) => n + p.endpoints.length, 0);
    return [value, services, readAll(services)];
  });
  parseResolveRead.push(msRead);
  heapGrowthRead = Math.max(heapGrowthRead, grownRead);
}
const sp = median(split);
const figure = (label: string, ms: number): void =>
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(0)} ms  (${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} MB/s, ${(ms / sp).toFixed(1)}× the split)`,
  );
console.log(`${'line split (baseline)'.padEnd(34)} ${sp.toFixed(0)} ms`);
figure('parse alone', median(parseOnly));
figure(`parse + resolve (${serviceCount} ports)`, median(parseResolve));
figure(`  + read all ${endpointCount} endpoints`, median(parseResolveRead));
console.log(
  `heap growth:                       ${mb(heapGrowth)} MB (${(heapGrowth / bytes).toFixed(2)}× the input); with every endpoint read ${mb(heapGrowthRead)} MB (${(heapGrowthRead / bytes).toFixed(2)}×)`,
);
console.log(
  `load average (1/5/15 min) after:   ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);

// 1 %: a hundredth of the Services lose an endpoint; only their KUBE-SVC chains are re-read.
// Every endpoint is read once first (as a Services view or `--json` would) and after each change,
// so the figure includes walking the changed Services, not only answering the list.
const { value: ruleset } = parseIptables(text);
const resolver = new IptablesServiceResolver(ruleset);
readAll(resolver.services().value);
const changed = ports
  .filter((_, i) => i % 100 === 0)
  .map((p) => ({ ...p, endpoints: p.endpoints.slice(1) }));
const changedSave = parseIptables(render(changed)).value;
const svcChainsOf = (r: typeof ruleset, names?: Set<string>) =>
  r.tables
    .find((t) => t.name === 'nat')
    ?.chains.filter((c) => c.name.startsWith('KUBE-SVC-') && (names?.has(c.name) ?? true)) ?? [];
const svcChains = svcChainsOf(changedSave);
// Alternate between the changed chains and the originals: each swap is a 1 % change. A GC owed
// to the earlier runs is collected first, so it is not billed to the re-resolve.
const originals = svcChainsOf(ruleset, new Set(svcChains.map((c) => c.name)));
const reresolves: number[] = [];
for (let run = 0; run < RUNS; run++) {
  gc();
  reresolves.push(
    time(() => {
      resolver.replaceChains(run % 2 === 0 ? svcChains : originals);
      readAll(resolver.services().value);
    }),
  );
}
console.log(
  `re-resolve after 1 %:              ${median(reresolves).toFixed(0)} ms (${svcChains.length} chains replaced, every endpoint read; median of ${RUNS})`,
);

const restore = spawnSync('iptables-restore', ['--test', file], { encoding: 'utf8' });
if (restore.error || process.getuid?.() !== 0) {
  console.log('iptables-restore --test: not run (needs root and iptables)');
} else {
  const t = time(() => spawnSync('iptables-restore', ['--test', file]));
  console.log(
    `iptables-restore --test: ${t.toFixed(0)} ms (exit ${restore.status}${restore.stderr ? `: ${restore.stderr.trim().slice(0, 200)}` : ''})`,
  );
}
// 44 MB per run: not left behind in the shared /tmp.
rmSync(file, { force: true });
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
