import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { chromium } from 'playwright-core';
import { chromiumPath, hasChromium, launchChromium, screenshotPath } from './browser';
import { buildApp, startServe, type ServeProcess } from './serve-process';
import { openTerminal, screenText, terminals, waitForScreen } from './terminal-page';

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

const PROMPT = /\[ec2-user@ip-192-168-\d+-\d+ ~\]\$ $/;

describe.runIf(canRun)('terminals in Chromium (kubelab serve --demo)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    serve = await startServe();
    // Without WebGL, xterm draws with its DOM renderer (the fallback), whose rows we can read.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-webgl', '--disable-webgl2'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(serve.url);
    await page.getByRole('tab', { name: /terminals/i }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('opens a shell on node1 and runs ip -br addr in it', async () => {
    const node1 = await openTerminal(page, 'node1');
    await waitForScreen(node1, (text) => PROMPT.test(text.trimEnd() + ' '));
    await node1.click();
    await page.keyboard.type('ip -br addr');
    await page.keyboard.press('Enter');
    const text = await waitForScreen(node1, (t) => /^ens5\s+UP\s+192\.168\./m.test(t));
    expect(text).toMatch(/^eni[0-9a-f]{11}@if\d+\s+UP/m);
    expect(text).toContain('Amazon Linux 2023');
  });

  it('interrupts yes with Ctrl-C and gets the prompt back', async () => {
    const node1 = terminals(page, 'node1').first();
    await node1.click();
    await page.keyboard.type('yes');
    await page.keyboard.press('Enter');
    await waitForScreen(node1, (t) => t.split('\n').filter((l) => l === 'y').length > 10);
    await page.keyboard.press('Control+C');
    const text = await waitForScreen(node1, (t) => /\^C\n\[ec2-user@[^\n]*\$\s*$/.test(t));
    expect(text.trimEnd()).toMatch(/\$$/);
    // The shell still answers after the flood.
    await page.keyboard.type('hostname');
    await page.keyboard.press('Enter');
    await waitForScreen(node1, (t) => /\.compute\.internal\n\[ec2-user@/.test(t));
  });

  it('broadcasts typed keys and a paste to the chosen terminals, marked as receivers', async () => {
    await page.getByRole('button', { name: 'Split right' }).click();
    const node2 = await openTerminal(page, 'node2');
    await waitForScreen(node2, (t) => PROMPT.test(t.trimEnd() + ' '));
    const node1 = terminals(page, 'node1').first();
    await page.getByTestId('terminal-broadcast').click();
    for (const t of [node1, node2]) {
      await expect(t.getAttribute('data-broadcast')).resolves.toBe('true');
      await expect(t.locator('.terminal-pane__badge').textContent()).resolves.toBe('broadcast');
    }
    // Focus moves to node2 and broadcast stays on: typing and pasting reach both shells.
    await node2.click();
    await page.keyboard.type('echo typed-');
    await node2.locator('.xterm-helper-textarea').evaluate((textarea) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'and-pasted');
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await page.keyboard.press('Enter');
    for (const t of [node1, node2]) {
      await waitForScreen(t, (text) => /^typed-and-pasted$/m.test(text));
    }
    await page.screenshot({ path: screenshotPath('terminal.png') });

    // Off again: keys go to the focused terminal only.
    await page.getByTestId('terminal-broadcast').click();
    await expect(node1.getAttribute('data-broadcast')).resolves.toBe('false');
    await node2.click();
    await page.keyboard.type('echo only-two');
    await page.keyboard.press('Enter');
    await waitForScreen(node2, (text) => /^only-two$/m.test(text));
    expect(await screenText(node1)).not.toContain('only-two');
  });

  it('closing a tab hangs up its shell', async () => {
    const before = await page.getByTestId('terminal-tab').count();
    await page.getByRole('button', { name: 'Close terminal on node2' }).click();
    await expect(page.getByTestId('terminal-tab').count()).resolves.toBe(before - 1);
    await expect(terminals(page, 'node2').count()).resolves.toBe(0);
  });

  it('gives WebGL only to visible terminals where WebGL exists', async () => {
    // Headless Chromium has software WebGL (SwiftShader): the renderer switches with visibility.
    const webglBrowser = await launchChromium();
    try {
      const other = await webglBrowser.newPage({ viewport: { width: 1200, height: 800 } });
      await other.goto(serve.url);
      await other.getByRole('tab', { name: /terminals/i }).click();
      const first = await openTerminal(other, 'node3', '.xterm-screen');
      const screen = first.locator('.terminal-view__screen');
      await expect(screen.getAttribute('data-renderer')).resolves.toBe('webgl');
      // A second terminal takes the pane: the first is hidden and gives its context back.
      const second = await openTerminal(other, 'operator', '.xterm-screen');
      await expect(screen.getAttribute('data-renderer')).resolves.toBe('dom');
      const secondScreen = second.locator('.terminal-view__screen');
      await expect(secondScreen.getAttribute('data-renderer')).resolves.toBe('webgl');
      // Leaving the Terminals tab hides every terminal.
      await other.getByRole('tab', { name: /overview/i }).click();
      await expect(secondScreen.getAttribute('data-renderer')).resolves.toBe('dom');
    } finally {
      await webglBrowser.close();
    }
  });

  it('runs without console errors (no CSP refusals from the terminal renderer)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
