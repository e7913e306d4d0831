import { describe, expect, it } from 'vitest';
import type { Parsed } from '../../../shared/parsers/parse-result';
import {
  parseDescribeInstances,
  parseDescribeNetworkInterfaces,
  parseDescribeSubnets,
  parseDescribeVpcPeeringConnections,
  parseDescribeVpcs,
} from '../../../shared/parsers/aws';
import { parseImdsIpv4List, parseImdsMacs } from '../../../shared/parsers/imds';
import {
  parseIpAddr,
  parseIpAddrBrief,
  parseIpAddrJson,
  parseIpNeigh,
  parseIpRoute,
  parseIpRouteJson,
  parseIpRule,
  parseIpRuleJson,
} from '../../../shared/parsers/ip';
import { parseIpamdEnis } from '../../../shared/parsers/ipamd';
import { parseKubectlJson, parseKubectlPodsWide } from '../../../shared/parsers/kubectl';
import { collectOverview } from '../../collectors/overview';
import type { Host } from '../../hosts/host';
import { createDemoLab } from '../index';

/** Every demo output goes through the parser kubelab reads the real tool's output with. */
const lab = createDemoLab({ seed: 2, clock: () => 1_750_000_000_000, latencyMs: [0, 0] });
const [operator, node1] = lab.hosts as [Host, Host];

async function clean<T>(
  host: Host,
  command: string,
  parse: (text: string) => Parsed<T>,
): Promise<T> {
  const r = await host.exec(command);
  expect(r.exitCode, r.stderr).toBe(0);
  const parsed = parse(r.stdout);
  expect(parsed.warnings, command).toEqual([]);
  return parsed.value;
}

describe('demo outputs through the shared parsers', () => {
  it('reads ip in every form without a warning', async () => {
    const text = await clean(node1, 'ip addr', parseIpAddr);
    const json = await clean(node1, 'ip -j addr', parseIpAddrJson);
    expect(JSON.stringify(text.map((l) => l.ifname))).toBe(
      JSON.stringify(json.map((l) => l.ifname)),
    );
    await clean(node1, 'ip -br addr', parseIpAddrBrief);
    const routes = await clean(node1, 'ip route show table all', (t) => parseIpRoute(t));
    expect(routes.length).toBe(
      (await clean(node1, 'ip -j route show table all', parseIpRouteJson)).length,
    );
    const rules = await clean(node1, 'ip rule', parseIpRule);
    expect(rules).toHaveLength((await clean(node1, 'ip -j rule', parseIpRuleJson)).length);
    await clean(node1, 'ip neigh', parseIpNeigh);
  });

  it('reads ipamd, IMDS, kubectl and aws without a warning', async () => {
    const enis = await clean(node1, 'curl -s localhost:61679/v1/enis', parseIpamdEnis);
    expect(JSON.stringify(enis)).toContain('"isPrimary":true');
    const macs = await clean(
      node1,
      'curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/',
      parseImdsMacs,
    );
    expect(macs.length).toBeGreaterThanOrEqual(2);
    const mac = await node1.exec('curl -s http://169.254.169.254/latest/meta-data/mac');
    await clean(
      node1,
      `curl -s http://169.254.169.254/latest/meta-data/network/interfaces/macs/${mac.stdout}/local-ipv4s`,
      parseImdsIpv4List,
    );
    const pods = await clean(operator, 'kubectl get pods -A -o json', parseKubectlJson);
    expect(pods.pods).toHaveLength(11);
    await clean(operator, 'kubectl get nodes,svc,endpointslices -A -o json', parseKubectlJson);
    await clean(operator, 'kubectl get pods -A -o wide', parseKubectlPodsWide);
    await clean(operator, 'aws ec2 describe-vpcs', parseDescribeVpcs);
    await clean(operator, 'aws ec2 describe-subnets', parseDescribeSubnets);
    await clean(
      operator,
      'aws ec2 describe-vpc-peering-connections',
      parseDescribeVpcPeeringConnections,
    );
    await clean(operator, 'aws ec2 describe-instances', parseDescribeInstances);
    await clean(operator, 'aws ec2 describe-network-interfaces', parseDescribeNetworkInterfaces);
  });

  it('gives the lab overview collector a complete picture', async () => {
    const overview = await collectOverview('demo', lab.hosts);
    expect(overview.warnings).toEqual([]);
    expect(overview.nodes).toHaveLength(3);
    for (const node of overview.nodes) {
      expect(node.instanceType).toBe('t3.medium');
      expect(node.enis.map((e) => e.interfaceName)).toEqual(['ens5', 'ens6']);
      expect(node.hostNetworkPods.map((p) => p.name.replace(/-\w+$/, '')).sort()).toEqual([
        'aws-node',
        'kube-proxy',
      ]);
    }
    const assigned = overview.nodes.flatMap((n) =>
      n.enis.flatMap((e) => e.slots.filter((s) => s.state === 'assigned')),
    );
    expect(assigned.map((s) => s.pod?.name.replace(/-\w+-\w+$/, '')).sort()).toEqual([
      'coredns',
      'coredns',
      'nginx',
      'nginx',
      'nginx',
    ]);
    expect(assigned.every((s) => s.hostVeth?.startsWith('eni'))).toBe(true);
  });
});
