import { describe, expect, it } from 'vitest';
import { servicesFromIptables, servicesFromIpvs } from '../../../../shared/model/kube-proxy';
import type { ServicePort } from '../../../../shared/model/kube-proxy/types';
import { parseIptables } from '../../../../shared/parsers/iptables';
import { parseIpvsadm } from '../../../../shared/parsers/ipvsadm';
import { compareServices, endpointCell, selectionLabel } from './compare';
import { findSamePort } from './service-list';

const IPTABLES = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-2CMXP7HKUVJN7L6M - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
:KUBE-SEP-C - [0:0]
-A KUBE-SERVICES -d 10.100.54.55/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 80 -j KUBE-SVC-2CMXP7HKUVJN7L6M
-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 192.168.1.39:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A
-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 192.168.2.17:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B
-A KUBE-SVC-2CMXP7HKUVJN7L6M -m comment --comment "default/nginx -> 192.168.3.193:80" -j KUBE-SEP-C
-A KUBE-SEP-A -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 192.168.1.39:80
-A KUBE-SEP-B -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 192.168.2.17:80
-A KUBE-SEP-C -p tcp -m comment --comment "default/nginx" -m tcp -j DNAT --to-destination 192.168.3.193:80
COMMIT
`;

const IPVS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.100.54.55:80 wrr
  -> 192.168.1.39:80              Masq    1      0          0
  -> 192.168.2.17:80              Masq    1      0          0
  -> 192.168.3.201:80             Masq    2      0          0
`;

const names = new Map([
  ['10.100.54.55:80/tcp', { namespace: 'default', name: 'nginx', portName: '' }],
]);
const iptablesPort = servicesFromIptables(parseIptables(IPTABLES).value).value[0] as ServicePort;
const ipvsPorts = servicesFromIpvs(parseIpvsadm(IPVS).value, { names }).value;

describe('compareServices', () => {
  it('finds the same Service in the IPVS listing by name', () => {
    expect(findSamePort(iptablesPort, ipvsPorts)?.scheduler).toBe('wrr');
  });

  const ipvsPort = findSamePort(iptablesPort, ipvsPorts) ?? null;
  const c = compareServices(iptablesPort, ipvsPort);

  it('says how each side picks an endpoint', () => {
    const choice = c.fields.find((f) => f.label === 'Endpoint choice');
    expect(choice?.left).toBe('iptables: statistic random ladder');
    expect(choice?.right).toMatch(/^IPVS wrr — weighted round robin/);
    expect(choice?.isDifferent).toBe(true);
    // Differences of mechanism are shown, but not counted as findings.
    expect(c.fields.filter((f) => f.isMechanism).map((f) => f.label)).toEqual([
      'Data plane',
      'Endpoint choice',
      'Where',
    ]);
    expect(c.fields.find((f) => f.label === 'Address')?.isDifferent).toBe(false);
  });

  it('aligns endpoints by ip:port and marks the differences', () => {
    expect(c.rows.map((r) => [r.key, r.differences])).toEqual([
      ['192.168.1.39:80', ['share 33.3% vs 25.0%']],
      ['192.168.2.17:80', ['share 33.3% vs 25.0%']],
      ['192.168.3.193:80', ['missing on the right']],
      ['192.168.3.201:80', ['missing on the left']],
    ]);
    expect(c.differenceCount).toBe(4);
  });

  it('describes each side’s endpoint in one cell', () => {
    const row = c.rows[0];
    expect(endpointCell(row?.left ?? null, iptablesPort)).toBe('33.3% · KUBE-SEP-A p=0.33333');
    expect(endpointCell(row?.right ?? null, ipvsPort)).toBe('25.0% · Masq weight 1');
    expect(endpointCell(null, ipvsPort)).toBe('absent');
  });

  it('compares against nothing when the Service is missing on one side', () => {
    const alone = compareServices(iptablesPort, null);
    expect(alone.rows.every((r) => r.differences.length === 0)).toBe(true);
    expect(selectionLabel(null)).toBe('—');
  });
});
