import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { requireCapability } from '../support/require-capability';
import { hasChromium, launchChromium } from './browser';
import { buildApp, root, startServe, type ServeProcess } from './serve-process';

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

describe.runIf(canRun)('kubelab serve --demo in Chromium', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
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

  it('lists the demo workspace’s four hosts', async () => {
    for (const id of ['operator', 'node1', 'node2', 'node3']) {
      const row = page.getByTestId(`host-${id}`);
      await row.waitFor({ state: 'visible' });
      await expect(row.textContent()).resolves.toContain(id);
    }
  });

  it('shows nodes → ENIs → pods from the demo', async () => {
    await page.getByRole('tab', { name: /overview/i }).click();
    const node1 = page.getByTestId('overview-node-node1');
    await node1.waitFor();
    await expect(node1.textContent()).resolves.toMatch(/eni-[0-9a-f]{17}/);
    await expect(page.getByTestId('overview').textContent()).resolves.toMatch(/coredns-/);
    mkdirSync(path.join(root, '.screenshots'), { recursive: true });
    await page.screenshot({ path: path.join(root, '.screenshots/overview.png') });
  });

  it('runs ip -br addr on two nodes and shows both outputs', async () => {
    await page.getByRole('tab', { name: /run/i }).click();
    await page.getByTestId('select-host-node1').check();
    await page.getByTestId('select-host-node2').check();
    await page.getByLabel('Command').fill('ip -br addr');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    // A finished run opens grouped by identical output; this test reads each host's own section.
    await page.getByRole('button', { name: 'Per host' }).click();
    for (const id of ['node1', 'node2']) {
      const output = page.getByTestId(`output-${id}`);
      await output
        .getByText(/^ens5\s/m)
        .first()
        .waitFor();
      await expect(output.textContent()).resolves.toMatch(/eni[0-9a-f]{11}/);
      await expect(page.getByTestId(`output-header-${id}`).textContent()).resolves.toMatch(
        /exit 0|0/,
      );
    }
    await page.screenshot({ path: path.join(root, '.screenshots/run.png') });
  });

  it('loads without console errors', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('refuses a WebSocket without the token, with a wrong one, or from a foreign origin', async () => {
    const port = new URL(serve.origin).port;
    const attempt = (query: string, origin: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api${query}`, { origin });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', reject);
      });
    await expect(attempt('', serve.origin)).resolves.toBe(401);
    await expect(attempt('?token=wrong', serve.origin)).resolves.toBe(401);
    await expect(attempt(`?token=${serve.token}`, 'http://evil.example')).resolves.toBe(403);
    await expect(attempt(`?token=${serve.token}`, serve.origin)).resolves.toBe(101);
  });

  it('tells the user when the page’s token is stale instead of retrying forever', async () => {
    const stale = await browser.newPage();
    await stale.goto(`${serve.origin}/#token=stale-token`);
    await stale
      .getByText(/refused this page’s access token/)
      .first()
      .waitFor();
    await stale.close();
  });

  it('refuses the page’s socket without the token, from inside the browser', async () => {
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new window.WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `${serve.origin.replace('http', 'ws')}/api`,
    );
    expect(outcome).toBe('refused');
  });
});
