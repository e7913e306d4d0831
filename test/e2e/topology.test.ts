import type { Core, NodeSingular } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { hasChromium, launchChromium, screenshotPath } from './browser';
import { buildApp, startServe, type ServeProcess } from './serve-process';

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

/** The page's window with the graph the test hook exposes. */
type HookedWindow = Window & { __kubelabGraph?: Core; __kubelabTestHooks?: boolean };

/** What the page's cytoscape graph holds, read through the test hook. */
interface GraphState {
  vpcs: string[];
  nodes: string[];
  enisPerNode: Record<string, number>;
  pods: number;
  /** Leaf positions by id. */
  positions: Record<string, { x: number; y: number }>;
}

function readGraph(page: Page): Promise<GraphState> {
  return page.evaluate(() => {
    const cy = (window as HookedWindow).__kubelabGraph;
    if (cy === undefined) throw new Error('no graph');
    const live = cy.nodes().filter((node) => !node.hasClass('is-leaving'));
    const ids = (kind: string) =>
      live.filter((node) => node.data('kind') === kind).map((node) => node.id());
    const enisPerNode: Record<string, number> = {};
    for (const eni of live.filter((node) => node.data('kind') === 'eni')) {
      const parent = String(eni.data('owner'));
      enisPerNode[parent] = (enisPerNode[parent] ?? 0) + 1;
    }
    const positions: Record<string, { x: number; y: number }> = {};
    // Containers are plain nodes with a box size (bw); leaves have none.
    for (const node of live.filter((n) => (n as NodeSingular).data('bw') === undefined))
      positions[node.id()] = { ...node.position() };
    return {
      vpcs: ids('vpc'),
      nodes: ids('node'),
      enisPerNode,
      pods: ids('pod').length,
      positions,
    };
  });
}

describe.runIf(canRun)('Topology graph in Chromium (kubelab serve --demo)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(() => {
      (window as HookedWindow).__kubelabTestHooks = true;
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  let before: GraphState;

  it('draws the demo’s VPCs, its three nodes with their ENIs, and the pods', async () => {
    await page.getByRole('tab', { name: /topology/i }).click();
    await page.getByTestId('topology-graph').waitFor();
    await page.waitForFunction(
      () => ((window as HookedWindow).__kubelabGraph?.nodes('[kind="pod"]').length ?? 0) > 0,
    );
    before = await readGraph(page);
    expect(before.vpcs.length).toBeGreaterThanOrEqual(1);
    expect(before.nodes).toHaveLength(3);
    for (const node of before.nodes) expect(before.enisPerNode[node]).toBeGreaterThanOrEqual(1);
    expect(before.pods).toBeGreaterThan(3);
    await expect(page.getByTestId('topology-meta').textContent()).resolves.toMatch(/3 nodes/);
  });

  it('shows an ENI’s details when it is clicked', async () => {
    const eniId = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph!;
      const eni = cy.nodes('[kind="eni"]').first();
      eni.emit('tap');
      return String(eni.data('ref'));
    });
    const details = page.getByTestId('topology-details');
    await details.getByText('Device number').waitFor();
    await expect(details.textContent()).resolves.toContain(eniId);
    await expect(details.textContent()).resolves.toMatch(/Interface\s*ens\d/);
  });

  it('after kubectl scale nginx to 30, later polls attach ENIs (≤ 3 per t3.medium) and move nothing', async () => {
    await page.getByRole('tab', { name: /run/i }).click();
    await page.getByTestId('select-host-operator').check();
    for (const id of ['node1', 'node2', 'node3'])
      await page.getByTestId(`select-host-${id}`).uncheck();
    await page.getByLabel('Command').fill('kubectl scale deployment nginx --replicas 30');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByText(/scaled/)
      .first()
      .waitFor();
    await page.getByRole('tab', { name: /topology/i }).click();

    const total = (state: GraphState) =>
      Object.values(state.enisPerNode).reduce((sum, count) => sum + count, 0);
    const enisBefore = total(before);
    let after = before;
    for (let attempt = 0; attempt < 60 && total(after) <= enisBefore; attempt++) {
      await page.waitForTimeout(1_000);
      after = await readGraph(page);
    }
    expect(total(after)).toBeGreaterThan(enisBefore);
    for (const count of Object.values(after.enisPerNode)) expect(count).toBeLessThanOrEqual(3);
    expect(after.pods).toBeGreaterThan(before.pods);
    let kept = 0;
    for (const [id, position] of Object.entries(before.positions)) {
      if (id.startsWith('eni-free:')) continue; // an attaching ENI takes the free place's spot
      const now = after.positions[id];
      if (now === undefined) continue; // removed (a pod replaced), not moved
      expect(now, id).toEqual(position);
      kept++;
    }
    expect(kept).toBeGreaterThan(10);
    // Let the watch -d highlight of the new ENIs show in the picture, then fit the whole graph.
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('topology.png') });
  });

  it('exports the graph as SVG', async () => {
    const svg = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph as unknown as {
        svg: (o: object) => string;
      };
      return cy.svg({ full: true });
    });
    expect(svg).toMatch(/^<\?xml|<svg/);
    expect(svg).toContain('t3.medium');
  });

  it('loads without console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
