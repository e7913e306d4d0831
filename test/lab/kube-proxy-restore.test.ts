/**
 * Holds electron/demo/kube-proxy against the real iptables-nft: the rendered iptables-save must
 * pass `iptables-restore --test`, load, and come back byte for byte from the real iptables-save;
 * every -S and -L view of every table and chain must match the real tool's output exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIptablesSave } from '../../electron/demo/kube-proxy';
import { requireCapability } from '../support/require-capability';
import {
  exampleRuleset,
  exampleSaveWithCounters,
  freshContext,
  loadExampleNode,
  maybeWriteGolden,
  runBoth,
  withoutDates,
} from './kube-proxy-node';
import { createNetns, destroyAllNetns, netnsCapability, type Netns } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables-nft (root)',
  capability.available,
  capability.hint,
);

const TABLES = ['mangle', 'filter', 'nat'] as const;
const VIEWS: readonly (readonly string[])[] = [
  ['-S'],
  ['-S', '-v'],
  ['-L', '-n', '-v'],
  ['-L', '-n', '-v', '-x', '--line-numbers'],
  ['-L', '-n'],
  ['-L', '-n', '--line-numbers'],
  ['-L'],
  ['-L', '-v'],
];

describe.skipIf(!canRun)('kube-proxy renderer against the real iptables-nft', () => {
  let ns: Netns;

  beforeAll(() => {
    ns = createNetns();
    loadExampleNode(ns);
  });
  afterAll(() => {
    destroyAllNetns();
  });

  it('iptables-restore --test accepts the rendered iptables-save', () => {
    const fresh = createNetns();
    try {
      const r = fresh.exec('iptables-restore', ['--test', '-c'], exampleSaveWithCounters());
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fresh.destroy();
    }
  });

  it('the real iptables-save -c prints exactly what we rendered (dates aside)', () => {
    const ctx = freshContext();
    const { real, mine } = runBoth(ns, 'iptables-save', ['-c'], ctx, runIptablesSave);
    maybeWriteGolden('netns-lab-example-node-iptables-save-c.txt', real.stdout);
    expect(real.exitCode).toBe(0);
    expect(withoutDates(mine.stdout)).toBe(withoutDates(real.stdout));
  });

  for (const table of TABLES) {
    for (const view of VIEWS) {
      const argv = ['-t', table, ...view];
      it(`iptables ${argv.join(' ')} matches byte for byte`, () => {
        const { real, mine } = runBoth(ns, 'iptables', argv, freshContext());
        maybeWriteGolden(`netns-lab-example-node-${table}${view.join('')}.txt`, real.stdout);
        expect(real.stderr).toBe('');
        expect(mine).toEqual(real);
      });
    }
  }

  it('every chain listed on its own (-L CHAIN -n -v -x, -S CHAIN -v, rule 1) matches', () => {
    const mismatches: string[] = [];
    for (const table of exampleRuleset.tables) {
      for (const chain of table.chains) {
        for (const view of [
          ['-L', chain.name, '-n', '-v', '-x'],
          ['-S', chain.name, '-v'],
          ['-L', chain.name, '1', '-n', '-v', '--line-numbers'],
          ['-S', chain.name, '1'],
        ]) {
          const argv = ['-t', table.name, ...view];
          const { real, mine } = runBoth(ns, 'iptables', argv, freshContext());
          if (JSON.stringify(real) !== JSON.stringify(mine)) {
            mismatches.push(
              `iptables ${argv.join(' ')}\n--- real\n${real.stdout}${real.stderr}--- ours\n${mine.stdout}${mine.stderr}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
