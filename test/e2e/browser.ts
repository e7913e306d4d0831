import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or the one CHROMIUM_PATH names. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Where an e2e test saves a screenshot: `.screenshots/` (ignored by git), or `docs/` when
 * `KUBELAB_UPDATE_DOCS=1`, so a test run never dirties the tree but the README's pictures can be
 * refreshed from the real page on purpose.
 */
export function screenshotPath(name: string): string {
  const root = path.resolve(import.meta.dirname, '../..');
  const dir = path.join(root, process.env.KUBELAB_UPDATE_DOCS === '1' ? 'docs' : '.screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
