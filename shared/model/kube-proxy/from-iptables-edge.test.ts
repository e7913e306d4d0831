import { describe, expect, it } from 'vitest';
import { parseIptables } from '../../parsers/iptables';
import { servicesFromIptables } from './from-iptables';
import type { ServiceNames } from './types';

function services(text: string, names?: ServiceNames) {
  const parsed = parseIptables(text);
  return servicesFromIptables(parsed.value, names === undefined ? {} : { names });
}

function shares(text: string): [string, number, number | null][] {
  const [first] = services(text).value;
  return (first?.endpoints ?? []).map((e) => [
    `${e.ip}:${e.port}`,
    Number(e.probability.toFixed(9)),
    e.ruleProbability,
  ]);
}

const HEADER = [
  '*nat',
  ':KUBE-SERVICES - [0:0]',
  ':KUBE-SVC-H - [0:0]',
  ':KUBE-SEP-1 - [0:0]',
  ':KUBE-SEP-2 - [0:0]',
  ':KUBE-SEP-3 - [0:0]',
];
const SEPS = [
  '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.1.0.1:8080',
  '-A KUBE-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.1.0.2:8080',
  '-A KUBE-SEP-3 -p tcp -m tcp -j DNAT --to-destination 10.1.0.3:8080',
];

describe('kube-proxy Services from hand-made rules', () => {
  it('computes effective shares from the probabilities written, not 1/n', () => {
    const text = [
      ...HEADER,
      '-A KUBE-SERVICES -d 10.96.0.5/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-H',
      '-A KUBE-SVC-H -m statistic --mode random --probability 0.2 -j KUBE-SEP-1',
      '-A KUBE-SVC-H -m statistic --mode random --probability 0.5 -j KUBE-SEP-2',
      '-A KUBE-SVC-H -j KUBE-SEP-3',
      ...SEPS,
      'COMMIT',
    ].join('\n');
    expect(shares(text)).toEqual([
      ['10.1.0.1:8080', 0.2, 0.2],
      ['10.1.0.2:8080', 0.4, 0.5],
      ['10.1.0.3:8080', 0.4, null],
    ]);
  });

  it('works from chain structure alone, and takes names from a kubectl map', () => {
    const text = [
      ...HEADER,
      '-A KUBE-SERVICES -d 10.96.0.5/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-H',
      '-A KUBE-SVC-H -m statistic --mode random --probability 0.5 -j KUBE-SEP-1',
      '-A KUBE-SVC-H -j KUBE-SEP-2',
      ...SEPS,
    ].join('\n');
    const [anonymous] = services(text).value;
    expect(anonymous).toMatchObject({
      namespace: '',
      name: '',
      clusterIP: '10.96.0.5',
      port: 80,
      protocol: 'tcp',
    });
    const names: ServiceNames = new Map([
      ['10.96.0.5:80/tcp', { namespace: 'shop', name: 'web', portName: 'http' }],
    ]);
    const [named] = services(text, names).value;
    expect(named).toMatchObject({
      namespace: 'shop',
      name: 'web',
      portName: 'http',
      svcChain: 'KUBE-SVC-H',
    });
  });

  it('follows a chain that is not kube-proxy’s, jumped to from KUBE-SERVICES', () => {
    const text = [
      '*nat',
      '-A KUBE-SERVICES -j LAB-SERVICES',
      '-A LAB-SERVICES -d 10.96.9.9/32 -p udp -m udp --dport 53 -m statistic --mode random --probability 0.25 -j DNAT --to-destination 10.2.0.1:53',
      '-A LAB-SERVICES -d 10.96.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.2.0.2:53',
      '-A LAB-SERVICES -d 10.96.9.10/32 -p tcp -m tcp --dport 80 -j LAB-WEB',
      '-A LAB-WEB -j DNAT --to-destination 10.2.0.3:80',
    ].join('\n');
    const found = services(text).value;
    expect(found.map((s) => [s.clusterIP, s.port, s.protocol])).toEqual([
      ['10.96.9.9', 53, 'udp'],
      ['10.96.9.10', 80, 'tcp'],
    ]);
    expect(found[0]?.endpoints.map((e) => [e.ip, e.probability, e.ruleProbability])).toEqual([
      ['10.2.0.1', 0.25, 0.25],
      ['10.2.0.2', 0.75, null],
    ]);
    expect(found[1]?.endpoints.map((e) => e.ip)).toEqual(['10.2.0.3']);
  });

  it('survives loops and jumps to chains that were never listed', () => {
    const text = [
      '*nat',
      '-A KUBE-SERVICES -d 10.96.0.7/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-LOOP',
      '-A KUBE-SVC-LOOP -m statistic --mode random --probability 0.5 -j KUBE-SVC-LOOP2',
      '-A KUBE-SVC-LOOP -j KUBE-SEP-GONE',
      '-A KUBE-SVC-LOOP2 -j KUBE-SVC-LOOP',
    ].join('\n');
    const [svc] = services(text).value;
    expect(svc?.endpoints).toEqual([]);
    expect(svc?.issues).toEqual([
      'loop through KUBE-SVC-LOOP',
      'KUBE-SVC-LOOP rule 2 jumps to KUBE-SEP-GONE, which is not in the listing',
    ]);
  });

  it('reads a lone `iptables -t nat -L KUBE-SERVICES -n` (the table is inferred from its jumps)', () => {
    const text = [
      'Chain KUBE-SERVICES (2 references)',
      'target     prot opt source               destination',
      'KUBE-SVC-NPX46M4PTMTKRN6Y  tcp  --  0.0.0.0/0  10.96.0.1  /* default/kubernetes:https cluster IP */ tcp dpt:443',
    ].join('\n');
    const [svc] = services(text).value;
    expect(svc).toMatchObject({
      namespace: 'default',
      name: 'kubernetes',
      clusterIP: '10.96.0.1',
      port: 443,
      endpoints: [],
      issues: ['KUBE-SVC-NPX46M4PTMTKRN6Y is not in the listing'],
    });
  });
});
