import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTopology } from '../../electron/collectors/topology';
import { createDemoLab } from '../../electron/demo';
import { Topology } from '../../shared/model/topology';
import { requireCapability } from '../support/require-capability';
import { hasChromium, launchChromium, screenshotPath } from './browser';

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Real snapshots: the demo lab collected by the real collector while `kubectl scale` typed on the
 * operator host scales nginx 3 → 30 → 50, sampled every second of the lab's clock.
 */
async function scaleOutSnapshots(): Promise<Topology[]> {
  let now = Date.parse('2026-11-23T12:00:00Z');
  const lab = createDemoLab({ seed: 7, clock: () => now, latencyMs: [0, 0] });
  const snapshots: Topology[] = [];
  const sample = async (seconds: number) => {
    for (let s = 0; s < seconds; s++) {
      const topology = Topology.parse(await collectTopology('demo', lab.hosts));
      // The collector stamps wall-clock time; this lab runs on its own clock.
      snapshots.push({ ...topology, collectedAt: new Date(now).toISOString() });
      now += 1000;
    }
  };
  const operator = lab.hosts.find((h) => h.description.role === 'operator');
  if (operator === undefined) throw new Error('demo lab without an operator host');
  await sample(3);
  await operator.exec('kubectl scale deployment nginx --replicas 30');
  await sample(12);
  await operator.exec('kubectl scale deployment nginx --replicas 50');
  await sample(8);
  return snapshots;
}

/** The Capacity section alone, bundled with its CSS into a page Chromium opens from disk. */
async function bundlePage(dir: string): Promise<string> {
  const section = path.join(root, 'renderer/src/features/topology/timeline');
  const styles = path.join(root, 'renderer/src/styles');
  await build({
    stdin: {
      contents: `
        import { createElement } from 'react';
        import { createRoot } from 'react-dom/client';
        import '${styles}/tokens.css';
        import '${styles}/base.css';
        import { EniTimelineSection } from '${section}';
        const root = createRoot(document.getElementById('root'));
        window.showTopology = (topology) => root.render(createElement(EniTimelineSection, { topology }));
      `,
      resolveDir: root,
      loader: 'tsx',
    },
    bundle: true,
    outdir: dir,
    entryNames: 'page',
    jsx: 'automatic',
    format: 'iife',
    loader: { '.woff2': 'empty', '.woff': 'empty' },
    logLevel: 'warning',
  });
  const html = path.join(dir, 'index.html');
  writeFileSync(
    html,
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="page.css"></head>' +
      '<body style="overflow:auto"><div id="root"></div><script src="page.js"></script></body></html>',
  );
  return html;
}

describe.runIf(canRun)('ENI timeline in Chromium, from the demo scaling nginx 3 → 30 → 50', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const snapshots = await scaleOutSnapshots();
    dir = mkdtempSync(path.join(tmpdir(), 'kubelab-eni-timeline-'));
    const html = await bundlePage(dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await page.goto(`file://${html}`);
    for (const snapshot of snapshots) {
      await page.evaluate((t) => {
        (window as unknown as { showTopology: (t: unknown) => void }).showTopology(t);
      }, snapshot);
    }
    await page.getByTestId('eni-timeline').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('draws one uPlot chart per node, with the capacity card', async () => {
    const cards = page.locator('[data-testid^="eni-timeline-ip-"]');
    await expect(cards.count()).resolves.toBe(3);
    for (const card of await cards.all()) {
      await expect(card.locator('canvas').count()).resolves.toBeGreaterThan(0);
      const text = (await card.textContent()) ?? '';
      expect(text).toContain('3 × (6 − 1) + 2 = 17');
      // Never beyond t3.medium's 3 ENIs, never beyond 17 pods.
      expect(text).toMatch(/ENIs[123] of 3/);
      expect(text).toMatch(/Pods1[0-7] of 17|Pods[0-9] of 17/);
    }
    expect(errors).toEqual([]);
  });

  it('lists ENIs attaching and pods Pending past max pods', async () => {
    const events = (await page.getByTestId('eni-events').textContent()) ?? '';
    expect(events).toMatch(/eni-[0-9a-f]{17} attached to ip-[0-9-]+\S* as device [12] \(ens[67]\)/);
    expect(events).toMatch(/ip-[0-9-]+\S* full: 17 pods, max pods 17/);
    expect(events).toMatch(/pod nginx-[a-z0-9-]+ Pending: node full/);
    await page.screenshot({ path: screenshotPath('eni-timeline.png'), fullPage: true });
  });
});
