import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { hasChromium, launchChromium, screenshotPath } from './browser';
import { buildApp, root, startServe, type ServeProcess } from './serve-process';

const canRun = requireCapability(
  'Chromium',
  hasChromium,
  'apt-get install chromium, or set CHROMIUM_PATH',
);

/** A runbook whose intro and explanation carry HTML that must not run. */
const HOSTILE = `title: Hostile Markdown
intro: |
  **bold** <img src="x" onerror="window.__pwned = 1"> <script>window.__pwned = 2</script>
  [link](javascript:window.__pwned=3)
steps:
  - title: Only text
    explain: '*kept* <iframe src="javascript:window.__pwned=4"></iframe>'
    run: []
`;

/** The ENI growth runbook's steps, as runbooks/eni-growth.yaml titles them. */
const STEPS = 4;

describe.runIf(canRun)('Lab runner in Chromium (kubelab serve --demo)', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let configDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    // Journals go under the config dir: a fresh one, so Replay lists only this run.
    configDir = mkdtempSync(path.join(tmpdir(), 'kubelab-e2e-lab-'));
    // The shipped runbooks plus one whose Markdown tries to run script in the page.
    const runbooks = path.join(configDir, 'runbooks');
    cpSync(path.join(root, 'runbooks'), runbooks, { recursive: true });
    writeFileSync(path.join(runbooks, 'zz-hostile.yaml'), HOSTILE);
    serve = await startServe({ KUBELAB_CONFIG_DIR: configDir, KUBELAB_RUNBOOKS_DIR: runbooks });
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1600, height: 1000 },
      acceptDownloads: true,
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
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('shows the ENI growth runbook: intro as Markdown, roles resolved to the demo hosts, steps', async () => {
    await page.getByRole('tab', { name: 'Lab' }).click();
    const lab = page.getByTestId('lab');
    await lab.getByLabel('Runbook').selectOption('eni-growth');
    await lab.getByRole('heading', { name: /ENI growth/ }).waitFor();
    // The intro's `WARM_ENI_TARGET=1` is Markdown code, rendered as <code>.
    await expect(
      lab.locator('.lab__intro code', { hasText: 'WARM_ENI_TARGET=1' }).count(),
    ).resolves.toBe(1);
    const roles = await page.getByTestId('lab-roles').textContent();
    expect(roles).toMatch(/operator/);
    expect(roles).toMatch(/node1.*node2.*node3/);
    expect(roles).toMatch(/app=nginx/);
    for (let i = 1; i <= STEPS; i++)
      await expect(page.getByTestId(`lab-step-${i}`).getAttribute('data-status')).resolves.toBe(
        'pending',
      );
    await page.screenshot({ path: screenshotPath('lab-runbook.png') });
  });

  it('renders runbook Markdown sanitized: formatting kept, script, handlers and iframes dropped', async () => {
    const lab = page.getByTestId('lab');
    await lab.getByLabel('Runbook').selectOption('zz-hostile');
    await lab.getByRole('heading', { name: 'Hostile Markdown' }).waitFor();
    await lab.locator('.lab__intro strong', { hasText: 'bold' }).waitFor();
    await page.getByTestId('lab-step-1').locator('em', { hasText: 'kept' }).waitFor();
    const found = await lab.evaluate((el) => ({
      pwned: (window as Window & { __pwned?: number }).__pwned,
      scripts: el.querySelectorAll('script, iframe, [onerror]').length,
      jsLinks: [...el.querySelectorAll('a')].filter((a) => a.href.startsWith('javascript:')).length,
    }));
    expect(found).toEqual({ pwned: undefined, scripts: 0, jsLinks: 0 });
    // Left: the harmless <img src="x"> failing to load (404), and Chromium reporting the CSP's
    // refusal of the onerror attribute while DOMPurify parses the HTML (before removing it).
    for (const error of consoleErrors.splice(0))
      expect(error).toMatch(/Failed to load resource|Executing inline event handler violates/);
    await lab.getByLabel('Runbook').selectOption('eni-growth');
    await lab.getByRole('heading', { name: /ENI growth/ }).waitFor();
  });

  it('runs every step: outputs inline, each expectation passes with its why, the graph beside', async () => {
    await page.getByRole('button', { name: 'Run all steps' }).click();
    // The demo attaches an ENI 4 s after ipamd asks, and the step watches for it.
    await page
      .getByTestId('lab-progress')
      .getByText('session passed')
      .waitFor({ timeout: 120_000 });
    for (let i = 1; i <= STEPS; i++) {
      const step = page.getByTestId(`lab-step-${i}`);
      await expect(step.getAttribute('data-status')).resolves.toBe('passed');
      await expect(step.locator('[data-ok="false"]').count()).resolves.toBe(0);
      expect(await step.locator('[data-ok="true"]').count()).toBeGreaterThan(0);
    }
    const step2 = page.getByTestId('lab-step-2');
    await expect(step2.textContent()).resolves.toMatch(/kubectl scale deployment nginx/);
    await expect(step2.locator('.lab__output').first().textContent()).resolves.toMatch(/scaled/);
    await expect(step2.locator('.lab__why').first().textContent()).resolves.toMatch(/ENI/);
    await page.getByTestId('topology-graph').waitFor();
    await expect(page.getByTestId('lab-progress').textContent()).resolves.toMatch(
      /4 of 4 steps passed/,
    );
    await page.screenshot({ path: screenshotPath('lab-run.png') });
  }, 180_000);

  it('keeps a note per step in the session', async () => {
    const step1 = page.getByTestId('lab-step-1');
    await step1.getByLabel('Note for step 1').fill('Every node starts with its warm ENI.');
    await step1.getByRole('button', { name: 'Add note' }).click();
    await step1
      .locator('.lab__note', { hasText: 'Every node starts with its warm ENI.' })
      .waitFor();
  });

  it('exports the report with the graph after step 2 as a PNG that loads, and downloads it', async () => {
    await page
      .getByTestId('lab-step-2')
      .getByRole('button', { name: /Scale nginx to 30/ })
      .click();
    await expect(page.getByTestId('lab-graph-caption').textContent()).resolves.toMatch(
      /after step 2/,
    );
    await page.getByRole('button', { name: 'Export report' }).click();
    const preview = page.getByTestId('lab-report-preview');
    await preview.locator('img').first().waitFor();
    // Marked turned the headings and code blocks into HTML, DOMPurify kept them.
    expect(await preview.locator('h1, h2').count()).toBeGreaterThanOrEqual(STEPS);
    expect(await preview.locator('pre code').count()).toBeGreaterThan(STEPS);
    await expect(preview.textContent()).resolves.toContain('Every node starts with its warm ENI.');
    const image = await preview
      .locator('img')
      .first()
      .evaluate(async (img: HTMLImageElement) => {
        await img.decode();
        return { src: img.src.slice(0, 22), width: img.naturalWidth, height: img.naturalHeight };
      });
    expect(image.src).toBe('data:image/png;base64,');
    expect(image.width).toBeGreaterThan(0);
    expect(image.height).toBeGreaterThan(0);
    await preview.locator('img').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('lab-report.png') });

    const [md] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .md' }).click(),
    ]);
    const markdown = readFileSync(await md.path(), 'utf8');
    expect(markdown).toMatch(/^# ENI growth/m);
    expect(markdown).toContain('](data:image/png;base64,');

    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download bundle (.zip)' }).click(),
    ]);
    const files = unzipSync(new Uint8Array(readFileSync(await zip.path())));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['report.md', 'journal.jsonl', 'images/step-2.png']),
    );
    const png = files['images/step-2.png'];
    expect(
      Buffer.from(png ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(new TextDecoder().decode(files['report.md'])).toContain('](images/step-2.png)');
  }, 60_000);

  it('replays the session from its journal: steps, outputs and the graph as they were', async () => {
    await page.reload();
    await page.getByRole('tab', { name: 'Lab' }).click();
    const replay = page.getByLabel('Replay a journal');
    await expect
      .poll(() => replay.locator('option').count(), { timeout: 10_000 })
      .toBeGreaterThan(1);
    const value = await replay.locator('option').nth(1).getAttribute('value');
    await replay.selectOption(value ?? '');
    await page.getByTestId('lab-replay').waitFor();
    for (let i = 1; i <= STEPS; i++)
      await expect(page.getByTestId(`lab-step-${i}`).getAttribute('data-status')).resolves.toBe(
        'passed',
      );
    await expect(page.getByTestId('lab-step-2').textContent()).resolves.toMatch(/scaled/);
    // The explanation's ${web.count} holds what the run bound.
    await expect(page.getByTestId('lab-step-1').textContent()).resolves.toMatch(
      /With 3 replicas every node/,
    );
    await expect(page.getByLabel('Runbook').inputValue()).resolves.toBe('eni-growth');
    await page
      .getByTestId('lab-step-1')
      .getByRole('button', { name: /Before/ })
      .click();
    await expect(page.getByTestId('lab-graph-caption').textContent()).resolves.toMatch(
      /after step 1/,
    );
    await page.getByTestId('topology-graph').waitFor();
    await page.screenshot({ path: screenshotPath('lab-replay.png') });
  });

  it('runs one step alone: that step passes, the others stay not run', async () => {
    await page.getByLabel('Replay a journal').selectOption('');
    await expect(page.getByTestId('lab-replay').count()).resolves.toBe(0);
    await page.getByTestId('lab-step-1').getByRole('button', { name: 'Run step' }).click();
    await page.getByTestId('lab-progress').getByText('session passed').waitFor();
    await expect(page.getByTestId('lab-step-1').getAttribute('data-status')).resolves.toBe(
      'passed',
    );
    for (let i = 2; i <= STEPS; i++)
      await expect(page.getByTestId(`lab-step-${i}`).getAttribute('data-status')).resolves.toBe(
        'pending',
      );
    expect(consoleErrors).toEqual([]);
  });

  it('journals a command panel run in the workspace journal, replayed and exported from the Lab tab', async () => {
    await page.getByRole('tab', { name: /run/i }).click();
    await page.getByLabel('Command').fill('echo journaled-from-the-panel');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('fan-out-group-0').getByText('journaled-from-the-panel').waitFor();
    await page.getByRole('tab', { name: 'Lab' }).click();
    const replay = page.getByLabel('Replay a journal');
    const workspace = replay.locator('option', { hasText: 'Workspace journal' });
    await expect.poll(() => workspace.count(), { timeout: 10_000 }).toBe(1);
    await expect(workspace.textContent()).resolves.toMatch(/demo · open$/);
    await replay.selectOption((await workspace.getAttribute('value')) ?? '');
    const outside = page.getByTestId('lab-outside');
    await outside.getByText('$ echo journaled-from-the-panel').first().waitFor();
    await expect(outside.getByText('command panel').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Export report' }).click();
    const preview = page.getByTestId('lab-report-preview');
    await preview.getByRole('heading', { name: 'Workspace journal: demo' }).waitFor();
    await expect(preview.textContent()).resolves.toContain('$ echo journaled-from-the-panel');
    await page.screenshot({ path: screenshotPath('lab-workspace-journal.png') });
    expect(consoleErrors).toEqual([]);
  });
});
