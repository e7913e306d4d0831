/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import text from './fixtures/demo-node1-iptables-save-nat.txt?raw';
import { servicesFromIptables } from '../../../../shared/model/kube-proxy';
import { parseIptables } from '../../../../shared/parsers/iptables';
import { ruleSourceFromRuleset } from './rule-source';
import { scaleFigures, scaleNotes, SYNC_LATENCY } from './scale';

describe('scaleFigures', () => {
  it('counts the demo node’s nat rules and kube-proxy chains', () => {
    const ruleset = parseIptables(text).value;
    const source = ruleSourceFromRuleset(ruleset);
    const f = scaleFigures(servicesFromIptables(ruleset).value, source);
    const ruleLines = text.split('\n').filter((l) => l.startsWith('-A ')).length;
    expect(f).toEqual({
      servicePorts: 5,
      natRules: ruleLines,
      svcChains: 5,
      sepChains: 11,
      ipvsVirtualServers: null,
      ipvsRealServers: null,
      servicesChainLength: 6,
    });
    expect(scaleNotes(f)[0]).toContain('up to 6 rules');
  });

  it('keeps the published sync latencies of the IPVS proposal', () => {
    expect(SYNC_LATENCY.map((r) => [r.services, r.iptables])).toEqual([
      [1, '50 µs'],
      [5000, '11 min'],
      [20000, '5 hours'],
    ]);
  });
});
