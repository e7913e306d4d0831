import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import {
  byName,
  endpointsOf,
  kubeProxyChain,
  resolveKitServices,
} from '../../../test/support/kube-proxy-services';
import { parseIptables } from '../../parsers/iptables';
import { IptablesServiceResolver } from './from-iptables';

/** The GENERATED ground truth, as its script wrote it. */
interface Expected {
  service_ports: {
    service: string;
    port_name: string;
    protocol: string;
    cluster_ip: string;
    port: number;
    svc_chain: string;
    node_port: number | null;
    session_affinity: boolean;
    endpoints: {
      endpoint: string;
      sep_chain: string;
      rule_probability: number | null;
      effective_share: number;
    }[];
  }[];
}

describeWithFixtures('kube-proxy Services of the GENERATED 425-port dump', (kit) => {
  const resolve = (name: string) => resolveKitServices(kit, name);

  it('reproduces the GENERATED ground truth for all 425 Service ports', () => {
    const {
      services,
      warnings,
      byName: svc,
    } = resolve('GENERATED-kubeproxy-large-425svcports-iptables-save.txt');
    expect(warnings).toEqual([]);
    const expected = JSON.parse(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports.expected.json'),
    ) as Expected;
    expect(services).toHaveLength(expected.service_ports.length);
    const mismatches: string[] = [];
    for (const e of expected.service_ports) {
      const key = `${e.service}:${e.port_name}/${e.protocol}`;
      const got = svc.get(key);
      const chain =
        got?.svcChain ?? kubeProxyChain('KUBE-SVC', `${e.service}:${e.port_name}`, e.protocol);
      const want = {
        clusterIP: e.cluster_ip,
        port: e.port,
        svcChain: e.svc_chain,
        nodePort: e.node_port,
        hasAffinity: e.session_affinity,
        endpoints: e.endpoints.map((x) => x.endpoint),
        sepChains: e.endpoints.map((x) => x.sep_chain),
      };
      const have = {
        clusterIP: got?.clusterIP,
        port: got?.port,
        svcChain: chain,
        nodePort: got?.nodePort,
        hasAffinity: got?.sessionAffinity !== undefined,
        endpoints: got?.endpoints.map((x) => `${x.ip}:${x.port}`),
        sepChains: got?.endpoints.map((x) => x.sepChain),
      };
      if (JSON.stringify(want) !== JSON.stringify(have))
        mismatches.push(`${key}: ${JSON.stringify(have)}`);
      e.endpoints.forEach((x, i) => {
        const g = got?.endpoints[i];
        const n = e.endpoints.length;
        // The file rounds effective_share to 6 decimals and writes kube-proxy's 10-decimal
        // probability; the dump holds iptables' 11-decimal rendering of the same number.
        const isShareOk =
          g !== undefined && Math.abs(g.probability - x.effective_share) <= 5e-7 + 1e-12;
        const isOneOverN = g !== undefined && Math.abs(g.probability - 1 / n) < 1e-9;
        const isRawOk =
          g !== undefined &&
          (x.rule_probability === null
            ? g.ruleProbability === null
            : Math.abs((g.ruleProbability ?? NaN) - x.rule_probability) < 1e-9);
        if (!isShareOk || !isOneOverN || !isRawOk)
          mismatches.push(`${key} endpoint ${i}: ${JSON.stringify(g)}`);
      });
    }
    expect(mismatches).toEqual([]);
    expect(services.reduce((n, s) => n + s.endpoints.length, 0)).toBe(1167);
    expect(services.filter((s) => s.nodePort !== null)).toHaveLength(77);
    expect(services.filter((s) => s.endpoints.length === 0)).toHaveLength(20);
    expect(services.filter((s) => s.sessionAffinity?.timeoutSeconds === 10800)).toHaveLength(7);
    expect(services.every((s) => s.issues.length === 0)).toBe(true);
    expect(endpointsOf(svc.get('default/kubernetes:https/tcp'))).toEqual([
      ['192.168.49.2:6443', 1, null],
    ]);
    expect(svc.get('default/kubernetes:https/tcp')).toMatchObject({
      clusterIP: '10.96.0.1',
      port: 443,
    });
    expect(endpointsOf(svc.get('kube-system/kube-dns:dns/udp'))).toEqual([
      ['10.244.0.2:53', 0.5, 0.5],
      ['10.244.0.3:53', 0.5, null],
    ]);
    expect(svc.get('kube-system/kube-dns:dns/udp')?.clusterIP).toBe('10.96.0.10');
  });

  it('re-resolves after one chain is replaced, walking only what depended on it', () => {
    const parsed = parseIptables(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports-iptables-save.txt'),
    );
    const resolver = new IptablesServiceResolver(parsed.value);
    resolver.services();
    const walkedOnce = resolver.chainsWalked;
    const dns = 'KUBE-SVC-TCOU7JCQXEZGVUNU';
    const fresh = parseIptables(
      [
        '*nat',
        `:${dns} - [0:0]`,
        `-A ${dns} -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.2:53" -m statistic --mode random --probability 0.2 -j KUBE-SEP-YIL6JZP7A3QYXJU2`,
        `-A ${dns} -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.3:53" -j KUBE-SEP-6E7XQMQ4RAYOWTTM`,
        'COMMIT',
      ].join('\n'),
    );
    const chain = fresh.value.tables[0]?.chains[0];
    if (chain === undefined) throw new Error('no chain');
    const before = byName(resolver.services().value).get('kube-system/kube-dns:dns/udp');
    resolver.replaceChain(chain);
    const after = byName(resolver.services().value).get('kube-system/kube-dns:dns/udp');
    expect(resolver.chainsWalked - walkedOnce).toBeLessThanOrEqual(3);
    expect(before?.endpoints.map((e) => e.probability)).toEqual([0.5, 0.5]);
    expect(after?.endpoints.map((e) => [e.ip, Number(e.probability.toFixed(9))])).toEqual([
      ['10.244.0.2', 0.2],
      ['10.244.0.3', 0.8],
    ]);
  });
});
