import type { Core } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { hasChromium, launchChromium, screenshotPath } from './browser';
import { buildApp, startServe, type ServeProcess } from './serve-process';

type HookedWindow = Window & { __kubelabGraph?: Core; __kubelabTestHooks?: boolean };

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

describe.runIf(canRun)('Trace tab in Chromium (kubelab serve --demo)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.addInitScript(() => {
      (window as HookedWindow).__kubelabTestHooks = true;
    });
    await page.goto(serve.url);
    await page.getByRole('tab', { name: /trace/i }).click();
    await page.getByTestId('trace').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('traces node1 to the nginx Service: cited rule lines, every endpoint with its share and egress', async () => {
    const panel = page.getByTestId('trace');
    await panel.getByLabel('From').fill('node/node1');
    await panel.getByLabel('To').fill('nginx.default.svc.cluster.local');
    await panel.getByRole('button', { name: 'Trace', exact: true }).click();
    const rows = page.getByTestId('trace-endpoints').locator('tbody tr');
    await rows.first().waitFor();
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(cells.length).toBe(3);
    for (const [endpoint, shareText, node, egress] of cells) {
      expect(endpoint).toMatch(/^192\.168\.\d+\.\d+:80$/);
      expect(shareText).toBe('33.3%');
      expect(node).toMatch(/^node\d$/);
      expect(egress).toMatch(node === 'node1' ? /^eni[0-9a-f]{11}$/ : /^ens\d$/);
    }
    const steps = page.getByTestId('trace-steps');
    const cited = await steps.locator('pre').allTextContents();
    // The DNS step first (a node's resolv.conf has no cluster search list), then the DNAT rules.
    expect(cited[0]).toContain('A? nginx.default.svc.cluster.local. → 10.100.');
    expect(
      cited.some((t) => /^-A KUBE-SERVICES -d 10\.100\.\S+ -p tcp .*default\/nginx/.test(t)),
    ).toBe(true);
    await page.getByTestId('trace').screenshot({ path: screenshotPath('trace-demo.png') });
  });

  it('Verify live marks each step of the endpoint taken, with the packets that prove it', async () => {
    const panel = page.getByTestId('trace');
    await panel.getByRole('button', { name: 'Verify live' }).click();
    await page.getByTestId('trace-verify').waitFor({ timeout: 60_000 });
    const marks = await panel.locator('.trace__mark').allTextContents();
    // One endpoint took the request; the steps of the other two are marked as not taken.
    expect(marks.filter((m) => m === 'not taken').length).toBeGreaterThan(0);
    expect(marks.filter((m) => m === 'seen' || m === 'not seen').length).toBeGreaterThanOrEqual(4);
    await page.getByTestId('trace').screenshot({ path: screenshotPath('trace-demo-verify.png') });
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it('starts from a pod in the topology graph: its DNS search order, then the Service', async () => {
    await page.getByRole('tab', { name: /topology/i }).click();
    await page.waitForFunction(
      () => ((window as HookedWindow).__kubelabGraph?.nodes('[kind="pod"]').length ?? 0) > 0,
    );
    const pod = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph!;
      const node = cy
        .nodes('[kind="pod"]')
        .filter((n) => String(n.data('ref')).startsWith('default/nginx-'))
        .first();
      node.emit('tap');
      return String(node.data('ref'));
    });
    await page
      .getByTestId('topology-details')
      .getByRole('button', { name: 'Trace from this pod' })
      .click();
    const panel = page.getByTestId('trace');
    await panel.waitFor();
    await expect(panel.getByLabel('From').inputValue()).resolves.toBe(`pod/${pod}`);
    await panel.getByLabel('To').fill('nginx');
    await panel.getByRole('button', { name: 'Trace', exact: true }).click();
    const steps = page.getByTestId('trace-steps');
    await steps
      .getByText(/ndots:5/)
      .first()
      .waitFor();
    const cited = (await steps.locator('pre').allTextContents()).join('\n');
    // kubelet's resolv.conf: the short name is asked with the namespace's suffix first.
    expect(cited).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(cited).toContain('A? nginx.default.svc.cluster.local. → 10.100.');
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
