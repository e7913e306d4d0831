/**
 * Verify live on the two-node lab: tcpdump on both nodes, one real HTTP request from the source
 * pod's namespace, conntrack on the source node. Each request must show its SYN on every
 * predicted interface (the pod's veth, the egress ENI or the local endpoint's veth, the remote
 * node's veth) and the DNAT entry in conntrack; afterwards no tcpdump of the check is left.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTrace } from '../../electron/trace/collect';
import { verifyTrace } from '../../electron/trace/verify';
import { requireCapability } from '../support/require-capability';
import { destroyAllNetns, netnsCapability } from './netns';
import { buildTwoNodeLab, removeResolvConfs, type TwoNodeLab } from './trace/two-node-lab';

const capability = netnsCapability();
const tools = ['tcpdump', 'conntrack', 'curl'].every(
  (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0,
);
const canRun = requireCapability(
  'network namespaces with tcpdump, conntrack and curl (root)',
  capability.available && tools,
  capability.available ? 'install tcpdump, conntrack and curl' : capability.hint,
);

/** Every tcpdump on this machine whose filter names `ip` (ours carry the Service VIP). */
function tcpdumpsFor(ip: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((l) => l.includes('tcpdump') && l.includes(`host ${ip} `));
}

describe.skipIf(!canRun)('kubelab trace --verify on the two-node lab', () => {
  let t: TwoNodeLab;
  beforeAll(async () => {
    t = await buildTwoNodeLab(42);
  });
  afterAll(() => {
    destroyAllNetns();
    removeResolvConfs();
  });

  it('sees the SYN on each predicted interface and finds the conntrack entry, for local and remote endpoints and both ENIs', async () => {
    const s = t.topology.input.servicePorts[1];
    if (s === undefined) throw new Error('no Service 1');
    const local = new Set(t.topology.pods.map((p) => p.ip));
    const hit = { local: 0, remote: 0, secondary: 0 };
    for (const source of [
      t.topology.pods.find((p) => !p.onSecondary),
      t.topology.pods.find((p) => p.onSecondary),
    ]) {
      if (source === undefined) throw new Error('a pod on each ENI');
      // Each request picks an endpoint at random; a few cover local and remote ones.
      for (let round = 0; round < 6; round += 1) {
        const ctx = await collectTrace(
          t.hosts,
          { kind: 'host', name: source.name },
          { kind: 'address', ip: s.clusterIP, port: s.port },
        );
        const result = await verifyTrace(ctx);
        const what = `${source.name} round ${round}: ${JSON.stringify(result, null, 1)}`;
        expect(result.warnings, what).toEqual([]);
        expect(result.request.exitCode, what).toBe(0);
        expect(result.request.output, what).toMatch(/^200 /);
        expect(result.endpoint, what).not.toBeNull();
        expect(result.conntrack, what).toContain(`dst=${s.clusterIP}`);
        const exercised = result.checks.filter((c) => c.status !== 'not-exercised');
        expect(exercised.length, what).toBeGreaterThanOrEqual(4);
        for (const c of exercised) {
          expect(c.status, `${c.expected}\n${what}`).toBe('seen');
          expect(c.evidence.length, c.expected).toBeGreaterThan(0);
        }
        expect(
          result.captures.every((c) => c.ended),
          what,
        ).toBe(true);
        expect(tcpdumpsFor(s.clusterIP)).toEqual([]);
        const ip = result.endpoint?.split(':')[0] ?? '';
        if (local.has(ip)) hit.local += 1;
        else hit.remote += 1;
        if (source.onSecondary && !local.has(ip)) hit.secondary += 1;
      }
    }
    expect(hit.local + hit.remote).toBe(12);
    expect(hit.local, JSON.stringify(hit)).toBeGreaterThan(0);
    expect(hit.remote, JSON.stringify(hit)).toBeGreaterThan(0);
  });

  it('a node as the source: its own SYN leaves DNATed (conntrack proves the DNAT) and reaches the pod', async () => {
    const s = t.topology.input.servicePorts[1];
    if (s === undefined) throw new Error('no Service 1');
    const ctx = await collectTrace(
      t.hosts,
      { kind: 'node', name: 'node-a' },
      { kind: 'address', ip: s.clusterIP, port: s.port },
    );
    const result = await verifyTrace(ctx);
    const what = JSON.stringify(result, null, 1);
    expect(result.request.output, what).toMatch(/^200 /);
    const exercised = result.checks.filter((c) => c.status !== 'not-exercised');
    expect(exercised.length, what).toBeGreaterThanOrEqual(4);
    for (const c of exercised) expect(c.status, `${c.expected}\n${what}`).toBe('seen');
    expect(tcpdumpsFor(s.clusterIP)).toEqual([]);
  });

  it('a hairpin request (the pod picked itself) leaves its veth masqueraded to the node address', async () => {
    const s = t.topology.input.servicePorts[1];
    const self = t.topology.pods.find((p) => s?.endpoints.some((e) => e.ip === p.ip));
    if (s === undefined || self === undefined) throw new Error('lab shape');
    // The DNAT picks at random; with at most 7 endpoints, 40 tries miss the pod itself < 0.3%.
    for (let i = 0; i < 40; i += 1) {
      const ctx = await collectTrace(
        t.hosts,
        { kind: 'host', name: self.name },
        { kind: 'address', ip: s.clusterIP, port: s.port },
      );
      const result = await verifyTrace(ctx);
      if (result.endpoint?.split(':')[0] !== self.ip) continue;
      const what = JSON.stringify(result, null, 1);
      const exercised = result.checks.filter((c) => c.status !== 'not-exercised');
      for (const c of exercised) expect(c.status, `${c.expected}\n${what}`).toBe('seen');
      const masq = exercised.find((c) => c.expected.startsWith('SYN leaving with source'));
      expect(masq?.expected).toBe(`SYN leaving with source ${t.topology.primary.ip}`);
      return;
    }
    throw new Error(`40 requests never picked ${self.ip}`);
  }, 120_000);
});
