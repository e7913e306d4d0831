import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { expectSurvives, mutationsOf } from '../../../test/support/fuzz';
import { parseIptables } from '../../parsers/iptables';
import { parseIpvsadm } from '../../parsers/ipvsadm';
import { servicesFromIptables } from './from-iptables';
import { servicesFromIpvs } from './from-ipvs';
import type { ServicePort } from './types';

const BIG = 'GENERATED-kubeproxy-large-425svcports-iptables-save.txt';

function fromIptables(text: string) {
  const parsed = parseIptables(text);
  const services = servicesFromIptables(parsed.value);
  return { value: services.value, warnings: [...parsed.warnings, ...services.warnings] };
}

function fromIpvs(text: string) {
  const parsed = parseIpvsadm(text);
  const services = servicesFromIpvs(parsed.value);
  return { value: services.value, warnings: [...parsed.warnings, ...services.warnings] };
}

/**
 * A small dump cut from the GENERATED one: every rule of a few Services (kube-dns, one with
 * affinity, one without endpoints, one with a NodePort) with the chain headers they need.
 */
function sampleOfBig(text: string): string {
  const names = [
    'kube-system/kube-dns:',
    'argocd/scheduler-notifier-38:',
    'billing/notifier-admin-20:',
    'backend/indexer-export-22:',
  ];
  const lines = text.split('\n');
  const isKept = (l: string) => l.startsWith('-A ') && names.some((n) => l.includes(n));
  const chains = new Set(
    lines.filter(isKept).flatMap((l) => [...l.matchAll(/(?:^-A|-j) (\S+)/g)].map((m) => m[1])),
  );
  return lines
    .filter((l) =>
      l.startsWith('-A ')
        ? isKept(l)
        : !l.startsWith(':') || !l.includes(' - ') || chains.has(l.slice(1).split(' ')[0]),
    )
    .join('\n');
}

/** Shares are probabilities, and a Service never hands out more than all of its connections. */
function sane(value: unknown): void {
  const bad = (value as ServicePort[]).find((s) => {
    const total = s.endpoints.reduce((sum, e) => sum + e.probability, 0);
    return total > 1 + 1e-9 || s.endpoints.some((e) => !(e.probability >= 0 && e.probability <= 1));
  });
  expect(bad).toBeUndefined();
}

describeWithFixtures('kube-proxy Service model survives damaged input', (kit) => {
  for (const file of kit.list('iptables').filter((f) => f.endsWith('.txt'))) {
    it(`resolves mutations of iptables/${file}`, () => {
      const text = kit.read(`iptables/${file}`);
      const source = file === BIG ? sampleOfBig(text) : text;
      expectSurvives(fromIptables, mutationsOf(source), sane);
    });
  }
  for (const file of kit.list('ipvsadm')) {
    it(`resolves mutations of ipvsadm/${file}`, () => {
      expectSurvives(fromIpvs, mutationsOf(kit.read(`ipvsadm/${file}`)), sane);
    });
  }
});
