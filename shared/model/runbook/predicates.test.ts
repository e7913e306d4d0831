import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../topology';
import { evaluateExpectation, type StepOutput } from './predicates';
import { Expectation } from './schema';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const out = (command: string, stdout: string, hostId = 'node1'): StepOutput => ({
  hostId,
  command,
  stdout,
  stderr: '',
  exitCode: 0,
});
const nat = out('sudo iptables -t nat -S', fixture('demo-node1-iptables-nat-S.txt'));
const conntrack = out('sudo conntrack -L', fixture('demo-node1-conntrack-L.txt'));
const rules30 = out('ip rule', fixture('demo-node1-ip-rule-30-replicas.txt'));
const rulesJson = out('ip -j rule', fixture('demo-node1-ip-j-rule-30-replicas.txt'));

function check(
  e: unknown,
  outputs: StepOutput[],
  extra: Partial<Parameters<typeof evaluateExpectation>[1]> = {},
) {
  return evaluateExpectation(Expectation.parse(e), { outputs, allOutputs: outputs, ...extra });
}

describe('match', () => {
  it('passes on the first output that matches and quotes the line', () => {
    const r = check({ match: 'DNAT --to-destination 192\\.168\\.1\\.39' }, [conntrack, nat]);
    expect(r.ok).toBe(true);
    expect(r.why).toContain('node1 `sudo iptables -t nat -S` printed');
  });
  it('fails naming every output it checked; `not` inverts', () => {
    const r = check({ match: 'nope' }, [nat]);
    expect(r).toMatchObject({
      ok: false,
      why: 'no output matched /nope/ (checked node1 `sudo iptables -t nat -S`)',
    });
    expect(check({ match: 'nope', not: true }, [nat]).ok).toBe(true);
  });
});

describe('dnat', () => {
  it('finds the KUBE-SEP DNAT to a given endpoint of a Service', () => {
    const r = check({ dnat: { service: 'default/nginx', endpoint: '192.168.2.17' } }, [nat]);
    expect(r).toMatchObject({
      ok: true,
      name: 'a KUBE-SEP DNAT to 192.168.2.17 of Service default/nginx',
    });
    expect(r.why).toMatch(
      /default\/nginx → KUBE-SEP-UUAR42VP7OIFS36G DNAT --to-destination 192\.168\.2\.17:80/,
    );
  });
  it('says which endpoints there are when the wanted one is not among them', () => {
    const r = check({ dnat: { service: 'default/nginx', endpoint: '10.9.9.9' } }, [nat]);
    expect(r.ok).toBe(false);
    expect(r.why).toContain('DNATs to 192.168.1.39, 192.168.2.17, 192.168.3.193, not 10.9.9.9');
  });
  it('counts endpoints, matches by port name, and tells a missing Service', () => {
    expect(check({ dnat: { service: 'default/nginx', endpoints: 3 } }, [nat]).ok).toBe(true);
    expect(check({ dnat: { service: 'default/nginx', endpoints: 1 } }, [nat]).why).toContain(
      'has 3 KUBE-SEP DNATs',
    );
    expect(check({ dnat: { service: 'default/kubernetes', port: 'https' } }, [nat]).ok).toBe(true);
    expect(check({ dnat: { service: 'default/nope' } }, [nat]).why).toContain(
      'no Service default/nope in the rules',
    );
    expect(check({ dnat: { service: 'default/nginx' } }, [conntrack]).why).toContain(
      'no iptables rules in it',
    );
  });
});

describe('conntrack', () => {
  it('finds a flow to the VIP answered by an endpoint read from the step’s iptables output', () => {
    const r = check(
      { conntrack: { from: '192.168.1.7', to: '10.100.0.1', endpointOf: 'default/kubernetes' } },
      [conntrack],
      {
        allOutputs: [conntrack, nat],
      },
    );
    expect(r.ok).toBe(true);
    expect(r.why).toMatch(/192\.168\.1\.7 → 10\.100\.0\.1:443 answered by 192\.168\.1\.125/);
  });
  it('fails when the reply is not from the named address, listing who answered', () => {
    const r = check({ conntrack: { to: '10.100.0.1', replyFrom: '192.168.9.9' } }, [conntrack]);
    expect(r.ok).toBe(false);
    expect(r.why).toMatch(
      /2 entries to 10\.100\.0\.1, answered by 192\.168\.(2\.187|1\.125), 192\.168/,
    );
  });
  it('asks for the nat rules when it cannot know the endpoints', () => {
    const r = check({ conntrack: { to: '10.100.0.1', endpointOf: 'default/kubernetes' } }, [
      conntrack,
    ]);
    expect(r).toMatchObject({ ok: false });
    expect(r.why).toContain('no endpoints of default/kubernetes known');
  });
  it('without a reply address, any translated reply proves DNAT', () => {
    expect(check({ conntrack: { to: '10.100.0.1', dport: 443 } }, [conntrack]).ok).toBe(true);
    expect(check({ conntrack: { to: '10.100.0.1', dport: 53 } }, [conntrack]).ok).toBe(false);
  });
});

describe('ipRule', () => {
  it('finds `from <pod IP> lookup 2` in text and JSON output', () => {
    for (const o of [rules30, rulesJson]) {
      const r = check({ ipRule: { from: '192.168.1.116', table: 2 } }, [o]);
      expect(r.ok, r.why).toBe(true);
    }
    expect(check({ ipRule: { to: '192.168.1.116', table: 'main' } }, [rules30]).ok).toBe(true);
  });
  it('says which table the rule looks up instead', () => {
    const r = check({ ipRule: { from: '192.168.1.116', table: 3 } }, [rules30]);
    expect(r).toMatchObject({ ok: false, why: 'node1 `ip rule`: from 192.168.1.116 looks up 2' });
    expect(check({ ipRule: { from: '10.0.0.1' } }, [rules30]).why).toMatch(
      /no rule from 10\.0\.0\.1 among \d+/,
    );
  });
});

describe('eniCountIncreased', () => {
  const topo = (enis: Record<string, number>): Topology => ({
    workspaceId: 'demo',
    collectedAt: '',
    durationMs: 0,
    vpcs: [],
    subnets: [],
    peerings: [],
    pods: [],
    services: [],
    warnings: [],
    nodes: Object.entries(enis).map(([hostId, n]) => ({
      hostId,
      enis: Array.from({ length: n }, () => ({ secondaryIps: [], slots: [], sources: [] })),
      sources: [],
    })),
  });
  it('compares with the run or the step start', () => {
    const runStart = topo({ node1: 2, node2: 1 });
    const stepStart = topo({ node1: 3, node2: 1 });
    const current = topo({ node1: 3, node2: 1 });
    const ctx = { runStart, stepStart, current };
    expect(check({ eniCountIncreased: { since: 'run' } }, [], ctx)).toMatchObject({
      ok: true,
      why: 'ENIs per node: node1 2 → 3',
    });
    expect(check({ eniCountIncreased: {} }, [], ctx)).toMatchObject({
      ok: false,
      why: 'no node gained 1 ENI(s): node1 3 → 3, node2 1 → 1',
    });
  });
  it('fails with why when there are no snapshots', () => {
    expect(check({ eniCountIncreased: {} }, []).why).toContain('no topology snapshot');
  });
});
