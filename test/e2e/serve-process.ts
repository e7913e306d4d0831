import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Builds the app as `npm install` would, so the suite always drives the current code. */
export function buildApp(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
}

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `kubelab serve --demo --port 0` and resolves with the URL it prints; `env` is added to
 * this process's environment (a test's `KUBELAB_CONFIG_DIR`, `HOME`).
 */
export async function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  // The app journals what it runs under its config dir: a test that brings none gets its own.
  const ownConfig =
    env.KUBELAB_CONFIG_DIR === undefined && process.env.KUBELAB_CONFIG_DIR === undefined
      ? mkdtempSync(path.join(tmpdir(), 'kubelab-e2e-config-'))
      : undefined;
  const child = spawn(process.execPath, ['bin/kubelab.mjs', 'serve', '--demo', '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...(ownConfig ? { KUBELAB_CONFIG_DIR: ownConfig } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`kubelab serve exited (${code}): ${stderr}`)));
    setTimeout(() => reject(new Error(`kubelab serve printed no URL: ${stderr}`)), 20_000).unref();
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }).then(() => {
        if (ownConfig) rmSync(ownConfig, { recursive: true, force: true });
      }),
  };
}
