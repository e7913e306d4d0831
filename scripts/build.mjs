// Builds everything the app and the CLI run from: the backend bundles with esbuild (the CLI as
// ESM for plain Node, the Electron main and sandboxed preload as CommonJS) and the renderer with
// Vite. `npm install` runs this (prepare), so `npx kubelab` works right after it.
import { build as esbuild } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wants = (part) => only.length === 0 || only.includes(part);
const started = performance.now();

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

if (wants('backend')) {
  await rm(path.join(root, 'dist/cli'), { recursive: true, force: true });
  await rm(path.join(root, 'dist/electron'), { recursive: true, force: true });
  await Promise.all([
    esbuild({
      ...node,
      entryPoints: ['electron/cli/main.ts'],
      outfile: 'dist/cli/kubelab.mjs',
      format: 'esm',
      packages: 'external',
    }),
    esbuild({
      ...node,
      entryPoints: ['electron/main.ts'],
      outfile: 'dist/electron/main.cjs',
      format: 'cjs',
      packages: 'external',
      external: ['electron'],
    }),
    // A sandboxed preload can require nothing but electron: everything else is bundled in.
    esbuild({
      ...node,
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'dist/electron/preload.cjs',
      format: 'cjs',
      external: ['electron'],
    }),
  ]);
}

if (wants('renderer')) {
  const { build: vite } = await import('vite');
  await vite({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

process.stderr.write(
  `kubelab: built ${only.length ? only.join(', ') : 'backend, renderer'} in ${Math.round(performance.now() - started)} ms\n`,
);
