import type { Core } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
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

/**
 * The capture acceptance on the demo lab, through `kubelab serve` in Chromium: tcpdump on the
 * three nodes, a request loop from a pod to the nginx Service, and the journey of one request's
 * SYN through the Service — the VIP on the client's veth, the DNAT to the endpoint, the nodes'
 * ENIs and the endpoint's veth — shown in the Journeys view.
 */
describe.runIf(canRun)('capture view in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  async function runOnOperator(command: string): Promise<void> {
    await page.getByRole('tab', { name: /run/i }).click();
    for (const id of ['operator', 'node1', 'node2', 'node3']) {
      const box = page.getByTestId(`select-host-${id}`);
      if (id === 'operator') await box.check();
      else await box.uncheck();
    }
    await page.getByLabel('Command').fill(command);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
  }

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.addInitScript(() => {
      (window as HookedWindow).__kubelabTestHooks = true;
    });
    await page.goto(serve.url);
    await page.getByTestId('host-node1').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('captures on the three nodes and lists their interfaces', async () => {
    await page.getByRole('tab', { name: 'Capture' }).click();
    for (const id of ['node1', 'node2', 'node3'])
      await expect(page.getByTestId(`capture-host-${id}`).isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('capture-host-operator').isChecked()).resolves.toBe(false);
    await page.getByTestId('capture-iface-ens5').waitFor();
    await page.getByLabel('Capture filter port').fill('80');
    await page.getByRole('button', { name: 'Start capture' }).click();
    const runs = page.getByRole('list', { name: 'Captures' });
    await runs.getByText('node1: listening').waitFor();
    await runs.getByText('node3: listening').waitFor();
    await expect(runs.textContent()).resolves.toContain('tcpdump -i any -nn -U -l -tttt');
  });

  it('shows the journey of a request through the nginx Service: VIP → DNAT → endpoint', async () => {
    await runOnOperator('kubelab-traffic start --every 0.2 --for 60');
    await page.getByRole('tab', { name: 'Capture' }).click();
    await page.getByRole('tab', { name: /^Journeys/ }).click();
    await page.getByText('only with NAT').click();
    // A request whose endpoint is on another node (the demo picks endpoints at random, like
    // kube-proxy): seen at 4 points on 2 hosts.
    const syn = page
      .getByTestId('journey')
      .filter({ hasText: 'TCP [S] seq' })
      .filter({ hasText: '4 points on 2 host(s)' })
      .first();
    await syn.waitFor({ timeout: 40_000 });
    const text = (await syn.textContent()) ?? '';
    expect(text).toContain('DNAT');
    // The VIP is named from the topology, on the first hop (the client pod's veth, In).
    expect(text).toContain('svc default/nginx');
    const hops = syn.locator('.journey__point');
    const count = await hops.count();
    await expect(hops.first().locator('.journey__iface').textContent()).resolves.toMatch(/^eni/);
    await expect(hops.first().locator('.journey__dir').textContent()).resolves.toBe('In');
    await expect(hops.last().locator('.journey__iface').textContent()).resolves.toMatch(/^eni/);
    await expect(hops.last().locator('.journey__dir').textContent()).resolves.toBe('Out');
    // Between the veths it crosses both nodes' ENIs: the one holding each pod's IP (ens5, or
    // ens6/ens7 for a pod on a secondary ENI).
    expect(count).toBe(4);
    const ifaces = await hops.locator('.journey__iface').allTextContents();
    for (const iface of ifaces.slice(1, 3)) expect(iface).toMatch(/^ens\d$/);
    const hosts = await hops.locator('.journey__host').allTextContents();
    expect(hosts[0]).toBe(hosts[1]);
    expect(hosts[2]).toBe(hosts[3]);
    expect(hosts[1]).not.toBe(hosts[2]);
    await syn.locator('.journey__point').first().click();
    await page.getByRole('complementary', { name: 'Packet details' }).waitFor();
    await page.screenshot({ path: screenshotPath('capture-journey.png') });
  });

  it('filters, follows the flow, pauses without losing packets, and stops every tcpdump', async () => {
    await page.getByRole('button', { name: /^Follow TCP flow/ }).click();
    await page.getByTestId('capture-follow').waitFor();
    // The followed flow and its DNATed leg: the client's flow to the VIP and the one to the pod.
    const followed = (await page.getByTestId('capture-follow').textContent()) ?? '';
    const flowsShown = async () =>
      new Set(
        await page
          .locator('.capture-row')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-flow') ?? '')),
      );
    await expect.poll(async () => (await flowsShown()).size, { timeout: 5000 }).toBe(2);
    const view = await flowsShown();
    expect(followed).toContain('following tcp');
    const stats = page.getByTestId('capture-stats');
    const shown = Number(await stats.getAttribute('data-retained'));
    expect(shown).toBeGreaterThan(0);
    await page.getByLabel('Display filter').fill('flags S and not flags .');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: /^Resume/ }).click();
    await page.getByLabel('Display filter').fill('port 80 and (proto tcp');
    await page.getByRole('alert').filter({ hasText: 'missing ")"' }).waitFor();
    await page.getByLabel('Display filter').fill('');
    // Export: the followed flow's packets as shown, with the CLI's field names.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export JSON' }).click(),
    ]);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      kind: string;
      packets: { host: string; iface: string; proto: string; flow: string; raw: string }[];
    };
    expect(doc.kind).toBe('kubelab-capture');
    expect(doc.packets.length).toBe(Number(await stats.getAttribute('data-shown')));
    expect(doc.packets.every((p) => p.proto === 'tcp' && view.has(p.flow))).toBe(true);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await stats.and(page.locator('[data-running="false"]')).waitFor({ timeout: 15_000 });
    const runs = page.getByRole('list', { name: 'Captures' });
    await runs.getByText('ended: stopped').waitFor();
    const n = async (attr: string) => Number(await stats.getAttribute(`data-${attr}`));
    // Every packet the backend parsed reached the view and is in it (nothing dropped here).
    expect(await n('received')).toBe((await n('backend-total')) - (await n('backend-dropped')));
    expect(await n('received')).toBe((await n('retained')) + (await n('dropped')));
    await runOnOperator('kubelab-traffic stop all');
    expect(consoleErrors).toEqual([]);
  });

  it('starts from a pod in the topology graph: its node and its host-side veth are chosen', async () => {
    await page.getByRole('tab', { name: /topology/i }).click();
    await page.waitForFunction(
      () => ((window as HookedWindow).__kubelabGraph?.nodes('[kind="pod"]').length ?? 0) > 0,
    );
    const pod = await page.evaluate(() => {
      const cy = (window as HookedWindow).__kubelabGraph!;
      const node = cy
        .nodes('[kind="pod"]')
        .filter((n) => String(n.data('ref')).startsWith('default/'))
        .first();
      node.emit('tap');
      return String(node.data('ref'));
    });
    const details = page.getByTestId('topology-details');
    await details.getByText(`Pod ${pod}`).waitFor();
    const button = details.getByRole('button', { name: /^Capture on eni/ });
    const veth = ((await button.textContent()) ?? '').replace('Capture on ', '');
    await button.click();
    await expect(
      page.getByRole('tab', { name: 'Capture' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await expect(page.getByTestId(`capture-iface-${veth}`).isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('capture-iface-any').isChecked()).resolves.toBe(false);
    const chosen: string[] = [];
    for (const id of ['operator', 'node1', 'node2', 'node3'])
      if (await page.getByTestId(`capture-host-${id}`).isChecked()) chosen.push(id);
    expect(chosen).toHaveLength(1);
    // The interface chip names the pod behind the veth.
    await expect(
      page.getByTestId(`capture-iface-${veth}`).locator('..').textContent(),
    ).resolves.toContain(pod);
  });

  it('keeps the raw packets as a pcap and offers it for download once stopped', async () => {
    await page.getByTestId('capture-iface-any').check();
    await page.getByLabel('keep pcap').check();
    await page.getByRole('button', { name: 'Start capture' }).click();
    const runs = page.getByRole('list', { name: 'Captures' });
    await runs
      .getByText(/: listening/)
      .first()
      .waitFor();
    await runOnOperator('kubelab-traffic start --every 0.2 --for 10');
    await page.getByRole('tab', { name: 'Capture' }).click();
    const stats = page.getByTestId('capture-stats');
    await expect
      .poll(async () => Number(await stats.getAttribute('data-received')), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const link = runs.getByRole('button', { name: /^pcap \(\d+ B\)/ }).first();
    await link.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = readFileSync(await download.path());
    // pcap magic (microsecond, either byte order).
    expect(bytes.subarray(0, 4).toString('hex')).toMatch(/^(d4c3b2a1|a1b2c3d4)$/);
    expect(bytes.length).toBeGreaterThan(24);
    await runOnOperator('kubelab-traffic stop all');
  });
});
