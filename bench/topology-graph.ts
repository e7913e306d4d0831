/**
 * `npm run bench`: the topology graph in headless Chromium with synthetic clusters of ~2.5k, ~5k,
 * ~10k and ~12.7k elements (100 nodes, 300 ENIs, 6,000 pods), drawn in full as the view draws
 * them (GraphApplier: outline first, then steps) and, as same-run baselines, in one batch as before
 * and with cytoscape compound nodes: time to first paint (elements, preset layout, cytoscape, two
 * frames) and until every element is drawn, main-thread time to apply +30 pods as one diff, and
 * frame times while a real mouse drags and wheels the view. `BENCH_PROFILE=1` prints Chromium's
 * CPU profile by function. The page runs the renderer's own
 * modules, bundled here by esbuild. `BENCH_WEBGL=1` tries cytoscape's WebGL renderer.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium, type Page } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`skipped: no Chromium at ${chromiumPath}`);
  process.exit(0);
}

/** Runs in the page: builds, updates and moves the graph, returning its own timings. */
const PAGE_ENTRY = `
import cytoscape from 'cytoscape';
import { toElements } from './renderer/src/features/topology/graph-elements';
import { presetLayout } from './renderer/src/features/topology/graph-layout';
import { diffElements } from './renderer/src/features/topology/graph-diff';
import { applyDiff } from './renderer/src/features/topology/cy-apply';
import { GraphApplier } from './renderer/src/features/topology/graph-applier';
import { graphStyle } from './renderer/src/features/topology/graph-style';
import { syntheticTopology, withMorePods } from './renderer/src/features/topology/synthetic-topology';

const palette = { bg: '#202328', raised: '#262a30', output: '#141619', border: '#2e323a',
  borderStrong: '#3c414b', text: '#d6d9df', muted: '#959ba6', faint: '#6b717c', accent: '#4c9bff',
  ok: '#43b863', error: '#f0605a', warn: '#d9a53a', operator: '#b48cf2', selected: '#79b8ff' };
const FULL = { showServices: false, collapseSlots: false };
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Records frame intervals while the bench drives the mouse, like a user panning and zooming. */
window.startFrames = () => {
  const frames = [];
  let last = performance.now();
  let on = true;
  const tick = (now) => { frames.push(now - last); last = now; if (on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.stopFrames = () => { on = false; window.benchCy.destroy(); return frames.slice(1); };
};

/**
 * The same-run baseline: the graph as cytoscape compound nodes (VPC ⊃ subnet ⊃ node ⊃ ENI), as the
 * view drew it before containers became plain, preset-sized nodes.
 */
const COMPOUND_STYLE = [
  { selector: 'node', style: { 'z-index-compare': 'auto' } },
  { selector: 'edge', style: { 'z-index-compare': 'auto' } },
  { selector: ':parent', style: { padding: '8px' } },
];
function applyCompound(cy, diff, positions, isFirst) {
  const def = (e) => {
    const p = positions.get(e.data.id);
    return p === undefined || p.w !== undefined
      ? { group: e.group, data: { ...e.data } }
      : { group: e.group, data: { ...e.data }, position: { x: p.x, y: p.y } };
  };
  cy.batch(() => {
    cy.remove(cy.collection(diff.remove.map((id) => cy.getElementById(id))));
    cy.add(diff.add.map(def));
    for (const e of diff.update) cy.getElementById(e.data.id).data({ ...e.data });
    if (isFirst) return;
    for (const [id, p] of positions) {
      if (p.w !== undefined) continue;
      const node = cy.getElementById(id);
      if (!node.empty()) node.position({ x: p.x, y: p.y });
    }
  });
  return { highlighted: [], leaving: [] };
}

window.runBench = async (shape, options) => {
  document.body.innerHTML = '<div id="cy" style="position:relative;width:1400px;height:860px"></div>';
  let model = syntheticTopology(shape);
  const collapse = options.collapse;
  const t0 = performance.now();
  let elements = toElements(model, { ...FULL, collapseSlots: collapse });
  let layout = presetLayout(elements, new Map());
  const t1 = performance.now();
  const style = options.plain
    ? [{ selector: 'node', style: { width: 20, height: 20 } }]
    : options.compound
      ? [...graphStyle(palette), ...COMPOUND_STYLE]
      : graphStyle(palette);
  // The view's way (GraphApplier: outline first, additions in steps) unless a baseline is asked
  // for: compound nodes, or the previous one-batch diff (every element in one cy.batch).
  const oneBatch = options.compound || options.oneBatch;
  const apply = options.compound ? applyCompound : applyDiff;
  const cy = cytoscape({
    container: document.getElementById('cy'),
    style,
    layout: { name: 'preset' },
    hideEdgesOnViewport: true,
    textureOnViewport: true,
    motionBlur: false,
    autoungrabify: true,
    ...(options.webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
  });
  const applier = new GraphApplier(cy, () => cy.fit(undefined, 24));
  if (oneBatch) {
    apply(cy, diffElements([], elements), layout.positions, true);
    cy.fit(undefined, 24);
  } else applier.show(elements, layout.positions);
  const t2 = performance.now();
  await frame();
  const t3 = await frame();
  await applier.settled();
  await frame();
  const t4 = await frame();
  const first = { elements: elements.length, model: t1 - t0, cytoscape: t2 - t1, paint: t3 - t0, complete: t4 - t0 };

  const updates = [];
  for (let i = 0; i < 6; i++) {
    model = withMorePods(model, 30);
    const u0 = performance.now();
    const next = toElements(model, { ...FULL, collapseSlots: collapse });
    const nextLayout = presetLayout(next, layout.memory);
    const u1 = performance.now();
    let added = 0;
    if (oneBatch) {
      const diff = diffElements(elements, next);
      added = diff.add.length;
      apply(cy, diff, nextLayout.positions, false, layout.positions);
    } else applier.show(next, nextLayout.positions);
    const u2 = performance.now();
    const rendered = await frame();
    updates.push({ model: u1 - u0, batch: u2 - u1, total: u2 - u0, toFrame: rendered - u0, added });
    elements = next;
    layout = nextLayout;
    await frame();
  }

  window.benchCy = cy;
  return { first, updates };
};
`;

const bundle = await build({
  stdin: { contents: PAGE_ENTRY, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  logLevel: 'warning',
});
const script = bundle.outputFiles[0]?.text ?? '';

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
/** A fresh page per case: one case's caches (or a crash) do not reach the next. */
async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (msg) => console.log('page:', msg.text()));
  await page.setContent(
    '<!doctype html><html><body style="margin:0;background:#1c1e22"></body></html>',
  );
  await page.addScriptTag({ content: script });
  return page;
}

/**
 * `BENCH_PROFILE=1`: Chromium's CPU profile of first paint and updates (through playwright's CDP
 * session), summed by function, so a change can be aimed at where the time goes.
 */
async function startProfile(page: Page): Promise<() => Promise<string>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = new Map<number, number>();
    profile.samples?.forEach((id, i) =>
      dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)),
    );
    for (const node of profile.nodes) {
      const { functionName, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0) / 1000);
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
    return top.map(([key, t]) => `  ${t.toFixed(0).padStart(6)} ms  ${key}`).join('\n');
  };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Figures {
  first: { elements: number; model: number; cytoscape: number; paint: number; complete: number };
  updates: { model: number; batch: number; total: number; toFrame: number; added: number }[];
}

interface Case {
  name: string;
  shape: object;
  collapse: boolean;
  /** Draw containers as cytoscape compounds: the same-run baseline. */
  compound?: boolean;
  /** Add every element in one cy.batch, as the view did before GraphApplier: a baseline. */
  oneBatch?: boolean;
}

const TEN_K = { nodes: 100, enisPerNode: 3, ipsPerEni: 17, podsPerNode: 48 };
const BIGGEST = { nodes: 100, enisPerNode: 3, ipsPerEni: 21, podsPerNode: 60 };
const TWO_K = { nodes: 20, enisPerNode: 3, ipsPerEni: 20, podsPerNode: 57 };

/**
 * Full graphs (every IP slot and pod drawn) as the view draws them, against the same graphs as
 * cytoscape compounds and drawn in one batch as before GraphApplier (the baselines; `BENCH_QUICK=1`
 * skips the slow ~10k compound one), and the collapsed view. `BENCH_SHAPE` (JSON),
 * `BENCH_COLLAPSE=1`, `BENCH_COMPOUND=1`, `BENCH_ONE_BATCH=1` run one custom case.
 */
const cases: Case[] =
  process.env.BENCH_SHAPE !== undefined
    ? [
        {
          name: 'custom',
          shape: JSON.parse(process.env.BENCH_SHAPE) as object,
          collapse: process.env.BENCH_COLLAPSE === '1',
          compound: process.env.BENCH_COMPOUND === '1',
          oneBatch: process.env.BENCH_ONE_BATCH === '1',
        },
      ]
    : [
        { name: '~2.5k full, compound (baseline)', shape: TWO_K, collapse: false, compound: true },
        { name: '~2.5k full, one batch (previous)', shape: TWO_K, collapse: false, oneBatch: true },
        { name: '~2.5k full', shape: TWO_K, collapse: false },
        {
          name: '~5k full',
          shape: { nodes: 40, enisPerNode: 3, ipsPerEni: 20, podsPerNode: 57 },
          collapse: false,
        },
        ...(process.env.BENCH_QUICK === '1'
          ? []
          : [
              {
                name: '~10k full, compound (baseline)',
                shape: TEN_K,
                collapse: false,
                compound: true,
              },
            ]),
        { name: '~10k full, one batch (previous)', shape: TEN_K, collapse: false, oneBatch: true },
        { name: '~10k full', shape: TEN_K, collapse: false },
        { name: '100 nodes, 300 ENIs, 6,000 pods, full', shape: BIGGEST, collapse: false },
        { name: '100 nodes, 300 ENIs, 6,000 pods', shape: BIGGEST, collapse: true },
      ];
const CASE_LIMIT_MS = Number(process.env.BENCH_CASE_LIMIT_MS ?? 150_000);
const load = () => (os.loadavg()[0] ?? 0).toFixed(1);
console.log(`${os.cpus().length} CPUs, load average ${load()} at the start`);
for (const { name, shape, collapse, compound = false, oneBatch = false } of cases) {
  const page = await openPage();
  const profiler = process.env.BENCH_PROFILE === '1' ? await startProfile(page) : undefined;
  try {
    const run = page.evaluate(
      ([s, o]) =>
        (window as unknown as { runBench: (s: unknown, o: unknown) => Promise<unknown> }).runBench(
          s,
          o,
        ),
      [
        shape,
        {
          collapse,
          compound,
          oneBatch,
          plain: process.env.BENCH_PLAIN === '1',
          webgl: process.env.BENCH_WEBGL === '1',
        },
      ] as const,
    );
    // A case past its time limit ends with its page (the ~10k compound baseline can take many
    // minutes here) and is reported as slower than the limit.
    const limit = setTimeout(() => void page.close(), CASE_LIMIT_MS);
    const figures = (await run.finally(() => clearTimeout(limit))) as Figures;
    if (profiler !== undefined) console.log(`  first paint and updates:\n${await profiler()}`);
    const panProfiler = process.env.BENCH_PROFILE === '1' ? await startProfile(page) : undefined;
    const { first, updates } = figures;
    // Pan and zoom with real mouse input, so cytoscape's textureOnViewport applies as for a user.
    await page.evaluate(() => (window as unknown as { startFrames: () => void }).startFrames());
    await page.mouse.move(700, 430);
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(700 + i * 8, 430 + i * 4);
    await page.mouse.up();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -120 : 120);
    await page.waitForTimeout(300);
    const frames = await page.evaluate(() =>
      (window as unknown as { stopFrames: () => number[] }).stopFrames(),
    );
    if (panProfiler !== undefined) console.log(`  pan and zoom:\n${await panProfiler()}`);
    // The first update after the initial paint pays one-off costs (style caches); report the rest.
    const steady = updates.slice(1);
    console.log(
      `${name}${collapse ? ' (IPs collapsed)' : ''}: ${first.elements} elements · first paint ${ms(first.paint)} ` +
        `(model+layout ${ms(first.model)}, cytoscape ${ms(first.cytoscape)}) · all drawn ${ms(first.complete)}\n` +
        `  +30 pods: diff + cy.batch ${ms(
          pct(
            steady.map((u) => u.batch),
            0.5,
          ),
        )} median / ${ms(Math.max(...steady.map((u) => u.batch)))} max; ` +
        `main thread incl. toElements+layout+diff ${ms(
          pct(
            steady.map((u) => u.total),
            0.5,
          ),
        )} median / ${ms(Math.max(...steady.map((u) => u.total)))} max; ` +
        `to next frame ${ms(
          pct(
            steady.map((u) => u.toFrame),
            0.5,
          ),
        )} median (first update ${ms(updates[0]?.total ?? NaN)})\n` +
        `  pan/zoom frames: p50 ${ms(pct(frames, 0.5))} · p95 ${ms(pct(frames, 0.95))} · max ${ms(Math.max(...frames))} · ${frames.filter((f) => f > 33.4).length} of ${frames.length} over 33 ms · load ${load()}`,
    );
  } catch (error) {
    // A full compound graph at ~10k has crashed the page or passed the limit here: say so, go on.
    const message = page.isClosed()
      ? `no first paint and +30 pod updates within ${CASE_LIMIT_MS / 1000} s`
      : error instanceof Error
        ? error.message.split('\n')[0]
        : String(error);
    console.log(`${name}: failed (${message}) · load ${load()}`);
  } finally {
    await page.close().catch(() => undefined);
  }
}
console.log('targets: first paint ≤ 2 s at 10k, ≤ 16 ms per update batch, pan/zoom p95 ≤ 33 ms');
await browser.close();
