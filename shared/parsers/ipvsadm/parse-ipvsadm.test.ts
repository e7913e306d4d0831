import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { parseIpvsAddress } from './address';
import { parseIpvsadm, parseIpvsCount } from './parse-ipvsadm';
import type { IpvsListing } from './types';

function rows(listing: IpvsListing): string[] {
  return listing.services.map(
    (s) =>
      `${s.protocol} ${s.address.ip}:${s.address.port} -> ${s.realServers.map((r) => `${r.address.ip}:${r.address.port}`).join(' ')}`,
  );
}

describeWithFixtures('ipvsadm over the fixture kit', (kit) => {
  const read = (name: string) => parseIpvsadm(kit.read(`ipvsadm/${name}`));

  it('reads `ipvsadm -ln` of kube-proxy IPVS mode (persistent service, TCP and UDP DNS)', () => {
    const { value, warnings } = read('k8s-ipvs-readme-ln.txt');
    expect(warnings).toEqual([]);
    expect(value).toMatchObject({ version: '1.2.1', tableSize: 4096, columns: ['list'] });
    expect(value.services[0]).toMatchObject({
      protocol: 'TCP',
      address: { ip: '10.0.0.1', port: 443, isResolved: true, problem: null },
      scheduler: 'rr',
      persistentTimeout: 10800,
      line: 4,
      realServers: [
        {
          address: { ip: '192.168.0.1', port: 6443 },
          forward: 'Masq',
          weight: 1,
          activeConn: 1,
          inactConn: 0,
          line: 5,
        },
      ],
    });
    expect(rows(value).slice(1)).toEqual([
      'TCP 10.0.0.10:53 -> 172.17.0.2:53',
      'UDP 10.0.0.10:53 -> 172.17.0.2:53',
    ]);
  });

  it('reads the port-mapping example with its trailing spaces', () => {
    const { value, warnings } = read('k8s-blog-ipvs-deep-dive-port-mapping.txt');
    expect(warnings).toEqual([]);
    expect(rows(value)).toEqual(['TCP 10.102.128.4:3080 -> 10.244.0.235:8080 10.244.1.237:8080']);
    expect(
      value.services[0]?.realServers.every((r) => r.forward === 'Masq' && r.weight === 1),
    ).toBe(true);
  });

  it('reads NodePort virtual servers on node IPs and a persistent API server', () => {
    const { value, warnings } = read('opsnull-251-ipvsadm-L-n-nodeport-persistent.txt');
    expect(warnings).toEqual([]);
    expect(rows(value)[0]).toBe(
      'TCP 10.253.102.0:32429 -> 10.253.7.7:80 10.253.35.7:80 10.253.56.7:80 10.253.102.4:80',
    );
    const api = value.services.find((s) => s.address.ip === '10.254.0.1');
    expect(api).toMatchObject({ scheduler: 'rr', persistentTimeout: 10800 });
    expect(api?.realServers.map((r) => `${r.address.ip}:${r.address.port}`)).toEqual([
      '172.16.16.81:6443',
      '172.16.16.82:6443',
    ]);
    expect(rows(value)).toContain('TCP 10.254.0.2:53 -> 10.253.7.5:53 10.253.35.5:53');
  });

  it('resolves named ports printed without -n through /etc/services names', () => {
    const { value, warnings } = read('kube-router-415-named-ports-excerpt.txt');
    expect(warnings).toEqual([]);
    const ports = value.services.map((s) => [s.address.text, s.address.port, s.address.portName]);
    expect(ports).toContainEqual(['100.64.134.163:postgresql', 5432, 'postgresql']);
    expect(ports).toContainEqual(['100.64.134.163:http', 80, 'http']);
    expect(ports).toContainEqual(['100.64.151.195:https', 443, 'https']);
    expect(ports).toContainEqual(['100.64.242.48:bacula-fd', 9102, 'bacula-fd']);
    expect(ports).toContainEqual(['100.65.82.182:http-alt', 8080, 'http-alt']);
    expect(value.services[0]?.realServers[0]?.address).toMatchObject({
      ip: '100.98.126.28',
      port: 3000,
      portName: null,
    });
    expect(value.services[1]?.realServers[0]?.address).toMatchObject({
      port: 5432,
      isResolved: true,
    });
    expect(value.services.every((s) => s.address.isResolved)).toBe(true);
  });

  it('recovers IPs from hostnames cut to the column, and flags them as unresolved', () => {
    const { value, warnings } = read('eks-bpg-ipvsadm-L-no-n-truncated-hostnames.txt');
    expect(warnings).toEqual([]);
    expect(
      value.services.map((s) => [s.protocol, s.address.ip, s.address.port, s.address.isResolved]),
    ).toEqual([
      ['TCP', '10.100.0.1', null, false],
      ['TCP', '10.100.0.10', null, false],
      ['UDP', '10.100.0.10', null, false],
    ]);
    expect(value.services[0]?.address).toMatchObject({
      text: 'ip-10-100-0-1.us-east-1.',
      hostname: 'ip-10-100-0-1.us-east-1.',
      problem: 'hostname cut to the column width: port lost',
    });
    expect(
      value.services.flatMap((s) => s.realServers.map((r) => [r.address.ip, r.activeConn])),
    ).toEqual([
      ['192.168.113.81', 0],
      ['192.168.162.166', 1],
      ['192.168.104.215', 0],
      ['192.168.123.227', 0],
      ['192.168.104.215', 0],
      ['192.168.123.227', 0],
    ]);
  });

  it('reads `ipvsadm -ln --stats`', () => {
    const { value, warnings } = read('kube-router-pr160-ln-stats.txt');
    expect(warnings).toEqual([]);
    expect(value.columns).toEqual(['stats']);
    const web = value.services.find((s) => s.address.ip === '10.3.0.42');
    expect(web?.stats).toEqual({
      conns: 14209,
      inPkts: 111769,
      outPkts: 74613,
      inBytes: 7207174,
      outBytes: 8334358,
      isApproximate: false,
    });
    expect(web?.realServers.map((r) => [r.address.ip, r.stats?.conns])).toEqual([
      ['10.2.1.22', 2],
      ['10.2.1.23', 2],
      ['10.2.1.24', 2],
      ['10.2.1.25', 3],
      ['10.2.1.26', 3],
      ['10.2.1.27', 3],
      ['10.2.1.28', 3],
      ['10.2.1.29', 3],
    ]);
    const api = value.services[0];
    expect(api).toMatchObject({
      address: { ip: '10.3.0.1', port: 443 },
      stats: { conns: 0, outBytes: 0 },
    });
    expect(api?.realServers[0]).toMatchObject({
      address: { ip: '172.17.4.101', port: 443 },
      stats: { conns: 0, inBytes: 0 },
    });
  });

  it('reads `watch ipvsadm -L -n --rate`, skipping the watch header', () => {
    const { value, warnings } = read('calico-lab-watch-ipvsadm-Ln-rate.txt');
    expect(warnings).toEqual([]);
    expect(value.columns).toEqual(['rate']);
    const busy = value.services.find((s) => s.address.ip === '10.49.120.28');
    expect(busy?.rate).toEqual({
      cps: 1,
      inPps: 6,
      outPps: 4,
      inBps: 399,
      outBps: 995,
      isApproximate: false,
    });
    expect(busy?.realServers.map((r) => [r.address.ip, r.rate])).toEqual(
      ['10.48.0.18', '10.48.0.201', '10.48.0.202'].map((ip) => [
        ip,
        { cps: 0, inPps: 2, outPps: 1, inBps: 133, outBps: 332, isApproximate: false },
      ]),
    );
    expect(rows(value).filter((r) => r.includes(':30180 '))).toEqual([
      'TCP 172.17.0.1:30180 -> 10.48.0.14:80',
      'TCP 10.0.1.30:30180 -> 10.48.0.14:80',
      'TCP 127.0.0.1:30180 -> 10.48.0.14:80',
    ]);
    expect(value.services.find((s) => s.protocol === 'UDP')?.realServers).toHaveLength(2);
  });
});

describe('ipvsadm details', () => {
  it('reads K/M/G counts and FWM services', () => {
    expect([
      parseIpvsCount('12K'),
      parseIpvsCount('3M'),
      parseIpvsCount('1G'),
      parseIpvsCount('x'),
    ]).toEqual([12_000, 3_000_000, 1e9, NaN]);
    const { value } = parseIpvsadm('FWM  100 wrr\n  -> 10.0.0.1:0  Route   3      0          0\n');
    expect(value.services[0]).toMatchObject({
      protocol: 'FWM',
      fwmark: 100,
      scheduler: 'wrr',
      realServers: [{ forward: 'Route', weight: 3 }],
    });
  });

  it('merges -Ln and -Ln --stats pasted together', () => {
    const text = [
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.3.0.42:80 wrr persistent 60 mask 255.255.255.0 ops pe sip',
      '  -> 10.2.1.22:80                 Masq    3      0          0',
      'Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes',
      '  -> RemoteAddress:Port',
      'TCP  10.3.0.42:80                    14K   111769    74613    7207K    8334M',
      '  -> 10.2.1.22:80                        2       12        8      774      894',
    ].join('\n');
    const { value, warnings } = parseIpvsadm(text);
    expect(warnings).toEqual([]);
    expect(value.columns).toEqual(['list', 'stats']);
    expect(value.services).toHaveLength(1);
    expect(value.services[0]).toMatchObject({
      scheduler: 'wrr',
      persistentTimeout: 60,
      netmask: '255.255.255.0',
      isOnePacket: true,
      persistenceEngine: 'sip',
      stats: { conns: 14_000, inBytes: 7_207_000, outBytes: 8_334_000_000, isApproximate: true },
      realServers: [{ weight: 3, forward: 'Masq', stats: { conns: 2 } }],
    });
  });

  it('reads IPv6 addresses and flags unknown port names', () => {
    expect(parseIpvsAddress('[fd00::1]:53')).toMatchObject({
      ip: 'fd00::1',
      port: 53,
      isResolved: true,
    });
    expect(parseIpvsAddress('10.0.0.1:nosuchsvc')).toMatchObject({
      ip: '10.0.0.1',
      port: null,
      isResolved: false,
      problem: 'unknown port name "nosuchsvc"',
    });
    expect(parseIpvsAddress('web-1.example:80')).toMatchObject({
      ip: null,
      port: 80,
      hostname: 'web-1.example',
      isResolved: false,
    });
  });

  it('warns about lines it cannot read, with line numbers', () => {
    const { value, warnings } = parseIpvsadm(
      '  -> 10.0.0.1:80 Masq 1 0 0\nhello\nTCP 10.0.0.2:80 rr\n',
    );
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [1, 'real server before any virtual service'],
      [2, 'not an ipvsadm line'],
    ]);
    expect(value.services).toHaveLength(1);
  });
});
