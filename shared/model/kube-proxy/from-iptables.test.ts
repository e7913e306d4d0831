import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import {
  endpointsOf,
  kubeProxyChain,
  resolveKitServices,
} from '../../../test/support/kube-proxy-services';
import { parseIptables } from '../../parsers/iptables';
import { servicesFromIptables } from './from-iptables';

describeWithFixtures('kube-proxy Services from iptables, over the fixture kit', (kit) => {
  const resolve = (name: string) => resolveKitServices(kit, name);

  it('reads the 6 Services of kube-proxy restore input', () => {
    const { services, warnings, byName: svc } = resolve('kubeproxy-restore-overall-6svc.txt');
    expect(warnings).toEqual([]);
    expect(services.map((s) => `${s.namespace}/${s.name}:${s.portName}`)).toEqual([
      'ns1/svc1:p80',
      'ns2/svc2:p80',
      'ns3/svc3:p80',
      'ns4/svc4:p80',
      'ns5/svc5:p80',
      'ns6/svc6:p80',
    ]);
    expect(svc.get('ns1/svc1:p80/tcp')).toMatchObject({
      clusterIP: '172.30.0.41',
      port: 80,
      svcChain: 'KUBE-SVC-XPGD46QRK7WJZT7O',
      source: 'iptables',
      endpoints: [
        {
          ip: '10.180.0.1',
          port: 80,
          probability: 1,
          ruleProbability: null,
          sepChain: 'KUBE-SEP-SXIVWICOYRO3J4NJ',
        },
      ],
    });
    expect(svc.get('ns1/svc1:p80/tcp')?.endpoints[0]?.lines).toEqual([
      { kind: 'iptables', table: 'nat', chain: 'KUBE-SVC-XPGD46QRK7WJZT7O', index: 2, line: 94 },
      { kind: 'iptables', table: 'nat', chain: 'KUBE-SEP-SXIVWICOYRO3J4NJ', index: 2, line: 80 },
    ]);
    expect(svc.get('ns1/svc1:p80/tcp')?.lines).toEqual([
      { kind: 'iptables', table: 'nat', chain: 'KUBE-SERVICES', index: 1, line: 46 },
    ]);
    const svc2 = svc.get('ns2/svc2:p80/tcp');
    expect(svc2).toMatchObject({
      externalTrafficPolicy: 'Local',
      externalIPs: ['192.168.99.22'],
      loadBalancerIPs: ['1.2.3.4'],
      nodePort: 3001,
      healthCheckNodePort: 30000,
    });
    expect(svc2?.lines.filter((l) => l.kind === 'iptables' && l.table === 'filter')).toHaveLength(
      4,
    );
    expect(svc.get('ns3/svc3:p80/tcp')).toMatchObject({
      nodePort: 3003,
      externalTrafficPolicy: 'Cluster',
    });
    expect(svc.get('ns4/svc4:p80/tcp')?.externalIPs).toEqual(['192.168.99.33']);
    expect(endpointsOf(svc.get('ns4/svc4:p80/tcp'))).toEqual([
      ['10.180.0.4:80', 0.5, 0.5],
      ['10.180.0.5:80', 0.5, null],
    ]);
    const svc5 = svc.get('ns5/svc5:p80/tcp');
    expect(svc5).toMatchObject({
      loadBalancerIPs: ['5.6.7.8'],
      loadBalancerSourceRanges: ['203.0.113.0/25'],
      nodePort: 3002,
      sessionAffinity: { timeoutSeconds: 10800 },
    });
    expect(endpointsOf(svc5)).toEqual([['10.180.0.3:80', 1, null]]);
    expect(svc5?.endpoints[0]?.lines.map((l) => (l.kind === 'iptables' ? l.line : 0))).toEqual([
      90, 89, 74,
    ]);
    expect(svc.get('ns6/svc6:p80/tcp')).toMatchObject({
      clusterIP: '172.30.0.46',
      port: 80,
      endpoints: [],
      lines: [{ kind: 'iptables', table: 'filter', chain: 'KUBE-SERVICES', index: 1, line: 9 }],
    });
    expect(svc.get('ns6/svc6:p80/tcp')?.svcChain).toBeUndefined();
    // Chain names are kube-proxy's hash of the Service port name and protocol.
    expect(kubeProxyChain('KUBE-SVC', 'ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
  });

  it('reads the EKS trunk-ENI node (`iptables -S -t nat`)', () => {
    const { warnings, byName: svc } = resolve('eks-vpccni-trunk-S-nat.txt');
    expect(warnings).toEqual([]);
    expect(svc.get('my-namespace/my-app:/tcp')).toMatchObject({
      clusterIP: '10.100.192.187',
      port: 80,
    });
    expect(endpointsOf(svc.get('my-namespace/my-app:/tcp'))).toEqual([
      ['172.31.2.37:80', 0.5, 0.5],
      ['172.31.9.169:80', 0.5, null],
    ]);
    for (const [port, key] of [
      [53, 'kube-system/kube-dns:dns/udp'],
      [53, 'kube-system/kube-dns:dns-tcp/tcp'],
      [9153, 'kube-system/kube-dns:metrics/tcp'],
    ] as const) {
      expect(svc.get(key)).toMatchObject({ clusterIP: '10.100.0.10', port });
      expect(svc.get(key)?.endpoints.map((e) => e.ip)).toEqual(['172.31.12.149', '172.31.3.129']);
    }
    expect(endpointsOf(svc.get('default/kubernetes:https/tcp'))).toEqual([
      ['172.31.2.224:443', 0.5, 0.5],
      ['172.31.25.126:443', 0.5, null],
    ]);
  });

  it('reads the EKS node without trunking', () => {
    const { byName: svc } = resolve('eks-vpccni-node-S-nat.txt');
    for (const key of [
      'kube-system/kube-dns:dns/udp',
      'kube-system/kube-dns:dns-tcp/tcp',
      'kube-system/kube-dns:metrics/tcp',
    ]) {
      expect(svc.get(key)?.clusterIP).toBe('10.100.0.10');
      expect(
        endpointsOf(svc.get(key)).map(([ip, share, raw]) => [ip.split(':')[0], share, raw]),
      ).toEqual([
        ['172.31.20.89', 0.5, 0.5],
        ['172.31.31.116', 0.5, null],
      ]);
    }
    expect(endpointsOf(svc.get('default/kubernetes:https/tcp'))).toEqual([
      ['172.31.14.42:443', 0.5, 0.5],
      ['172.31.37.201:443', 0.5, null],
    ]);
  });

  it('tolerates the 2026 paste whose Service chains are declared but empty', () => {
    const { warnings, byName: svc } = resolve('eks-vpccni-node1-S-nat-2026.txt');
    expect(warnings).toEqual([]);
    expect(endpointsOf(svc.get('kube-system/kube-dns:dns/udp'))).toEqual([
      ['192.168.5.1:53', 0.5, 0.5],
      ['192.168.8.196:53', 0.5, null],
    ]);
    expect(svc.get('default/kubernetes:https/tcp')).toMatchObject({
      clusterIP: '10.100.0.1',
      endpoints: [],
      svcChain: 'KUBE-SVC-NPX46M4PTMTKRN6Y',
      issues: ['KUBE-SVC-NPX46M4PTMTKRN6Y is declared but has no rules (listing cut off?)'],
    });
  });

  it('reads `iptables -t nat -L -n -v` (flannel, old kube-proxy)', () => {
    const { warnings, byName: svc } = resolve('nat-L-n-v-flannel-kubeadm.txt');
    expect(warnings).toEqual([]);
    expect(svc.get('default/nginx-svc:/tcp')).toMatchObject({
      clusterIP: '10.108.205.52',
      port: 80,
      nodePort: 30080,
      svcChain: 'KUBE-SVC-R2VK7O5AFVLRAXSH',
    });
    expect(endpointsOf(svc.get('default/nginx-svc:/tcp'))).toEqual([['10.244.1.3:80', 1, null]]);
    for (const key of ['kube-system/kube-dns:dns/udp', 'kube-system/kube-dns:dns-tcp/tcp']) {
      expect(svc.get(key)?.clusterIP).toBe('10.96.0.10');
      expect(endpointsOf(svc.get(key))).toEqual([
        ['10.244.0.24:53', 0.5, 0.5],
        ['10.244.0.25:53', 0.5, null],
      ]);
    }
    expect(endpointsOf(svc.get('default/kubernetes:https/tcp'))).toEqual([
      ['172.20.0.70:6443', 1, null],
    ]);
  });

  it('reads the Calico lab `-L | column -t` listing, and says which chains were not listed', () => {
    const { byName: svc } = resolve('calico-lab-nat-L-v-n-piped-column-t.txt');
    const summary = svc.get('yaobank/summary:http/tcp');
    expect(summary).toMatchObject({
      clusterIP: '10.49.198.166',
      port: 80,
      svcChain: 'KUBE-SVC-OIQIZJVJK6E34BR4',
    });
    expect(endpointsOf(summary)).toEqual([['10.48.128.192:80', 0.5, 0.5]]);
    expect(summary?.endpoints[0]?.sepChain).toBe('KUBE-SEP-NCOI6JAXVX2D4BXJ');
    expect(summary?.issues).toEqual([
      'KUBE-SVC-OIQIZJVJK6E34BR4 rule 2 jumps to KUBE-SEP-TVZHKMXMBG2BIHXS, which is not in the listing',
    ]);
    expect(svc.get('yaobank/customer:http/tcp')?.issues).toEqual([
      'KUBE-SVC-PX5FENG4GZJTCELT is not in the listing',
    ]);
  });

  it('reads the old `iptables-save | grep hostnames` lines: three endpoints at 1/3', () => {
    const { byName: svc } = resolve('k8sdocs-debug-service-iptables-save-grep-hostnames.txt');
    const hostnames = svc.get('default/hostnames:/tcp');
    expect(hostnames).toMatchObject({
      clusterIP: '10.0.1.175',
      port: 80,
      portName: '',
      svcChain: 'KUBE-SVC-NWV5X2332I4OT4T3',
    });
    expect(hostnames?.endpoints.map((e) => [`${e.ip}:${e.port}`, e.ruleProbability])).toEqual([
      ['10.244.1.7:9376', 0.33332999982],
      ['10.244.2.3:9376', 0.5],
      ['10.244.3.6:9376', null],
    ]);
    for (const e of hostnames?.endpoints ?? []) expect(e.probability).toBeCloseTo(1 / 3, 5);
  });

  it('finds no iptables-mode Services in an IPVS-mode nat table, without failing', () => {
    const { services, warnings } = resolve('ipvs-mode-nat-nL-loadbalancer.txt');
    expect(services).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('keeps the same Services when kube-proxy rules lose their comments', () => {
    const text = kit.read('iptables/kubeproxy-restore-overall-6svc.txt');
    const stripped = text.replace(/ -m comment --comment (?:"[^"]*"|\S+)/g, '');
    const withComments = servicesFromIptables(parseIptables(text).value).value;
    const without = servicesFromIptables(parseIptables(stripped).value).value;
    const shape = (list: typeof withComments) =>
      list
        .filter((s) => s.endpoints.length > 0)
        .map((s) => [
          s.clusterIP,
          s.port,
          s.nodePort,
          s.svcChain,
          s.sessionAffinity,
          s.endpoints.map((e) => [e.ip, e.probability]),
        ]);
    expect(shape(without)).toEqual(shape(withComments));
    expect(without.every((s) => s.name === '')).toBe(true);
    expect(without.find((s) => s.clusterIP === '172.30.0.46')).toMatchObject({
      port: 80,
      endpoints: [],
    });
  });
});
