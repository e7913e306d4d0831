import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../../test/support/fixtures';
import { buildRuleset } from './build-ruleset';
import { CounterStore } from './counters';
import { renderIptablesSave } from './render-save';
import type { Protocol, ServicePortInput } from './types';

interface ExpectedServicePort {
  service: string;
  port_name: string;
  protocol: Protocol;
  cluster_ip: string;
  port: number;
  node_port: number | null;
  session_affinity: boolean;
  endpoints: { endpoint: string }[];
}

/** Rules grouped by table and chain, in order. */
function chainsOf(save: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let table = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1);
    const m = /^-A (\S+) /.exec(line);
    if (!m) continue;
    const key = `${table} ${m[1]}`;
    out.set(key, [...(out.get(key) ?? []), line]);
  }
  return out;
}

// Chains whose rule order follows the order Services are visited in (a Go map in kube-proxy).
const SERVICE_ORDERED = new Set([
  'filter KUBE-SERVICES',
  'filter KUBE-EXTERNAL-SERVICES',
  'nat KUBE-NODEPORTS',
]);

describeWithFixtures('the 425-port dump from the real iptables-save', (kit) => {
  it('renders the same rules in every chain (GENERATED-kubeproxy-large-425svcports)', () => {
    const data = JSON.parse(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports.expected.json'),
    ) as {
      pod_cidr: string;
      service_ports: ExpectedServicePort[];
    };
    const servicePorts: ServicePortInput[] = data.service_ports.map((sp) => {
      const [namespace = '', name = ''] = sp.service.split('/');
      return {
        namespace,
        name,
        portName: sp.port_name,
        protocol: sp.protocol,
        clusterIP: sp.cluster_ip,
        port: sp.port,
        ...(sp.node_port === null ? {} : { nodePort: sp.node_port }),
        ...(sp.session_affinity ? { sessionAffinity: 'ClientIP' as const } : {}),
        endpoints: sp.endpoints.map((e) => {
          const [ip = '', port = '0'] = e.endpoint.split(':');
          return { ip, port: Number(port), ready: true };
        }),
      };
    });
    const ruleset = buildRuleset({
      node: { name: 'minikube', primaryIP: '192.168.49.2', vpcCIDRs: [], isAwsVpcCni: false },
      clusterCIDR: data.pod_cidr,
      servicePorts,
    });
    // The dump has no mangle table: it was loaded into an empty namespace with filter and nat only.
    const mine = chainsOf(
      renderIptablesSave(
        { tables: ruleset.tables.filter((t) => t.name !== 'mangle') },
        new CounterStore(),
      ),
    );
    const real = chainsOf(
      kit.read('iptables/GENERATED-kubeproxy-large-425svcports-iptables-save.txt'),
    );

    expect([...mine.keys()].sort()).toEqual([...real.keys()].sort());
    const nat = (key: string): boolean => key.startsWith('nat KUBE-SERVICES');
    for (const [key, rules] of real) {
      const ours = mine.get(key) ?? [];
      if (SERVICE_ORDERED.has(key)) {
        expect([...ours].sort(), key).toEqual([...rules].sort());
      } else if (nat(key)) {
        // Same set of captures, and the NodePort jump must stay last.
        expect([...ours].sort(), key).toEqual([...rules].sort());
        expect(ours.at(-1)).toBe(rules.at(-1));
      } else {
        expect(ours, key).toEqual(rules);
      }
    }
  });
});
