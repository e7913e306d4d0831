import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rules are checked with the project's real ESLint config, on probe files written into
// each layer for the duration of the test (type-aware linting needs files that exist).
const root = path.resolve(import.meta.dirname, '../..');
const probes: string[] = [];
const eslint = new ESLint({ cwd: root });

async function lintProbe(layer: string, name: string, code: string): Promise<string[]> {
  const dir = path.join(root, layer, `lint-probe-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  probes.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, code);
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

afterAll(() => {
  for (const dir of probes) rmSync(dir, { recursive: true, force: true });
});

describe('layer boundaries (npm run lint)', { timeout: 60_000 }, () => {
  it('fails when shared/ imports Node', async () => {
    const messages = await lintProbe(
      'shared',
      'probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-imports: .*shared\/ is pure TypeScript/);
    const bare = await lintProbe(
      'shared',
      'probe-bare.ts',
      "import path from 'path';\nexport const j = path.join;\n",
    );
    expect(bare.join('\n')).toMatch(/no-restricted-imports/);
  });

  it('fails when shared/ imports electron/ or renderer/', async () => {
    const messages = await lintProbe(
      'shared',
      'probe-up.ts',
      "import { mapLimit } from '../../electron/core/limit';\nexport const m = mapLimit;\n",
    );
    expect(messages.join('\n')).toMatch(/no-restricted-(imports|paths)/);
  });

  it('fails when renderer/ imports electron/', async () => {
    const messages = await lintProbe(
      'renderer',
      'probe.ts',
      "import { mapLimit } from '../../electron/core/limit';\nexport const m = mapLimit;\n",
    );
    expect(messages.join('\n')).toMatch(/renderer\/ never imports electron\//);
  });

  it('fails when electron/ imports renderer/', async () => {
    const messages = await lintProbe(
      'electron',
      'probe.ts',
      "import { createApi } from '../../renderer/src/api/create-api';\nexport const c = createApi;\n",
    );
    expect(messages.join('\n')).toMatch(/electron\/ never imports renderer\//);
  });

  it('keeps ssh2 inside electron/ssh/', async () => {
    const code = "import { Client } from 'ssh2';\nexport const c = Client;\n";
    const outside = await lintProbe('electron', 'probe-ssh2.ts', code);
    expect(outside.join('\n')).toMatch(/Only electron\/ssh\/ imports ssh2/);
    const inside = await lintProbe('electron/ssh', 'probe-ssh2.ts', code);
    expect(inside).toEqual([]);
  });

  it('passes clean code in shared/, including our own shared/net', async () => {
    const messages = await lintProbe(
      'shared',
      'probe-ok.ts',
      "import { isIPv4 } from '../net/ipv4';\nexport const ok = isIPv4('10.0.0.1');\n",
    );
    expect(messages).toEqual([]);
  });
});
