import type { Core } from 'cytoscape';
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

type HookedWindow = Window & { __kubelabGraph?: Core; __kubelabTestHooks?: boolean };

/** t3.medium in the VPC CNI's table: 3 ENIs × 6 IPs, max pods 3 × (6 − 1) + 2 = 17. */
const MAX_ENIS = 3;
const IPS_PER_ENI = 6;
const MAX_PODS = 17;

/** One look at the graph: what the acceptance criteria count. */
interface Sample {
  at: number;
  enisPerNode: Record<string, number>;
  /** The most IP slots any ENI holds. */
  maxSlotsPerEni: number;
  /** Pods on each node: in its ENIs' slots or on its host network. */
  podsPerNode: Record<string, number>;
  nginxPods: number;
  /** nginx pods drawn Pending (no IP slot yet, or no node). */
  nginxPending: number;
  nginxRunning: number;
}

function sample(page: Page): Promise<Sample> {
  return page.evaluate(() => {
    const cy = (window as HookedWindow).__kubelabGraph;
    if (cy === undefined) throw new Error('no graph');
    const live = cy.nodes().filter((n) => !n.hasClass('is-leaving'));
    const nodeOf = new Map<string, string>();
    const enisPerNode: Record<string, number> = {};
    let maxSlotsPerEni = 0;
    for (const eni of live.filter((n) => n.data('kind') === 'eni')) {
      const node = String(eni.data('owner'));
      nodeOf.set(eni.id(), node);
      enisPerNode[node] = (enisPerNode[node] ?? 0) + 1;
      const slots = live.filter((c) => c.data('owner') === eni.id() && c.data('kind') === 'slot');
      maxSlotsPerEni = Math.max(maxSlotsPerEni, slots.length);
    }
    const podsPerNode: Record<string, number> = {};
    let nginxPods = 0;
    let nginxPending = 0;
    let nginxRunning = 0;
    for (const pod of live.filter((n) => ['pod', 'hostnet'].includes(String(n.data('kind'))))) {
      const parent = String(pod.data('owner'));
      const node = pod.data('kind') === 'hostnet' ? parent : nodeOf.get(parent);
      if (node !== undefined) podsPerNode[node] = (podsPerNode[node] ?? 0) + 1;
      if (!String(pod.data('ref')).startsWith('default/nginx-')) continue;
      nginxPods++;
      if (pod.data('state') === 'Pending') nginxPending++;
      if (pod.data('state') === 'Running') nginxRunning++;
    }
    return {
      at: Date.now(),
      enisPerNode,
      maxSlotsPerEni,
      podsPerNode,
      nginxPods,
      nginxPending,
      nginxRunning,
    };
  });
}

const totalEnis = (s: Sample) => Object.values(s.enisPerNode).reduce((a, b) => a + b, 0);

/** Every sample stays within what a t3.medium can hold. */
function expectWithinLimits(samples: readonly Sample[]): void {
  for (const s of samples) {
    for (const count of Object.values(s.enisPerNode)) expect(count).toBeLessThanOrEqual(MAX_ENIS);
    expect(s.maxSlotsPerEni).toBeLessThanOrEqual(IPS_PER_ENI);
    for (const count of Object.values(s.podsPerNode)) expect(count).toBeLessThanOrEqual(MAX_PODS);
  }
}

/** Scales nginx through the Topology view's control, as a user would. */
async function scaleInUi(page: Page, replicas: number): Promise<void> {
  const control = page.getByTestId('scale-control');
  await expect(control.getByLabel('Deployment').inputValue()).resolves.toBe('default/nginx');
  await control.getByLabel('Replicas').fill(String(replicas));
  await control.getByRole('button', { name: 'Scale', exact: true }).click();
  await page
    .getByTestId('scale-state')
    .getByText(new RegExp(`of ${replicas} ready`))
    .waitFor();
}

/** Samples the graph every 500 ms until `isDone` (or 60 s). */
async function sampleUntil(page: Page, isDone: (s: Sample) => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const s = await sample(page);
    samples.push(s);
    if (isDone(s)) break;
    await page.waitForTimeout(500);
  }
  return samples;
}

describe.runIf(canRun)('Scaling the demo from the Topology view (kubelab serve --demo)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let initial: Sample;

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
    await page.getByRole('tab', { name: /topology/i }).click();
    await page.waitForFunction(
      () => ((window as HookedWindow).__kubelabGraph?.nodes('[kind="pod"]').length ?? 0) > 0,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('draws the demo with nginx at 3 of 3 ready in the scale control', async () => {
    await page.getByTestId('scale-state').getByText('3 of 3 ready').waitFor();
    initial = await sample(page);
    expect(Object.keys(initial.enisPerNode)).toHaveLength(3);
    expect(initial.nginxPods).toBe(3);
    expectWithinLimits([initial]);
  });

  it('3 → 30: ENIs attach over the attach delay, in the graph and on the timeline', async () => {
    await scaleInUi(page, 30);
    const samples = await sampleUntil(page, (s) => s.nginxRunning === 30);
    const last = samples.at(-1)!;
    expect(last.nginxRunning).toBe(30);
    expect(last.nginxPending).toBe(0);
    expect(totalEnis(last)).toBeGreaterThan(totalEnis(initial));
    // The new pods showed before their ENIs had attached: growth over time, not one jump.
    const firstWithPods = samples.find((s) => s.nginxPods > 3);
    expect(firstWithPods).toBeDefined();
    expect(totalEnis(firstWithPods!)).toBeLessThan(totalEnis(last));
    expect(samples.some((s) => s.nginxPending > 0)).toBe(true);
    expectWithinLimits(samples);

    await page.getByText('Capacity and ENI timeline').click();
    const events = page.getByTestId('eni-events');
    await events
      .getByText(/attached to .* as device [12]/)
      .first()
      .waitFor();
    const charts = page.locator('[data-testid^="eni-timeline-ip-"] canvas');
    await expect(charts.count()).resolves.toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: screenshotPath('topology-scale-30.png') });
    await page.getByText('Capacity and ENI timeline').click();
    await page.getByTestId('eni-timeline').waitFor({ state: 'hidden' });
  });

  it('30 → 50: nodes fill to 17 pods and the rest show Pending in the graph and details', async () => {
    await scaleInUi(page, 50);
    // 3 nodes × 17 − 6 host-network pods − 2 CoreDNS = 43 nginx pods fit; 7 stay Pending.
    const samples = await sampleUntil(page, (s) => s.nginxRunning === 43 && s.nginxPending === 7);
    const last = samples.at(-1)!;
    expect(last.nginxRunning).toBe(43);
    expect(last.nginxPending).toBe(7);
    for (const count of Object.values(last.enisPerNode)) expect(count).toBe(MAX_ENIS);
    for (const count of Object.values(last.podsPerNode)) expect(count).toBe(MAX_PODS);
    expectWithinLimits(samples);
    await page.getByTestId('scale-state').getByText('43 of 50 ready · 7 Pending').waitFor();

    const pendingRef = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph!;
      const pod = cy.nodes('[kind="pod"][state="Pending"]').first();
      pod.emit('tap');
      return String(pod.data('ref'));
    });
    const details = page.getByTestId('topology-details');
    await details.getByText(`Pod ${pendingRef}`).waitFor();
    await expect(details.textContent()).resolves.toMatch(/PhasePending/);
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: screenshotPath('topology-scale-50.png') });
  });

  it('shows a running pod’s node, ENI, host veth, and the routes and rules naming its IP', async () => {
    const ref = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph!;
      const pod = cy
        .nodes('[kind="pod"][state="Running"]')
        .filter((n) => String(n.data('ref')).startsWith('default/nginx-'))[0]!;
      pod.emit('tap');
      return String(pod.data('ref'));
    });
    const details = page.getByTestId('topology-details');
    await details.getByText(`Pod ${ref}`).waitFor();
    const text = (await details.textContent()) ?? '';
    expect(text).toMatch(/Nodeip-192-168-\d+-\d+/);
    expect(text).toMatch(/ENIeni-[0-9a-f]{17} \(ens[567]\)/);
    expect(text).toMatch(/Host vetheni[0-9a-f]{11}/);
    // The routes and rules come from the node's ip -j route/rule when the model carries them.
    const routes = (await details.getByRole('region', { name: 'Routes' }).textContent()) ?? '';
    const rules = (await details.getByRole('region', { name: 'Rules' }).textContent()) ?? '';
    for (const list of [routes, rules]) expect(list).toMatch(/unknown|\d+\.\d+\.\d+\.\d+/);
  });

  it('draws Services on demand with edges to their endpoint pods', async () => {
    const count = () =>
      page.evaluate(() => {
        const cy = (window as HookedWindow).__kubelabGraph!;
        const live = cy.elements().filter((e) => !e.hasClass('is-leaving'));
        const nginx = live.filter((e) => e.id() === 'svc:default/nginx');
        return {
          services: live.filter((e) => e.data('kind') === 'service').length,
          nginxEdges: nginx.empty() ? 0 : nginx.connectedEdges('[kind="endpoint"]').length,
          edgeTargets: nginx.empty()
            ? []
            : nginx
                .connectedEdges('[kind="endpoint"]')
                .map((e) => String(e.target().data('state'))),
        };
      });
    await expect(count()).resolves.toMatchObject({ services: 0, nginxEdges: 0 });
    await page.getByRole('checkbox', { name: 'Services', exact: true }).check();
    await page.waitForFunction(
      () => ((window as HookedWindow).__kubelabGraph?.nodes('[kind="service"]').length ?? 0) > 0,
    );
    const shown = await count();
    expect(shown.services).toBeGreaterThanOrEqual(2); // kube-dns and nginx (kubernetes has none)
    // Endpoints are the ready pods: the 43 Running nginx pods, not the Pending ones.
    expect(shown.nginxEdges).toBe(43);
    expect(new Set(shown.edgeTargets)).toEqual(new Set(['Running']));
    await page.getByRole('button', { name: 'Fit' }).click();
    await page.waitForTimeout(400);
    await page.screenshot({ path: screenshotPath('topology-services.png') });
    await page.getByRole('checkbox', { name: 'Services', exact: true }).uncheck();
    await page.waitForFunction(
      () =>
        (window as HookedWindow).__kubelabGraph
          ?.nodes('[kind="service"]')
          .filter((n) => !n.hasClass('is-leaving')).length === 0,
    );
  });

  it('loads and scales without console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
