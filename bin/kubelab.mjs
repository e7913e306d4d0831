#!/usr/bin/env node
// The package's command. The CLI is built into dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/kubelab.mjs', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('kubelab: not built yet; run `npm run build` (npm install does it too).\n');
  process.exit(2);
}
await import(cli.href);
