/**
 * `runIptables` / `runIptablesSave` against the real binaries, argv for argv: stdout, stderr
 * and exit code must agree, for listings, iptables' own error messages and `-Z` zeroing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIptables, runIptablesSave, serviceChainName } from '../../electron/demo/kube-proxy';
import { requireCapability } from '../support/require-capability';
import { freshContext, loadExampleNode, runBoth, withoutDates } from './kube-proxy-node';
import { createNetns, destroyAllNetns, netnsCapability, type Netns } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables-nft (root)',
  capability.available,
  capability.hint,
);

const NGINX_SVC = serviceChainName('default/nginx', 'tcp');

/** Command lines whose answer does not depend on state changes. */
const READ_ONLY: readonly (readonly string[])[] = [
  [],
  ['-L', '-S'],
  ['--bogus'],
  ['-L', '-Q'],
  ['-t', 'bogus', '-L'],
  ['-t', 'nat', '-L', 'NOPE'],
  ['-t', 'nat', '-S', 'NOPE', '1'],
  ['-t', 'nat', '-Z', 'NOPE'],
  ['-S', '--line-numbers'],
  ['-t', 'nat', '-x', '-S'],
  ['-Z', 'INPUT', '-n'],
  ['-L', '-p', 'tcp'],
  ['-L', '-n', '-n'],
  ['-L', 'INPUT', '0'],
  ['-L', 'INPUT', 'x'],
  ['-L', 'INPUT', '1', '2'],
  ['-L', 'INPUT', '-c'],
  ['-t'],
  ['--table'],
  ['-t', 'nat', '-n'],
  ['-6', '-L'],
  ['-A', 'INPUT', '-j', 'ACCEPT', '-L'],
  ['-Lnv'],
  ['-nvL', 'INPUT'],
  ['-t', 'nat', '-nvxL', 'KUBE-SERVICES', '--line-numbers'],
  ['-t', 'nat', '-L', '-n', '-v', 'KUBE-SERVICES'],
  ['-tnat', '-LPREROUTING'],
  ['--numeric', '--verbose', '--table', 'nat', '--list', 'AWS-SNAT-CHAIN-0'],
  ['-v', '--numeric', '--table', 'nat', '--list', 'KUBE-POSTROUTING'],
  ['--list=INPUT', '-n'],
  ['--li'],
  ['--list-r', 'INPUT'],
  ['-t', 'nat', '-S', NGINX_SVC, '2'],
  ['-t', 'nat', '-L', NGINX_SVC, '4', '-n', '-v', '-x'],
  ['-t', 'nat', '-L', 'PREROUTING', '9'],
  ['-t', 'raw', '-L', '-n', '-v'],
  ['-t', 'security', '-S'],
  ['-L', '-w', '-n'],
  ['-L', '-w', '5', '-n'],
  ['-V'],
  ['--version'],
];

/** Command lines that zero counters; each runs on a freshly loaded node. */
const ZEROING: readonly (readonly string[])[] = [
  ['-t', 'nat', '-Z'],
  ['-t', 'nat', '-Z', '-v'],
  ['-t', 'nat', '-L', '-Z', '-n', '-v', '-x'],
  ['-t', 'nat', '-Z', 'KUBE-SERVICES', '-v'],
  ['-t', 'nat', '-Z', 'PREROUTING'],
  ['-t', 'nat', '-Z', NGINX_SVC, '2'],
  ['-t', 'nat', '-Z', NGINX_SVC, '99'],
  ['-Z', 'INPUT', '-L', '-v', '-n'],
  ['-t', 'nat', '-S', '-Z', 'KUBE-NODEPORTS', '-v'],
];

const SAVE_ARGS: readonly (readonly string[])[] = [
  [],
  ['-c'],
  ['-t', 'nat'],
  ['--table=filter', '--counters'],
  ['-tmangle', '-c'],
  ['-t', 'raw'],
  ['-t', 'bogus'],
  ['--bogus'],
  ['-x'],
  ['-t'],
  ['--table'],
  ['extra'],
  ['-V'],
];

describe.skipIf(!canRun)('iptables argv answered like the real tool', () => {
  let ns: Netns;

  beforeAll(() => {
    ns = createNetns();
    loadExampleNode(ns);
  });
  afterAll(() => {
    destroyAllNetns();
  });

  for (const argv of READ_ONLY) {
    it(`iptables ${argv.join(' ')}`, () => {
      const { real, mine } = runBoth(ns, 'iptables', argv, freshContext());
      expect(mine).toEqual(real);
    });
  }

  for (const argv of ZEROING) {
    it(`iptables ${argv.join(' ')} zeroes the same counters`, () => {
      loadExampleNode(ns);
      const ctx = freshContext();
      const { real, mine } = runBoth(ns, 'iptables', argv, ctx);
      expect(mine).toEqual(real);
      const after = runBoth(ns, 'iptables-save', ['-c'], ctx, runIptablesSave);
      expect(withoutDates(after.mine.stdout)).toBe(withoutDates(after.real.stdout));
    });
  }

  for (const argv of SAVE_ARGS) {
    it(`iptables-save ${argv.join(' ')}`, () => {
      loadExampleNode(ns);
      const { real, mine } = runBoth(ns, 'iptables-save', argv, freshContext(), runIptablesSave);
      expect({ ...mine, stdout: withoutDates(mine.stdout) }).toEqual({
        ...real,
        stdout: withoutDates(real.stdout),
      });
    });
  }

  it('refuses to change rules, in iptables style', () => {
    const r = runIptables(['-t', 'nat', '-F'], freshContext());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^iptables v1\.8\.9 \(nf_tables\): -F is not available/);
  });
});
