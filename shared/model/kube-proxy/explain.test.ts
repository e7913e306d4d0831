import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import type { KubeObjects, KubePod } from '../../parsers/kubectl';
import { explainHost, type HostKubeProxySources } from './explain';

const pod = (name: string, ip: string, hostIP: string, nodeName: string): KubePod => ({
  path: '',
  namespace: 'kube-system',
  name,
  labels: {},
  podIP: ip,
  podIPs: [ip],
  hostIP,
  hostIPs: [hostIP],
  nodeName,
  hostNetwork: false,
  ownerReferences: [],
  containers: [],
  initContainers: [],
});

const kube = (pods: KubePod[]): KubeObjects => ({
  pods,
  nodes: [],
  services: [],
  endpointSlices: [],
  other: [],
});

describeWithFixtures('explainHost over the fixture kit', (kit) => {
  it('reads an iptables-mode node: rule lines as printed, hairpin masquerade, owners, scale', () => {
    const text = kit.read('iptables/eks-vpccni-node1-S-nat-2026.txt');
    const lines = text.split('\n');
    const host = explainHost({
      hostAddress: '192.168.4.12',
      iptablesSave: text,
      kube: kube([
        pod('coredns-a', '192.168.5.1', '192.168.4.12', 'node-1'),
        pod('coredns-b', '192.168.8.196', '192.168.7.41', 'node-2'),
      ]),
    });
    expect(host.mode.detected).toBe('iptables');
    const dns = host.services.find((s) => s.key === 'udp 10.100.0.10:53');
    expect(dns?.service).toMatchObject({
      namespace: 'kube-system',
      name: 'kube-dns',
      portName: 'dns',
    });
    for (const cited of dns?.cited ?? []) expect(lines[cited.line - 1]).toBe(cited.text);
    expect(dns?.cited.map((c) => c.text)).toContain(
      '-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 192.168.5.1:53" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-HOKCJAFUAG3GHP6G',
    );
    expect(dns?.masquerade.map((m) => m.text)).toEqual([
      '-A KUBE-SEP-HOKCJAFUAG3GHP6G -s 192.168.5.1/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-OF5PR7X6L6ES6TUS -s 192.168.8.196/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ',
    ]);
    expect(dns?.owners).toEqual([
      {
        ip: '192.168.5.1',
        podNamespace: 'kube-system',
        podName: 'coredns-a',
        nodeName: 'node-1',
        isLocal: true,
      },
      {
        ip: '192.168.8.196',
        podNamespace: 'kube-system',
        podName: 'coredns-b',
        nodeName: 'node-2',
        isLocal: false,
      },
    ]);
    expect(dns?.counters).toEqual({ mode: 'iptables', chain: 'KUBE-SVC-TCOU7JCQXEZGVUNU' });
    expect(dns?.vipOnKubeIpvs0).toBeNull();
    expect(host.scale.svcChains).toBeGreaterThan(0);
    expect(host.scale.ipvsVirtualServers).toBeNull();
    expect(host.residual.rules).toEqual([]);
  });

  it('gives an iptables-mode port its own chains in full and the host its shared path rules', () => {
    const text = kit.read('iptables/eks-vpccni-node1-S-nat-2026.txt');
    const lines = text.split('\n');
    const host = explainHost({ hostAddress: '192.168.4.12', iptablesSave: text });
    const dns = host.services.find((s) => s.key === 'udp 10.100.0.10:53');
    const own = lines.filter((l) =>
      /^-A (KUBE-SVC-TCOU7JCQXEZGVUNU|KUBE-SEP-HOKCJAFUAG3GHP6G|KUBE-SEP-OF5PR7X6L6ES6TUS) /.test(
        l,
      ),
    );
    expect(dns?.path?.map((p) => p.text).sort()).toEqual([...own].sort());
    for (const p of [...(dns?.path ?? []), ...(host.sharedPath ?? [])])
      expect(lines[p.line - 1]).toBe(p.text);
    const shared = host.sharedPath?.map((p) => p.text) ?? [];
    expect(shared.slice(0, 3)).toEqual([
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    ]);
    expect(shared).toContain('-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    expect(shared).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(shared.some((t) => /^-A KUBE-SERVICES .*-j KUBE-NODEPORTS$/.test(t))).toBe(true);
  });

  it('reads an IPVS-mode node: virtual servers, persistence, kube-ipvs0 binding, counters targets', () => {
    const host = explainHost({
      hostAddress: '192.168.0.1',
      ipvsList: kit.read('ipvsadm/k8s-ipvs-readme-ln.txt'),
      kubeIpvs0: { state: 'DOWN', addresses: ['10.0.0.1'] },
    });
    expect(host.mode.detected).toBe('ipvs');
    expect(host.services.map((s) => s.key)).toEqual([
      'tcp 10.0.0.1:443',
      'tcp 10.0.0.10:53',
      'udp 10.0.0.10:53',
    ]);
    expect(host.services[0]).toMatchObject({
      service: { sessionAffinity: { timeoutSeconds: 10800 }, scheduler: 'rr' },
      vipOnKubeIpvs0: true,
      counters: { mode: 'ipvs', protocol: 'tcp', vip: '10.0.0.1', port: 443 },
      cited: [
        { source: 'ipvs', line: 4, text: 'TCP  10.0.0.1:443 rr persistent 10800' },
        {
          source: 'ipvs',
          line: 5,
          text: '  -> 192.168.0.1:6443             Masq    1      1          0',
        },
      ],
    });
    expect(host.services[1]?.vipOnKubeIpvs0).toBe(false);
    expect(host.scale).toMatchObject({ ipvsVirtualServers: 3, ipvsRealServers: 3, natRules: null });
  });
});

describe('mode detection', () => {
  const ipvs =
    'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.0.0.1:443 rr\n  -> 192.168.0.1:6443             Masq    1      0          0\n';
  const svcChain =
    '*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SVC-AAAAAAAAAAAAAAAA - [0:0]\n-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m tcp --dport 443 -j KUBE-SVC-AAAAAAAAAAAAAAAA\nCOMMIT\n';
  const detect = (s: Omit<HostKubeProxySources, 'hostAddress'>) =>
    explainHost({ hostAddress: '192.168.0.9', ...s }).mode.detected;

  it.each([
    ['only IPVS entries', { ipvsList: ipvs }, 'ipvs'],
    ['only KUBE-SVC chains', { iptablesSave: svcChain }, 'iptables'],
    [
      'both (a leftover), the ConfigMap decides',
      {
        ipvsList: ipvs,
        iptablesSave: svcChain,
        configMap: { name: 'kube-proxy', mode: 'iptables', scheduler: null },
      },
      'iptables',
    ],
    [
      'nothing on the node, an empty mode is iptables',
      { configMap: { name: 'kube-proxy', mode: '', scheduler: null } },
      'iptables',
    ],
    ['nothing at all', {}, 'unknown'],
  ] as const)('%s', (_, sources, expected) => {
    expect(detect(sources)).toBe(expected);
  });
});
