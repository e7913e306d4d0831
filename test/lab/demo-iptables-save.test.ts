/**
 * The demo lab's nodes must print an iptables-save that the real tool accepts: each node's dump
 * passes `iptables-restore --test`, loads, and the real iptables-save prints it back the same.
 * Checked for several lab seeds and after scaling nginx, which adds endpoints and ENIs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoLab } from '../../electron/demo';
import type { Host } from '../../electron/hosts/host';
import { requireCapability } from '../support/require-capability';
import { createNetns, destroyAllNetns, netnsCapability } from './netns';

const capability = netnsCapability();
const canRun = requireCapability(
  'network namespaces with iptables (root)',
  capability.available,
  capability.hint,
);

/** Dates and counters differ between two dumps of the same rules; nothing else may. */
function comparable(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.replace(/\[\d+:\d+\]$/, '[0:0]'))
    .join('\n');
}

async function saveOf(host: Host): Promise<string> {
  const result = await host.exec('sudo iptables-save');
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

function roundTrip(dump: string): void {
  const ns = createNetns();
  try {
    const tested = ns.exec('iptables-restore', ['--test'], dump);
    expect(tested.stderr).toBe('');
    expect(tested.status).toBe(0);
    ns.run('iptables-restore', [], dump);
    expect(comparable(ns.run('iptables-save', []))).toBe(comparable(dump));
  } finally {
    ns.destroy();
  }
}

describe.skipIf(!canRun)('the demo lab’s iptables-save against the real iptables-restore', () => {
  afterAll(destroyAllNetns);

  it.each([undefined, 7, 20240611])(
    'seed %s: every node’s dump loads and reads back the same',
    async (seed) => {
      const lab = createDemoLab(seed === undefined ? {} : { seed });
      const nodes = lab.hosts.filter((h) => h.description.role === 'node');
      expect(nodes).toHaveLength(3);
      for (const node of nodes) roundTrip(await saveOf(node));
    },
  );

  it('still loads after nginx scales to 30 replicas', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const lab = createDemoLab({ clock: () => now });
    const operator = lab.hosts.find((h) => h.description.role === 'operator');
    const scaled = await operator?.exec('kubectl scale deployment nginx --replicas 30');
    expect(scaled?.exitCode).toBe(0);
    now += 60_000; // long enough for every new pod to be scheduled, started and ready
    for (const node of lab.hosts.filter((h) => h.description.role === 'node')) {
      const dump = await saveOf(node);
      expect(dump.match(/-j DNAT/g)?.length ?? 0).toBeGreaterThan(30);
      roundTrip(dump);
    }
  });
});
