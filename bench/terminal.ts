/**
 * `npm run bench`: terminals under a flood. Chromium against `kubelab serve --demo`, 32 terminals
 * open, 8 of them visible, `yes` flooding one. Measured in the page, from the keydown event to
 * the DOM row showing the echoed key (xterm's DOM renderer, as where WebGL is missing):
 * keystroke echo in the 7 other visible terminals, first without the flood (the baseline) and
 * then beside it, and Ctrl-C in the flooded terminal until its prompt is back on screen.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium, type Locator, type Page } from 'playwright-core';
import { chromiumPath, hasChromium } from '../test/e2e/browser';
import { openTerminal, waitForScreen } from '../test/e2e/terminal-page';

const TERMINALS = 32;
const VISIBLE = 8;
const ECHO_SAMPLES = Number(process.env.BENCH_ECHO_SAMPLES ?? 140);
const INTERRUPTS = 8;
const HOSTS = ['node1', 'node2', 'node3', 'operator'];
const PROMPT_AT_END = /\[ec2-user@ip-[\d-]+ ~\]\$\s*$/;

declare global {
  interface Window {
    benchKeydown: number;
    benchWait?: Promise<number>;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const progress = (text: string) => process.stderr.write(`  … ${text}\n`);

/**
 * Arms an observer on the pane's rows: resolves with the time from the last keydown to the
 * first DOM change after which `pattern` matches the screen text.
 */
async function arm(pane: Locator, pattern: string): Promise<void> {
  await pane.locator('.xterm-rows').evaluate((rows, source) => {
    const re = new RegExp(source);
    const text = () => [...rows.children].map((r) => r.textContent ?? '').join('\n');
    window.benchWait = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!re.test(text().replaceAll('\u00a0', ' ').trimEnd())) return;
        observer.disconnect();
        resolve(performance.now() - window.benchKeydown);
      });
      observer.observe(rows, { childList: true, subtree: true, characterData: true });
      // A key that never shows up must fail the bench, not hang it.
      setTimeout(() => {
        observer.disconnect();
        resolve(Number.POSITIVE_INFINITY);
      }, 5000);
    });
  }, pattern);
}

async function settle(page: Page): Promise<number> {
  return page.evaluate(() => window.benchWait ?? Promise.resolve(NaN));
}

/** Types letters into the 7 quiet panes in turn; returns each key's echo latency. */
async function echoLatencies(page: Page, panes: Locator[], samples: number): Promise<number[]> {
  const latencies: number[] = [];
  const typed = new Map<Locator, string>();
  for (const pane of panes) {
    await pane.click();
    await page.keyboard.press('Control+U');
    await waitForScreen(pane, (t) => PROMPT_AT_END.test(t));
  }
  for (let i = 0; i < samples; i++) {
    const pane = panes[i % panes.length]!;
    let line = typed.get(pane) ?? '';
    // Short lines: the prompt plus the letters must not wrap in a pane a quarter of the width.
    if (line.length >= 6) {
      await pane.click();
      await page.keyboard.press('Control+U');
      await waitForScreen(pane, (t) => PROMPT_AT_END.test(t));
      line = '';
    }
    const key = String.fromCharCode(97 + (i % 26));
    line += key;
    typed.set(pane, line);
    await pane.click();
    // The cursor's row ends with the prompt and the letters typed so far.
    await arm(pane, `\\$ ${line}$`);
    await page.keyboard.press(key);
    latencies.push(await settle(page));
  }
  return latencies;
}

/** scripts/bench.mjs runs each bench bundled elsewhere, with the repository as its cwd. */
function buildApp(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
}

async function startServe(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['bin/kubelab.mjs', 'serve', '--demo', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`kubelab serve exited (${code})`)));
  });
  return { url, stop: () => void child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  if (!hasChromium) {
    console.log(
      'terminal bench: not run (no Chromium; apt-get install chromium or set CHROMIUM_PATH)',
    );
    return;
  }
  buildApp();
  const serve = await startServe();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-webgl', '--disable-webgl2'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(serve.url);
    await page.evaluate(() => {
      window.benchKeydown = 0;
      addEventListener('keydown', () => (window.benchKeydown = performance.now()), true);
    });
    await page.getByRole('tab', { name: /terminals/i }).click();
    const opened = performance.now();
    for (let i = 0; i < TERMINALS; i++) await openTerminal(page, HOSTS[i % HOSTS.length]!);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="terminal"][data-phase="open"]').length === n,
      TERMINALS,
    );
    const openMs = performance.now() - opened;
    progress(`${TERMINALS} terminals open`);
    for (let i = 1; i < VISIBLE; i++)
      await page.getByRole('button', { name: 'Split right' }).click();
    const visible = page.locator('[data-testid="terminal"]:not([hidden])');
    const panes = await visible.all();
    if (panes.length !== VISIBLE)
      throw new Error(`expected ${VISIBLE} visible, got ${panes.length}`);
    for (const pane of panes) await waitForScreen(pane, (t) => PROMPT_AT_END.test(t));
    const [flooded, ...quiet] = panes as [Locator, ...Locator[]];

    progress('measuring echo without a flood');
    const baseline = await echoLatencies(page, quiet, Math.round(ECHO_SAMPLES / 2));

    await flooded.click();
    await page.keyboard.type('yes');
    await page.keyboard.press('Enter');
    await waitForScreen(flooded, (t) => t.split('\n').filter((l) => l === 'y').length > 20);
    await page.waitForTimeout(1000);
    const heapBefore = await page.evaluate(
      () =>
        (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? 0,
    );
    progress('measuring echo beside the flood');
    const flood = await echoLatencies(page, quiet, ECHO_SAMPLES);
    const heapAfter = await page.evaluate(
      () =>
        (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? 0,
    );

    progress('measuring Ctrl-C');
    const interrupts: number[] = [];
    for (let i = 0; i < INTERRUPTS; i++) {
      if (i > 0) {
        await page.keyboard.type('yes');
        await page.keyboard.press('Enter');
        await waitForScreen(flooded, (t) => t.split('\n').filter((l) => l === 'y').length > 20);
        await page.waitForTimeout(700);
      }
      await flooded.click();
      await arm(flooded, /\^C\n\[ec2-user@ip-[\d-]+ ~\]\$$/.source);
      await page.keyboard.press('Control+C');
      interrupts.push(await settle(page));
    }

    console.log(
      `${TERMINALS} terminals open (${ms(openMs)} to open all), ${VISIBLE} visible, DOM renderer`,
    );
    const line = (name: string, values: number[], target: string) =>
      console.log(
        `${name.padEnd(34)} p50 ${ms(percentile(values, 50)).padStart(9)}  p95 ${ms(percentile(values, 95)).padStart(9)}  max ${ms(Math.max(...values)).padStart(9)}  (n=${values.length})  ${target}`,
      );
    line('echo, no flood (baseline)', baseline, '');
    line('echo beside a yes flood', flood, 'target p95 ≤ 50 ms');
    line('Ctrl-C in the flood → prompt', interrupts, 'target ≤ 300 ms');
    console.log(
      `page JS heap during the flood: ${(heapBefore / 1e6).toFixed(1)} → ${(heapAfter / 1e6).toFixed(1)} MB`,
    );
  } finally {
    await browser.close();
    serve.stop();
  }
}

await main();
