import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIpvsadm } from '../../parsers/ipvsadm';
import { ipvsShares, servicesFromIpvs } from './from-ipvs';
import type { ServiceNames } from './types';

describeWithFixtures('kube-proxy Services from IPVS, over the fixture kit', (kit) => {
  const listing = (name: string) => {
    const parsed = parseIpvsadm(kit.read(`ipvsadm/${name}`));
    expect(parsed.warnings).toEqual([]);
    return parsed.value;
  };

  it('reads the IPVS-mode table, naming Services from a kubectl map', () => {
    const names: ServiceNames = new Map([
      ['10.0.0.1:443/tcp', { namespace: 'default', name: 'kubernetes', portName: 'https' }],
      ['10.0.0.10:53/udp', { namespace: 'kube-system', name: 'kube-dns', portName: 'dns' }],
      ['10.0.0.10:53', { namespace: 'kube-system', name: 'kube-dns', portName: 'dns-tcp' }],
    ]);
    const { value, warnings } = servicesFromIpvs(listing('k8s-ipvs-readme-ln.txt'), { names });
    expect(warnings).toEqual([]);
    expect(
      value.map((s) => [s.namespace, s.name, s.portName, s.protocol, s.clusterIP, s.port]),
    ).toEqual([
      ['default', 'kubernetes', 'https', 'tcp', '10.0.0.1', 443],
      ['kube-system', 'kube-dns', 'dns-tcp', 'tcp', '10.0.0.10', 53],
      ['kube-system', 'kube-dns', 'dns', 'udp', '10.0.0.10', 53],
    ]);
    expect(value[0]).toMatchObject({
      source: 'ipvs',
      scheduler: 'rr',
      sessionAffinity: { timeoutSeconds: 10800 },
      nodePort: null,
      lines: [{ kind: 'ipvs', line: 4 }],
      endpoints: [
        {
          ip: '192.168.0.1',
          port: 6443,
          probability: 1,
          ruleProbability: null,
          lines: [{ kind: 'ipvs', line: 5 }],
          ipvs: { forward: 'Masq', weight: 1, activeConn: 1, inactConn: 0, stats: null },
        },
      ],
    });
  });

  it('folds NodePort virtual servers into the cluster virtual server with the same real servers', () => {
    const { value } = servicesFromIpvs(listing('calico-lab-watch-ipvsadm-Ln-rate.txt'));
    const web = value.find((s) => s.clusterIP === '10.49.160.175');
    expect(web).toMatchObject({ port: 80, nodePort: 30180 });
    expect(web?.lines.map((l) => l.line)).toEqual([37, 6, 8, 46]);
    expect(value.some((s) => s.port === 30180)).toBe(false);
    const busy = value.find((s) => s.clusterIP === '10.49.120.28');
    expect(busy?.endpoints.map((e) => [e.ip, Number(e.probability.toFixed(9))])).toEqual([
      ['10.48.0.18', 0.333333333],
      ['10.48.0.201', 0.333333333],
      ['10.48.0.202', 0.333333333],
    ]);
  });

  it('keeps a NodePort virtual server on its own when no cluster one matches', () => {
    const { value } = servicesFromIpvs(listing('opsnull-251-ipvsadm-L-n-nodeport-persistent.txt'));
    expect(value.find((s) => s.clusterIP === '10.254.9.36')).toMatchObject({
      port: 443,
      nodePort: 32767,
    });
    expect(value.find((s) => s.clusterIP === '10.253.102.0')).toMatchObject({
      port: 32429,
      nodePort: null,
    });
    expect(value.find((s) => s.clusterIP === '10.254.0.1')).toMatchObject({
      sessionAffinity: { timeoutSeconds: 10800 },
    });
  });

  it('keeps what a cut hostname still tells, and says what is missing', () => {
    const { value } = servicesFromIpvs(listing('eks-bpg-ipvsadm-L-no-n-truncated-hostnames.txt'));
    expect(value.map((s) => [s.protocol, s.clusterIP, s.port])).toEqual([
      ['tcp', '10.100.0.1', null],
      ['tcp', '10.100.0.10', null],
      ['udp', '10.100.0.10', null],
    ]);
    expect(value[0]?.issues[0]).toBe(
      'ip-10-100-0-1.us-east-1.: hostname cut to the column width: port lost',
    );
    expect(
      value[0]?.endpoints.map((e) => [e.ip, e.port, e.probability, e.ipvs?.activeConn]),
    ).toEqual([
      ['192.168.113.81', null, 0.5, 0],
      ['192.168.162.166', null, 0.5, 1],
    ]);
  });

  it('attaches --stats counters and shares by weight for wrr', () => {
    const stats = listing('kube-router-pr160-ln-stats.txt');
    const list = parseIpvsadm(
      [
        'TCP  10.3.0.42:80 wrr',
        '  -> 10.2.1.22:80  Masq 3 0 0',
        '  -> 10.2.1.23:80  Masq 1 0 0',
        '  -> 10.2.1.24:80  Masq 0 0 0',
      ].join('\n'),
    ).value;
    const { value } = servicesFromIpvs(list, { stats });
    expect(value[0]?.endpoints.map((e) => [e.ip, e.probability, e.ipvs?.stats?.conns])).toEqual([
      ['10.2.1.22', 0.75, 2],
      ['10.2.1.23', 0.25, 2],
      ['10.2.1.24', 0, 2],
    ]);
  });
});

describe('IPVS shares', () => {
  it('is equal for rr-like schedulers and by weight for wrr and wlc; weight 0 gets nothing', () => {
    expect(ipvsShares('rr', [1, 5, 0])).toEqual([0.5, 0.5, 0]);
    expect(ipvsShares('wlc', [1, 3])).toEqual([0.25, 0.75]);
    expect(ipvsShares('sh', [null, null])).toEqual([0.5, 0.5]);
    expect(ipvsShares('wrr', [0, 0])).toEqual([0, 0]);
  });
});
