/** Driving kubelab's Terminals tab from playwright: shared by the e2e suite and the bench. */
import type { Locator, Page } from 'playwright-core';

/** The terminal panes on a host, in tab order. */
export function terminals(page: Page, hostId: string): Locator {
  return page.locator(`[data-testid="terminal"][data-host="${hostId}"]`);
}

/** Opens a terminal on `hostId` from the toolbar; resolves with its pane. */
export async function openTerminal(
  page: Page,
  hostId: string,
  ready = '.xterm-rows',
): Promise<Locator> {
  const count = await terminals(page, hostId).count();
  await page.getByTestId('terminal-host').selectOption(hostId);
  await page.getByTestId('terminal-open').click();
  const pane = terminals(page, hostId).nth(count);
  await pane.locator(ready).waitFor();
  return pane;
}

/** The visible screen of a terminal as text, one line per row (xterm's DOM renderer rows). */
export function screenText(pane: Locator): Promise<string> {
  return pane.locator('.xterm-rows').evaluate((rows) =>
    [...rows.children]
      .map((row) => (row.textContent ?? '').replaceAll('\u00a0', ' ').trimEnd())
      .join('\n')
      .trimEnd(),
  );
}

/** Polls the screen until `check` holds; resolves with the text that satisfied it. */
export async function waitForScreen(
  pane: Locator,
  check: (text: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await screenText(pane);
    if (check(text)) return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`terminal screen never matched; it shows:\n${text}`);
}
