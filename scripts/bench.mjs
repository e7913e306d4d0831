// `npm run bench`: bundles each benchmark in bench/ with esbuild and runs it under plain Node
// with --expose-gc, printing its figures. Not part of `npm test`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so the bundles' external packages (diff, …) resolve from its node_modules.
mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
const out = mkdtempSync(path.join(root, 'node_modules/.cache/kubelab-bench-'));
const only = process.argv.slice(2);
const benches = readdirSync(path.join(root, 'bench')).filter(
  (f) =>
    f.endsWith('.ts') &&
    !f.endsWith('.helpers.ts') && // imported by a bench, measures nothing on its own
    (only.length === 0 || only.some((o) => f.includes(o))),
);
let failed = 0;
for (const name of benches) {
  const outfile = path.join(out, name.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(root, 'bench', name)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'warning',
  });
  console.log(`\n## ${name}`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', outfile], {
    stdio: 'inherit',
    cwd: root,
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
