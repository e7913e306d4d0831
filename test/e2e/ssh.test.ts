import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedHost, SavedWorkspace } from '../../shared/model/saved-workspace';
import { requireCapability } from '../support/require-capability';
import { sshdCapability, startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import { chromiumPath, hasChromium, screenshotPath } from './browser';
import { buildApp, root, startServe, type ServeProcess } from './serve-process';
import { openTerminal, waitForScreen } from './terminal-page';

const sshd = sshdCapability();
const canRun =
  requireCapability('sshd (root)', sshd.available, sshd.hint) &&
  requireCapability('Chromium', hasChromium, 'apt-get install chromium, or set CHROMIUM_PATH');

const WORKSPACE = 'study-lab';
const NODES = ['node1', 'node2', 'node3'] as const;
// Each server sets a zone in its sessions (sshd's SetEnv): node2 sits alone in zone b, so a
// command printing it answers the same on two hosts and differently on one.
const ZONES = { node1: 'a', node2: 'b', node3: 'a' } as const;

function savedHost(id: (typeof NODES)[number], server: Sshd): SavedHost {
  return {
    id,
    name: id,
    role: 'node',
    address: server.host,
    port: server.port,
    user: 'root',
    auth: { kind: 'key', identityFile: server.clientKeyPath },
    jumps: [],
    tags: [],
    identitiesOnly: true,
  };
}

function startNode(id: (typeof NODES)[number], port?: number): Promise<Sshd> {
  return startSshd({ extraConfig: [`SetEnv KUBELAB_ZONE=${ZONES[id]}`], ...(port && { port }) });
}

/**
 * kubelab serve with a saved SSH workspace of three real sshd nodes, driven in Chromium: host
 * keys asked and saved, a terminal, a grouped fan-out, and a changed key refused.
 */
describe.runIf(canRun)('SSH workspace in Chromium (kubelab serve, real sshd)', () => {
  const servers = new Map<string, Sshd>();
  const tempDirs: string[] = [];
  let configDir: string;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];

  const server = (id: string): Sshd => {
    const found = servers.get(id);
    if (!found) throw new Error(`no server ${id}`);
    return found;
  };
  const hostRow = (id: string) => page.getByTestId(`host-${id}`);
  const hostState = (id: string) => hostRow(id).locator('.state-dot').getAttribute('title');
  const groupTitle = (index: number) =>
    page.getByTestId(`fan-out-group-${index}`).getByTestId('fan-out-group-title');

  async function waitForState(id: string, pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 15_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await hostState(id)) ?? '';
      if (pattern.test(state)) return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${id} never became ${pattern}; it is "${state}"`);
  }

  async function run(command: string): Promise<void> {
    await page.getByLabel('Command').fill(command);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
  }

  beforeAll(async () => {
    for (const id of NODES) servers.set(id, await startNode(id));
    configDir = mkdtempSync(path.join(tmpdir(), 'kubelab-e2e-config-'));
    // An empty home: the machine's own ~/.ssh/known_hosts must not decide about these keys.
    const home = mkdtempSync(path.join(tmpdir(), 'kubelab-e2e-home-'));
    tempDirs.push(configDir, home);
    const saved: SavedWorkspace = {
      version: 1,
      id: WORKSPACE,
      name: 'Study group lab',
      description: 'Three nodes on real sshd',
      hosts: NODES.map((id) => savedHost(id, server(id))),
    };
    mkdirSync(path.join(configDir, 'workspaces'));
    mkdirSync(path.join(root, '.screenshots'), { recursive: true });
    writeFileSync(
      path.join(configDir, 'workspaces', `${WORKSPACE}.json`),
      JSON.stringify(saved, null, 2),
    );

    buildApp();
    serve = await startServe({ KUBELAB_CONFIG_DIR: configDir, HOME: home, SSH_AUTH_SOCK: '' });
    // Without WebGL, xterm draws with its DOM renderer, whose rows the test can read.
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
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    stopAllSshd();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('asks about node1’s unknown key with its exact fingerprint before logging in, and saves it', async () => {
    await page.getByTestId(`workspace-${WORKSPACE}`).click();
    await hostRow('node1').waitFor();
    await expect(hostState('node1')).resolves.toBe('not connected');
    const node1 = server('node1');
    const logFrom = node1.log().length;

    await page.getByRole('button', { name: 'Connect node1' }).click();
    const dialog = page.getByTestId('prompt-host-key');
    await dialog.waitFor();
    await expect(dialog.getByTestId('prompt-fingerprint').textContent()).resolves.toBe(
      node1.hostKey.fingerprint,
    );
    await expect(dialog.textContent()).resolves.toContain(`127.0.0.1:${node1.port}`);
    // The key is still being decided on: no credential has reached sshd.
    expect(node1.log().slice(logFrom)).not.toMatch(/Accepted|Failed|userauth/i);

    await dialog.getByRole('button', { name: 'Accept and save' }).click();
    await waitForState('node1', /^connected$/);
    await node1.waitForLog(/Accepted publickey for root/, logFrom);
    const knownHosts = readFileSync(path.join(configDir, 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(node1.hostKey.line.split(' ')[1]);
  });

  it('connects node2 accepting once and node3 accepting and saving', async () => {
    for (const [id, choice] of [
      ['node2', 'Accept once'],
      ['node3', 'Accept and save'],
    ] as const) {
      await page.getByRole('button', { name: `Connect ${id}` }).click();
      const dialog = page.getByTestId('prompt-host-key');
      await dialog
        .getByTestId('prompt-fingerprint')
        .getByText(server(id).hostKey.fingerprint, { exact: true })
        .waitFor();
      // The SSH workspace mid-connect: node1 connected, node2 asking, node3 not yet tried.
      if (id === 'node2') await page.screenshot({ path: screenshotPath('ssh.png') });
      await dialog.getByRole('button', { name: choice }).click();
      await waitForState(id, /^connected$/);
    }
    const knownHosts = readFileSync(path.join(configDir, 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(server('node3').hostKey.line.split(' ')[1]);
    expect(knownHosts).not.toContain(server('node2').hostKey.line.split(' ')[1]);
  });

  it('opens a shell on node1 and runs a typed command in it', async () => {
    await page.getByRole('tab', { name: /terminals/i }).click();
    const terminal = await openTerminal(page, 'node1');
    await waitForScreen(terminal, (text) => /# $/.test(`${text.trimEnd()} `));
    await terminal.click();
    await page.keyboard.type('echo kubelab-$((6*7))');
    await page.keyboard.press('Enter');
    await waitForScreen(terminal, (text) => /^kubelab-42$/m.test(text));
    await page.screenshot({ path: path.join(root, '.screenshots/ssh-terminal.png') });
  });

  it('groups three identical outputs, and diffs the one node that differs', async () => {
    await page.getByRole('tab', { name: /run/i }).click();
    for (const id of NODES) await page.getByTestId(`select-host-${id}`).check();
    await run('uname -s');
    await groupTitle(0).getByText('node1, node2, node3 — identical').waitFor();
    await expect(page.getByTestId('fan-out-group-1').count()).resolves.toBe(0);
    const group = page.getByTestId('fan-out-group-0');
    await expect(group.locator('pre').textContent()).resolves.toBe('Linux');
    for (const id of NODES)
      await expect(group.getByTestId(`group-host-${id}`).textContent()).resolves.toMatch(/exit 0/);

    await run('printf "kernel %s\\nzone %s\\n" "$(uname -s)" "$KUBELAB_ZONE"');
    await groupTitle(1)
      .getByText(/— differs$/)
      .waitFor();
    await expect(groupTitle(0).textContent()).resolves.toBe('node1, node3 — identical');
    await expect(groupTitle(1).textContent()).resolves.toBe('node2 — differs');
    const odd = page.getByTestId('fan-out-group-1');
    await expect(odd.locator('[data-kind="removed"]').allTextContents()).resolves.toEqual([
      expect.stringContaining('zone a'),
    ]);
    await expect(odd.locator('[data-kind="added"]').allTextContents()).resolves.toEqual([
      expect.stringContaining('zone b'),
    ]);
    await page.screenshot({ path: path.join(root, '.screenshots/ssh-fan-out.png') });
  });

  it('refuses node3 once its host key changed, naming the key, while the others answer', async () => {
    const old = server('node3');
    await old.stop();
    const replaced = await startNode('node3', old.port);
    servers.set('node3-replaced', replaced);
    const logFrom = replaced.log().length;

    await run('uname -s');
    await groupTitle(1).waitFor();
    await expect(groupTitle(0).textContent()).resolves.toBe('node1, node2 — identical');
    const refused = page.getByTestId('fan-out-group-1');
    await expect(groupTitle(1).textContent()).resolves.toMatch(/^node3 — /);
    const message = (await refused.getByRole('alert').textContent()) ?? '';
    expect(message).toContain('CHANGED');
    expect(message).toContain(replaced.hostKey.fingerprint);
    expect(message).toContain(old.hostKey.fingerprint);
    // Refused outright: no dialog offers a way past it, and no login was attempted.
    await expect(page.getByTestId('prompt-host-key').isVisible()).resolves.toBe(false);
    expect(replaced.log().slice(logFrom)).not.toMatch(/Accepted|userauth/i);
    await waitForState('node3', /CHANGED/);
    // The sidebar says why in a few lines, and the whole reason on request.
    const reason = page.getByTestId('host-node3-reason');
    await expect(reason.textContent()).resolves.toContain('has CHANGED');
    const toggle = reason.getByRole('button');
    await expect(toggle.textContent()).resolves.toBe('Show all');
    const clamped = (await reason.locator('p').boundingBox())?.height ?? 0;
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    expect((await reason.locator('p').boundingBox())?.height ?? 0).toBeGreaterThan(clamped * 2);
    await expect(toggle.textContent()).resolves.toBe('Show less');
    await toggle.click();
    await page.screenshot({ path: path.join(root, '.screenshots/ssh-changed-key.png') });
  });

  it('runs without console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
