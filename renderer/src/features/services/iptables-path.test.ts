/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import DEMO_NODE_NAT from './fixtures/demo-node1-iptables-save-nat.txt?raw';
import { servicesFromIptables } from '../../../../shared/model/kube-proxy';
import { parseIptables } from '../../../../shared/parsers/iptables';
import { describeWithFixtures } from '../../../../test/support/fixtures';
import { iptablesPath } from './iptables-path';
import { ruleSourceFromCited, ruleSourceFromRuleset } from './rule-source';

function pathOf(text: string, name: string) {
  const { value: ruleset } = parseIptables(text);
  const port = servicesFromIptables(ruleset).value.find(
    (p) => `${p.namespace}/${p.name}:${p.portName}` === name,
  );
  if (port === undefined) throw new Error(`no ${name}`);
  return { port, steps: iptablesPath(port, ruleSourceFromRuleset(ruleset)) };
}

describe('iptablesPath on a demo node’s iptables-save', () => {
  const { steps } = pathOf(DEMO_NODE_NAT, 'default/nginx:');

  it('walks PREROUTING/OUTPUT → KUBE-SERVICES → KUBE-SVC → each KUBE-SEP → masquerade', () => {
    expect(steps.map((s) => s.id)).toEqual([
      'entry',
      'services',
      'svc',
      'sep:KUBE-SEP-66JLUQUPUVK3HHZP',
      'sep:KUBE-SEP-UUAR42VP7OIFS36G',
      'sep:KUBE-SEP-TGARRTVYPOAI4EQH',
      'masq',
    ]);
  });

  it('shows each rule exactly as the host printed it', () => {
    const entry = steps[0]?.rules.map((r) => r.raw);
    expect(entry).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ]);
    const services = steps[1]?.rules ?? [];
    expect(services[0]?.raw).toBe(
      '-A KUBE-SERVICES -d 10.100.54.55/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 80 -j KUBE-SVC-2CMXP7HKUVJN7L6M',
    );
    expect(services[0]?.isOnPath).toBe(true);
    // The NodePorts rule is shown for context, not as a step this connection takes.
    expect(services[1]?.note.kind).toBe('nodeports-jump');
    expect(services[1]?.isOnPath).toBe(false);
    expect(steps[1]?.explain).toContain('rule 5 of 6');
  });

  it('explains the 0.333, 0.5, then none ladder on the KUBE-SVC rules', () => {
    const svc = steps[2];
    expect(svc?.explain).toMatch(/3 endpoints: the rules read 0\.333, 0\.5, then none/);
    expect(svc?.rules.map((r) => r.ladder?.slice(0, 30))).toEqual([
      'Probability 0.333 = 1/3: every',
      'Probability 0.5 = 1/2: 66.7% o',
      'No probability: the last rule ',
    ]);
  });

  it('shows the hairpin mark and the DNAT of each endpoint', () => {
    const sep = steps[3];
    expect(sep?.endpoint).toBe('192.168.1.39:80');
    expect(sep?.rules.map((r) => r.note.kind)).toEqual(['mark-masq-hairpin', 'dnat']);
    expect(sep?.explain).toContain('33.3%');
  });

  it('ends with KUBE-MARK-MASQ and KUBE-POSTROUTING', () => {
    expect(steps.at(-1)?.rules.map((r) => r.note.kind)).toEqual([
      'mark-set',
      'postrouting-entry',
      'masq-return',
      'masq-clear',
      'masquerade',
    ]);
  });
});

describe('iptablesPath on cited lines only', () => {
  it('does not count a chain it holds only part of', () => {
    const { value: ruleset } = parseIptables(DEMO_NODE_NAT);
    const port = servicesFromIptables(ruleset).value.find((p) => p.name === 'nginx');
    if (port === undefined) throw new Error('no nginx');
    const full = ruleSourceFromRuleset(ruleset);
    const cited = [...port.lines, ...port.endpoints.flatMap((e) => e.lines)].flatMap((l) =>
      l.kind === 'iptables'
        ? (full.chain(l.chain) ?? [])
            .filter((r) => r.line === l.line)
            .map((r) => ({ source: 'iptables', line: r.line, text: r.raw }))
        : [],
    );
    const nodePorts = full.chain('KUBE-SERVICES')?.at(-1);
    if (nodePorts !== undefined)
      cited.push({ source: 'iptables', line: nodePorts.line, text: nodePorts.raw });
    const steps = iptablesPath(port, ruleSourceFromCited(cited));
    expect(steps[1]?.explain).toBe(
      'This port’s rule is rule 5 in KUBE-SERVICES: a new connection to it is compared with the 4 rules above first.',
    );
  });
});

describeWithFixtures('iptablesPath on kube-proxy’s own restore text', (kit) => {
  const text = kit.read('iptables/kubeproxy-restore-overall-6svc.txt');

  it('includes KUBE-NODEPORTS, KUBE-EXT and KUBE-FW for a load-balancer Service with affinity', () => {
    const { port, steps } = pathOf(text, 'ns5/svc5:p80');
    expect(port.sessionAffinity).toEqual({ timeoutSeconds: 10800 });
    expect(steps.map((s) => s.id)).toContain('nodeports');
    expect(steps.map((s) => s.title)).toEqual(
      expect.arrayContaining(['KUBE-EXT-NUKIZ6OKUXPJNT4C', 'KUBE-FW-NUKIZ6OKUXPJNT4C']),
    );
    const svc = steps.find((s) => s.id === 'svc');
    expect(svc?.explain).toContain('Session affinity: a client keeps its endpoint for 10800 s');
    expect(svc?.rules.map((r) => r.note.kind)).toContain('affinity-check');
    const nodePorts = steps.find((s) => s.id === 'nodeports');
    expect(nodePorts?.rules.every((r) => r.raw.includes('--dport 3002'))).toBe(true);
  });

  it('explains the 0.5 then none ladder of a two-endpoint Service', () => {
    const { steps } = pathOf(text, 'ns4/svc4:p80');
    const svc = steps.find((s) => s.id === 'svc');
    expect(svc?.rules.filter((r) => r.ladder !== undefined)).toHaveLength(2);
    expect(svc?.explain).toMatch(/2 endpoints: the rules read 0\.5, then none/);
  });
});
