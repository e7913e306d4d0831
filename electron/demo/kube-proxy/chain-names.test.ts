import { describe, expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import {
  base32,
  endpointChainName,
  externalChainName,
  portProtoHash,
  serviceChainName,
  servicePortName,
} from './chain-names';
import type { Protocol } from './types';

describe('base32', () => {
  it('is RFC 4648 base32 (test vectors without padding)', () => {
    const enc = (s: string): string => base32(new TextEncoder().encode(s));
    expect(enc('f')).toBe('MY');
    expect(enc('fo')).toBe('MZXQ');
    expect(enc('foo')).toBe('MZXW6');
    expect(enc('foob')).toBe('MZXW6YQ');
    expect(enc('fooba')).toBe('MZXW6YTB');
    expect(enc('foobar')).toBe('MZXW6YTBOI');
  });
});

describe('servicePortName', () => {
  it('is ns/name:port, and ns/name for an unnamed port (modern kube-proxy)', () => {
    expect(servicePortName({ namespace: 'ns1', name: 'svc1', portName: 'p80' })).toBe(
      'ns1/svc1:p80',
    );
    expect(servicePortName({ namespace: 'monitoring', name: 'sigterm', portName: '' })).toBe(
      'monitoring/sigterm',
    );
  });

  it('hashes an unnamed port without the colon, as the EKS node in seed 000 shows', () => {
    // seed 000: `-A KUBE-SERVICES -d 172.20.66.248/32 … "monitoring/sigterm cluster IP" … -j KUBE-SVC-MYFK6X2IU5TQJ4TS`
    expect(serviceChainName('monitoring/sigterm', 'tcp')).toBe('KUBE-SVC-MYFK6X2IU5TQJ4TS');
  });
});

describeWithFixtures('chain names reproduce real kube-proxy output', (kit) => {
  it('kubeproxy-restore-overall-6svc.txt: every KUBE-SVC/EXT/FW and KUBE-SEP name', () => {
    const text = kit.read('iptables/kubeproxy-restore-overall-6svc.txt');
    let checked = 0;
    for (const m of text.matchAll(/--comment "(\S+) cluster IP" .* -j KUBE-SVC-(\w+)$/gm)) {
      expect(serviceChainName(m[1] ?? '', 'tcp')).toBe(`KUBE-SVC-${m[2]}`);
      checked += 1;
    }
    for (const m of text.matchAll(
      /^-A KUBE-SVC-\w+ -m comment --comment "(\S+) -> (\S+)" .*-j (KUBE-SEP-\w+)$/gm,
    )) {
      expect(endpointChainName(m[1] ?? '', 'tcp', m[2] ?? '')).toBe(m[3]);
      checked += 1;
    }
    expect(serviceChainName('ns1/svc1:p80', 'tcp')).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe(
      'KUBE-SEP-SXIVWICOYRO3J4NJ',
    );
    expect(externalChainName('ns2/svc2:p80', 'tcp')).toBe('KUBE-EXT-GNZBNJ2PO5MGZ6GT');
    expect(`KUBE-FW-${portProtoHash('ns5/svc5:p80', 'tcp')}`).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C');
    expect(checked).toBe(5 + 7);
  });

  it('eks-vpccni-node-S-nat.txt: the EKS node’s SVC and SEP chains, udp included', () => {
    const text = kit.read('iptables/eks-vpccni-node-S-nat.txt');
    const protoOf = new Map<string, Protocol>();
    for (const m of text.matchAll(
      /-p (tcp|udp) -m comment --comment "(\S+) cluster IP" .* -j (KUBE-SVC-\w+)$/gm,
    )) {
      const [, proto = 'tcp', name = '', chain] = m;
      protoOf.set(name, proto as Protocol);
      expect(serviceChainName(name, proto as Protocol)).toBe(chain);
    }
    expect(protoOf.size).toBe(4);
    let seps = 0;
    for (const m of text.matchAll(
      /^-A KUBE-SVC-\w+ -m comment --comment "(\S+) -> (\S+)" .*-j (KUBE-SEP-\w+)$/gm,
    )) {
      const [, name = '', endpoint = '', chain] = m;
      expect(endpointChainName(name, protoOf.get(name) ?? 'tcp', endpoint)).toBe(chain);
      seps += 1;
    }
    expect(seps).toBe(8);
  });

  it('GENERATED-…expected.json: all 425 service ports and their endpoint chains', () => {
    interface Expected {
      service_ports: {
        service: string;
        port_name: string;
        protocol: Protocol;
        svc_chain: string;
        endpoints: { endpoint: string; sep_chain: string }[];
      }[];
    }
    const data = JSON.parse(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports.expected.json'),
    ) as Expected;
    let endpoints = 0;
    for (const sp of data.service_ports) {
      const [namespace = '', name = ''] = sp.service.split('/');
      const spn = servicePortName({ namespace, name, portName: sp.port_name });
      expect(serviceChainName(spn, sp.protocol)).toBe(sp.svc_chain);
      for (const ep of sp.endpoints) {
        expect(endpointChainName(spn, sp.protocol, ep.endpoint)).toBe(ep.sep_chain);
        endpoints += 1;
      }
    }
    expect(data.service_ports).toHaveLength(425);
    expect(endpoints).toBe(1167);
  });
});
