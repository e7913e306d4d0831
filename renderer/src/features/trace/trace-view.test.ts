import { describe, expect, it } from 'vitest';
import type { Trace, VerifyResult } from '../../../../shared/model/trace';
import { markLabel, share, sourceSuggestions, stepRows } from './trace-view';

const trace: Trace = {
  from: 'node/node1',
  to: '10.100.0.1:443',
  frontend: { ip: '10.100.0.1', port: 443, protocol: 'tcp' },
  origin: { host: 'node1', ip: null, iif: null },
  warnings: [],
  endpoints: [],
  steps: [
    { kind: 'netfilter', host: 'node1', text: 'KUBE-SERVICES', lines: ['-A KUBE-SERVICES …'] },
    {
      kind: 'routing',
      host: 'node1',
      text: 'main',
      lines: ['32766:\tfrom all lookup main'],
      endpoint: '192.168.1.5:443',
    },
  ],
};

describe('trace view', () => {
  it('numbers the steps and puts each live mark beside its step', () => {
    const verify: VerifyResult = {
      request: { command: 'curl', exitCode: 0, output: '200' },
      endpoint: '192.168.1.5:443',
      conntrack: null,
      checks: [{ step: 1, status: 'seen', expected: 'SYN on ens5', evidence: ['… ens5 Out IP …'] }],
      captures: [],
      warnings: [],
    };
    const rows = stepRows(trace, verify);
    expect(rows.map((r) => [r.n, r.kind, r.check?.status ?? null, r.endpoint])).toEqual([
      [1, 'netfilter', null, null],
      [2, 'routing', 'seen', '192.168.1.5:443'],
    ]);
    expect(markLabel({ step: 0, status: 'not-exercised', expected: '', evidence: [] })).toBe(
      'not taken',
    );
  });

  it('offers nodes and other hosts as sources, and prints shares like the CLI', () => {
    expect(
      sourceSuggestions([
        { id: 'operator', role: 'operator' },
        { id: 'node1', role: 'node' },
        { id: 'pod0', role: 'other' },
      ]),
    ).toEqual(['node/node1', 'host/pod0']);
    expect([share(1), share(1 / 3), share(0.25)]).toEqual(['100%', '33.3%', '25.0%']);
  });
});
