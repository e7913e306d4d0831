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

/** The fan-out view against `kubelab serve --demo`: grouped outputs, diffs, and watch -d. */
describe.runIf(canRun)('fan-out view in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  async function selectOnly(ids: string[]): Promise<void> {
    for (const id of ['operator', 'node1', 'node2', 'node3']) {
      const box = page.getByTestId(`select-host-${id}`);
      if (ids.includes(id)) await box.check();
      else await box.uncheck();
    }
  }

  async function run(command: string): Promise<void> {
    await page.getByLabel('Command').fill(command);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
  }

  const groupTitle = (index: number) =>
    page.getByTestId(`fan-out-group-${index}`).getByTestId('fan-out-group-title');

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(serve.url);
    await page.getByTestId('host-node1').waitFor();
    await page.getByRole('tab', { name: /run/i }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('groups three nodes with the same /etc/os-release into one identical group', async () => {
    await selectOnly(['node1', 'node2', 'node3']);
    await run('cat /etc/os-release');
    await groupTitle(0).getByText('node1, node2, node3 — identical').waitFor();
    await expect(page.getByTestId('fan-out-group-1').count()).resolves.toBe(0);
    const group = page.getByTestId('fan-out-group-0');
    await expect(group.textContent()).resolves.toContain('PRETTY_NAME="Amazon Linux 2023');
    // The output is shown once, with each host's exit status still visible.
    await expect(group.getByText('NAME="Amazon Linux"').count()).resolves.toBe(1);
    for (const id of ['node1', 'node2', 'node3']) {
      await expect(group.getByTestId(`group-host-${id}`).textContent()).resolves.toMatch(/exit 0/);
    }
  });

  it('shows the node whose links differ as a diff against the majority', async () => {
    // node2 of the demo runs one pod fewer, so it has one veth (eni…) link fewer.
    await run("ip -br link | awk '{print $2}'");
    await groupTitle(1)
      .getByText(/— differs$/)
      .waitFor();
    await expect(groupTitle(0).textContent()).resolves.toMatch(/^node1, node3 — identical$/);
    await expect(groupTitle(1).textContent()).resolves.toBe('node2 — differs');
    const odd = page.getByTestId('fan-out-group-1');
    await expect(odd.locator('[data-kind="removed"]').count()).resolves.toBe(1);
    await expect(odd.locator('[data-kind="added"]').count()).resolves.toBe(0);
    await expect(odd.locator('.group__stat').textContent()).resolves.toBe('−1 vs majority');
    // The toggle swaps the diff for the group's whole output and back.
    await odd.getByRole('button', { name: 'Full output' }).click();
    await expect(odd.locator('[data-kind="removed"]').count()).resolves.toBe(0);
    await expect(odd.locator('pre').textContent()).resolves.toBe('UNKNOWN\nUP\nUP\nUP');
    await odd.getByRole('button', { name: 'Show diff' }).click();
    await odd.locator('[data-kind="removed"]').waitFor();
  });

  it('watches pods on the operator and lights the characters a scale-out changed', async () => {
    await selectOnly(['operator']);
    await page.getByLabel('Command').fill('kubectl get pods -o wide | wc -l');
    await page.getByLabel('Watch interval').first().selectOption('1000');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    const panel = page.getByTestId('watch-panel');
    await expect(panel.getByTestId('watch-title').textContent()).resolves.toBe(
      'Every 1.0s: kubectl get pods -o wide | wc -l',
    );
    const host = page.getByTestId('watch-host-operator');
    await host.getByText(/^\s*\d+\s*$/).waitFor();
    const before = (await host.locator('.rows__row').first().textContent())?.trim();
    expect(before).toBe('4'); // the header and nginx's three pods
    await panel.getByText(/run [2-9]/).waitFor(); // it re-runs by itself
    await expect(host.getByTestId('watch-lit').count()).resolves.toBe(0);
    // Keep what changed lit, so it is still lit when we look.
    await panel.getByLabel('Cumulative').check();

    await run('kubectl scale deployment nginx --replicas 10');
    await page.getByText('deployment.apps/nginx scaled').first().waitFor();
    await host.getByTestId('watch-lit').first().waitFor();
    await expect(host.locator('.rows__row').first().textContent()).resolves.toBe('11');
    // 4 → 11: both cells differ from the previous screen, as watch -d lights them.
    await expect(host.getByTestId('watch-lit').allTextContents()).resolves.toEqual(['11']);
    await expect(host.textContent()).resolves.toMatch(/2 characters changed|exit 0/);
  });

  it('shows both views together for the screenshot, and stops the watch for good', async () => {
    await selectOnly(['node1', 'node2', 'node3']);
    // Policy-routing rule priorities: a node with pods on a secondary ENI has 1536 rules too.
    await run("ip rule | awk '{print $1}' | sort -un");
    await groupTitle(0).waitFor();
    await page.screenshot({ path: screenshotPath('fan-out.png'), fullPage: true });

    const panel = page.getByTestId('watch-panel');
    await panel.getByRole('button', { name: 'Stop watch' }).click();
    await panel.getByText('stopped').waitFor();
    const lastRun = await panel.getByTestId('watch-last-run').textContent();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await expect(panel.getByTestId('watch-last-run').textContent()).resolves.toBe(lastRun);
    // The lit cells of the last run stay for reading after the stop.
    await expect(
      page.getByTestId('watch-host-operator').getByTestId('watch-lit').count(),
    ).resolves.toBe(1);
  });

  it('loads and runs without console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
