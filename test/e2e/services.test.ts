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

/** New connections the live distribution has counted since it zeroed the counters. */
async function hitsSinceZero(page: Page): Promise<number> {
  const text = (await page.getByTestId('distribution-status').textContent()) ?? '';
  const m = /(\d+) new connections since zero/.exec(text);
  return m === null ? -1 : Number(m[1]);
}

/** Waits until the counted hits pass `above`, polling the page the way a user watches it. */
async function hitsAbove(page: Page, above: number): Promise<number> {
  let hits = await hitsSinceZero(page);
  for (let i = 0; i < 60 && hits <= above; i++) {
    await page.waitForTimeout(500);
    hits = await hitsSinceZero(page);
  }
  return hits;
}

/** Opens default/nginx in the explorer. */
async function openNginx(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Explorer', exact: true }).click();
  await page.getByTestId('service-list').getByText('default/nginx', { exact: true }).click();
  await page.getByTestId('service-detail').getByText('default/nginx', { exact: true }).waitFor();
}

/** Runs the live distribution until two reads show the counts growing; returns both. */
async function distributionMoves(page: Page): Promise<[number, number]> {
  const detail = page.getByTestId('service-detail');
  await detail.getByRole('button', { name: 'Zero counters and start' }).click();
  const first = await hitsAbove(page, 0);
  const second = await hitsAbove(page, first);
  return [first, second];
}

describe.runIf(canRun)('Services tab in Chromium (kubelab serve --demo)', () => {
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
    await page.goto(serve.url);
    await page.getByRole('tab', { name: /services/i }).click();
    await page.getByTestId('service-list').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('lists every Service of node1 and narrows by search and namespace', async () => {
    const services = page.getByTestId('services');
    const list = page.getByTestId('service-list');
    await expect(list.textContent()).resolves.toMatch(/default\/nginx.*kube-system\/kube-dns/s);
    await services.getByLabel('Search Services').fill('dns-tcp');
    await expect(list.locator('li').count()).resolves.toBe(1);
    await services.getByLabel('Search Services').fill('');
    await services.getByLabel('Namespace', { exact: true }).selectOption('kube-system');
    await expect(list.locator('li').count()).resolves.toBe(3);
    await services.getByLabel('Namespace', { exact: true }).selectOption('');
  });

  it('shows nginx’s path with the host’s own rule lines, the ladder explained, and pods', async () => {
    await openNginx(page);
    const path = page.getByTestId('iptables-path');
    const text = (await path.textContent()) ?? '';
    expect(text).toMatch(/-A KUBE-SERVICES -d 10\.100\.\d+\.\d+\/32 -p tcp .* -j KUBE-SVC-\w{16}/);
    expect(text).toContain('--probability 0.33333333349');
    expect(text).toContain('3 endpoints: the rules read 0.333, 0.5, then none');
    expect(text).toMatch(/-j DNAT --to-destination 192\.168\.\d+\.\d+:80/);
    expect(text).toContain('Hairpin');
    // The shared rules every path passes, as printed: entry from PREROUTING/OUTPUT, the masquerade.
    expect(text).toContain(
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
    expect(text).toContain(
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
    expect(text).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(text).toMatch(/-A KUBE-POSTROUTING .*-j MASQUERADE/);
    expect(text).not.toContain('did not include these rule lines');
    expect(text).toMatch(/This port’s rule is rule \d+ in KUBE-SERVICES/);
    const endpoints = (await page.getByTestId('endpoints-table').textContent()) ?? '';
    expect(endpoints).toMatch(/default\/nginx-[a-z0-9]+-[a-z0-9]+/);
    expect(endpoints).toMatch(/ip-192-168-\d+-\d+/);
    await page
      .getByTestId('service-detail')
      .screenshot({ path: screenshotPath('services-path.png') });
  });

  it('charts the live distribution in iptables mode: counts grow between two reads', async () => {
    const [first, second] = await distributionMoves(page);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    await expect(
      page.getByTestId('distribution-chart').locator('canvas').count(),
    ).resolves.toBeGreaterThan(0);
    const rows = page.getByTestId('distribution-table').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await page
      .getByTestId('distribution')
      .screenshot({ path: screenshotPath('services-distribution-iptables.png') });
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('snapshots node1, switches the demo to IPVS and shows both side by side', async () => {
    await page.getByRole('button', { name: /switch demo to IPVS/ }).click();
    const view = page.getByTestId('compare-view');
    await view.waitFor();
    await expect(page.getByTestId('services-meta').textContent()).resolves.toMatch(/ipvs mode/);
    await page.getByTestId('compare-summary').waitFor();
    const picker = page.getByLabel('Service to compare');
    const nginx = await picker
      .locator('option', { hasText: 'default/nginx' })
      .first()
      .getAttribute('value');
    await picker.selectOption(nginx ?? '');
    const fields = (await page.getByTestId('compare-fields').textContent()) ?? '';
    expect(fields).toMatch(/Data plane\s*iptables\s*ipvs/);
    expect(fields).toContain('iptables: statistic random ladder');
    expect(fields).toMatch(/IPVS rr — round robin/);
    const endpoints = page.getByTestId('compare-endpoints').locator('tbody tr');
    await expect(endpoints.count()).resolves.toBe(3);
    const text = (await page.getByTestId('compare-endpoints').textContent()) ?? '';
    expect(text).toMatch(/33\.3% · KUBE-SEP-\w{16} p=0\.33333/);
    expect(text).toMatch(/33\.3% · Masq weight 1/);
    await page.screenshot({ path: screenshotPath('services-side-by-side.png'), fullPage: true });
  });

  it('shows the IPVS view and a moving distribution in IPVS mode', async () => {
    await openNginx(page);
    const ipvs = (await page.getByTestId('ipvs-view').textContent()) ?? '';
    expect(ipvs).toMatch(/TCP\s+10\.100\.\d+\.\d+:80 rr/);
    expect(ipvs).toMatch(/-> 192\.168\.\d+\.\d+:80\s+Masq\s+1/);
    expect(ipvs).toMatch(/VIP on kube-ipvs0\s*yes/);
    expect(ipvs).toContain('KUBE-CLUSTER-IP holds every ClusterIP:port');
    const [first, second] = await distributionMoves(page);
    expect(second).toBeGreaterThan(first);
    // A tall window, so the whole IPVS view and the chart are in one picture.
    await page.setViewportSize({ width: 1500, height: 2400 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('services-ipvs.png') });
    await page.setViewportSize({ width: 1500, height: 1100 });
    await page.getByRole('button', { name: 'Stop' }).click();
  });

  it('marks the difference when nginx scales to 4 after the snapshot', async () => {
    await page.getByRole('tab', { name: /run/i }).click();
    await page.getByTestId('select-host-operator').check();
    for (const id of ['node1', 'node2', 'node3'])
      await page.getByTestId(`select-host-${id}`).uncheck();
    await page.getByLabel('Command').fill('kubectl scale deployment nginx --replicas 4');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page
      .getByText(/scaled/)
      .first()
      .waitFor();
    await page.getByRole('tab', { name: /services/i }).click();
    await page.getByRole('button', { name: 'Side by side', exact: true }).click();
    const rows = page.getByTestId('compare-endpoints').locator('tbody tr');
    // The new pod becomes an endpoint once it is ready: read node1 again until it shows.
    for (let i = 0; i < 30 && (await rows.count()) < 4; i++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(1_000);
    }
    await expect(rows.count()).resolves.toBe(4);
    const marked = page.getByTestId('compare-endpoints').locator('tr.compare__diff');
    await expect(marked.count()).resolves.toBe(4);
    const text = (await page.getByTestId('compare-endpoints').textContent()) ?? '';
    expect(text).toContain('missing on the left');
    expect(text).toContain('share 33.3% vs 25.0%');
    await expect(page.getByTestId('compare-summary').textContent()).resolves.toMatch(
      /[1-9]\d* differences? marked/,
    );
    await page.screenshot({ path: screenshotPath('services-side-by-side-scaled.png') });
  });

  it('shows the scale figures of the node in IPVS mode and why iptables mode slows', async () => {
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    const panel = page.getByTestId('scale-panel');
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/IPVS virtual servers\s*[1-9]\d*/);
    expect(text).toMatch(/IPVS real servers\s*[1-9]\d*/);
    expect(text).toContain('iptables-restore');
    expect(text).toMatch(/5,000\s*40,000\s*11 min/);
    expect(text).toMatch(/20,000\s*160,000\s*5 hours/);
    await page.screenshot({ path: screenshotPath('services-scale.png') });
    expect(consoleErrors).toEqual([]);
  });
});
