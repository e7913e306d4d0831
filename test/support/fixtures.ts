import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared fixture kit (real command outputs, see its SOURCES.md) lives beside the repository
 * and is read in place, never copied in: `<repo>/../shared/fixtures`, or wherever
 * `KUBELAB_FIXTURE_KIT` points.
 */
export const FIXTURE_KIT_DIR = path.resolve(
  repoRoot,
  process.env.KUBELAB_FIXTURE_KIT ?? '../shared/fixtures',
);

/** Read access to the fixture kit for golden tests. */
export interface FixtureKit {
  dir: string;
  /** Absolute path of a kit file, e.g. `path('ip/rule-vpccni-proposal.txt')`. */
  path(relative: string): string;
  /** The file's text, byte for byte (no newline normalisation). */
  read(relative: string): string;
  /** File names in a kit folder, sorted. */
  list(folder: string): string[];
}

function makeKit(dir: string): FixtureKit {
  return {
    dir,
    path: (relative) => path.join(dir, relative),
    read: (relative) => readFileSync(path.join(dir, relative), 'utf8'),
    list: (folder) => readdirSync(path.join(dir, folder)).sort(),
  };
}

/**
 * Declares a suite over the fixture kit. When the kit is absent the suite is skipped with a loud
 * warning on a developer machine, and fails under `CI=true`, where a silently skipped golden suite
 * would look like a pass.
 */
export function describeWithFixtures(title: string, body: (kit: FixtureKit) => void): void {
  if (existsSync(FIXTURE_KIT_DIR)) {
    describe(title, () => body(makeKit(FIXTURE_KIT_DIR)));
    return;
  }
  const message = `fixture kit not found at ${FIXTURE_KIT_DIR}: golden suite "${title}" cannot run`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has its fixture kit', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n!!!!!!!!!! ${message}; SKIPPED (it fails under CI=true) !!!!!!!!!!\n`);
  // Reported as skipped (not silently absent) so the runner's summary shows what did not run.
  describe.skipIf(true)(title, () => {
    it(`needs the fixture kit at ${FIXTURE_KIT_DIR}`, () => undefined);
  });
}

/**
 * Splits fan-out output where each host's part starts with a `>> node NAME <<` banner (as the
 * labs' `for N in …; do echo ">> node $N <<"; ssh …; done` loops print it) into parts by host.
 */
export function splitNodeBanners(text: string): Map<string, string> {
  const parts = new Map<string, string>();
  let name: string | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (name !== undefined) parts.set(name, lines.join('\n'));
  };
  for (const line of text.split('\n')) {
    const banner = /^>> node (\S+) <<$/.exec(line.trim());
    if (banner?.[1] !== undefined) {
      flush();
      name = banner[1];
      lines = [];
    } else lines.push(line);
  }
  flush();
  return parts;
}
