import { expect, it } from 'vitest';
import { describeWithFixtures } from '../../test/support/fixtures';
import {
  parseDescribeInstances,
  parseDescribeNetworkInterfaces,
  parseDescribeVpcPeeringConnections,
  parseDescribeVpcs,
} from '../parsers/aws';
import { parseImdsMacsTree } from '../parsers/imds';
import { parseIpAddr, parseIpRoute, parseIpRule } from '../parsers/ip';
import { parseIpamdEnis } from '../parsers/ipamd';
import { parseKubectlJson } from '../parsers/kubectl';
import { parseAwsNodeWarmPool } from './eni-warm-pool';
import { Topology } from './topology';
import { mergeTopology, type NodeFacts, type TopologyFacts } from './topology-merge';

const base = (f: Partial<TopologyFacts>): TopologyFacts => ({
  workspaceId: 'w',
  collectedAt: '2026-11-23T00:00:00.000Z',
  durationMs: 1,
  nodes: [],
  warnings: [],
  ...f,
});

const merged = (f: Partial<TopologyFacts>) => Topology.parse(mergeTopology(base(f)));

describeWithFixtures('mergeTopology on real outputs from the fixture kit', (kit) => {
  it('an EKS node from ipamd, ip addr, ip route and ip rule alone: ENIs and the pod’s veth, no guessed interfaces', () => {
    const node: NodeFacts = {
      host: { id: 'node1', name: 'node1', address: '192.168.4.12' },
      links: parseIpAddr(kit.read('ip/addr-eks-node1-ens5-ens6-altname.txt')).value,
      routes: parseIpRoute(kit.read('ip/route-eks-node1-table-main.txt')).value,
      rules: parseIpRule(kit.read('ip/rule-eks-node1-vpccni-32765.txt')).value,
      ipamd: parseIpamdEnis(kit.read('ipamd/enis-v1-node1-2eni.json')).value,
    };
    const t = merged({ nodes: [node] });
    const [n] = t.nodes;
    expect(n?.primaryIp).toBe('192.168.4.12');
    expect(n?.enis.map((e) => [e.id, e.deviceNumber, e.secondaryIps.length])).toEqual([
      ['eni-0d3a675348ac2ee80', 0, 5],
      ['eni-04637c806b9ad599b', 1, 5],
    ]);
    // No source here ties an ENI id to a MAC (that is IMDS's or EC2's job): interfaces stay unknown.
    expect(n?.enis.every((e) => e.mac === undefined && e.interfaceName === undefined)).toBe(true);
    const primary = n?.enis[0];
    expect(primary?.slots.filter((s) => s.state === 'assigned')).toEqual([
      {
        address: '192.168.5.1',
        state: 'assigned',
        pod: { namespace: 'kube-system', name: 'coredns-759c77bd6c-9m46w' },
      },
    ]);
    // 192.168.4.248 has a route to a veth, but ipamd's snapshot holds it free: sources are not overruled.
    expect(primary?.slots.find((s) => s.address === '192.168.4.248')?.state).toBe('warm');
    expect(n?.enis[1]?.slots.every((s) => s.state === 'warm')).toBe(true);
    // Without kubectl, ipamd names the pod; the node's route gives its veth, not the gateway's dhcp route.
    expect(t.pods).toEqual([
      {
        namespace: 'kube-system',
        name: 'coredns-759c77bd6c-9m46w',
        ip: '192.168.5.1',
        eniId: 'eni-0d3a675348ac2ee80',
        hostVeth: 'enifdec4b696ce',
        isHostNetwork: false,
        sources: ['ipamd /v1/enis @node1', 'ip -j route show table all @node1'],
      },
    ]);
  });

  it('a node from instance metadata alone (cloud-init’s crawl of a 2-NIC t2.micro)', () => {
    const imds = parseImdsMacsTree(kit.read('imds/cloudinit-ec2-crawled-macs-2nic.json')).value;
    const t = merged({
      nodes: [{ host: { id: 'n', name: 'n', address: 'ec2-host' }, imds }],
    });
    const [n] = t.nodes;
    expect(n?.primaryIp).toBe('172.31.44.13');
    expect(n?.vpcId).toBe('vpc-a07f62c8');
    expect(n?.subnetId).toBe('subnet-9d7ba0d1');
    expect(
      n?.enis.map((e) => ({
        id: e.id,
        dev: e.deviceNumber,
        mac: e.mac,
        slots: e.slots.map((s) => `${s.address} ${s.state}`),
      })),
    ).toEqual([
      {
        id: 'eni-0d6335689899ce9cc',
        dev: 0,
        mac: '0a:07:84:3d:6e:38',
        slots: ['172.31.44.13 primary', '172.31.45.70 warm'],
      },
      {
        id: 'eni-043cdce36ded5e79f',
        dev: 1,
        mac: '0a:75:69:92:e2:16',
        slots: ['172.31.47.221 primary'],
      },
    ]);
    expect(n?.enis[0]?.sources).toEqual(['imds @n']);
  });

  it('VPCs, peerings (active and pending), a node and the operator placed from aws-cli’s examples', () => {
    const t = merged({
      operator: {
        host: { id: 'bastion', name: 'bastion', address: '10.0.1.17' },
        vpcs: parseDescribeVpcs(kit.read('aws/describe-vpcs-awscli-example.json')).value,
        peerings: parseDescribeVpcPeeringConnections(
          kit.read('aws/describe-vpc-peering-connections-awscli-example.json'),
        ).value,
        instances: parseDescribeInstances(kit.read('aws/describe-instances-awscli-example.json'))
          .value,
        enis: parseDescribeNetworkInterfaces(
          kit.read('aws/describe-network-interfaces-awscli-example.json'),
        ).value,
      },
      nodes: [{ host: { id: 'node1', name: 'node1', address: '10.0.1.149' } }],
    });
    expect(t.vpcs.map((v) => [v.id, v.cidrs])).toEqual([
      ['vpc-0e9801d129EXAMPLE', ['30.1.0.0/16']],
      ['vpc-06e4ab6c6cEXAMPLE', ['10.0.0.0/16']],
    ]);
    expect(t.peerings.map((p) => [p.id, p.requesterVpcId, p.accepterVpcId, p.status])).toEqual([
      ['pcx-11122233', 'vpc-123abc45', 'vpc-1a2b3c4d', 'active'],
      ['pcx-abababab', 'vpc-11aa22bb', 'vpc-33cc44dd', 'pending-acceptance'],
    ]);
    // The node is the instance whose ENI holds its primary IP.
    expect(t.nodes[0]).toMatchObject({
      instanceId: 'i-0598c7d356eba48d7',
      enis: [
        {
          id: 'eni-f9ba99bf',
          deviceNumber: 0,
          primaryIp: '10.0.1.149',
          subnetId: 'subnet-b61f49f0',
          secondaryIps: [],
          sources: ['aws ec2 describe-network-interfaces @bastion'],
        },
      ],
    });
    // The operator's address is eni-e5aa89a3's: placed in that ENI's VPC and subnet.
    expect(t.operator).toEqual({
      hostId: 'bastion',
      instanceId: 'i-1234567890abcdef0',
      vpcId: 'vpc-a01106c2',
      subnetId: 'subnet-b61f49f0',
      privateIp: '10.0.1.17',
      sources: ['aws ec2 describe-network-interfaces @bastion'],
    });
  });
});

it('with no sources at all, the model is empty but valid, and the warnings pass through', () => {
  const warnings = [{ hostId: 'node1', source: 'host', message: 'connect ECONNREFUSED' }];
  const t = merged({
    nodes: [{ host: { id: 'node1', name: 'node1', address: '10.0.0.5' } }],
    warnings,
  });
  expect(t.nodes).toEqual([{ hostId: 'node1', primaryIp: '10.0.0.5', enis: [], sources: [] }]);
  expect(t.pods).toEqual([]);
  expect(t.operator).toBeUndefined();
  expect(t.warnings).toEqual(warnings);
});

it('a Calico pod (no ENI source) still gets its node and its cali… veth from the node’s route', () => {
  const kube = parseKubectlJson(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'minikube-m02' },
          status: { addresses: [{ type: 'InternalIP', address: '192.168.49.3' }] },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { namespace: 'default', name: 'web-0' },
          spec: { nodeName: 'minikube-m02', containers: [{ name: 'web', image: 'nginx' }] },
          status: { phase: 'Running', podIP: '10.244.120.66', podIPs: [{ ip: '10.244.120.66' }] },
        },
      ],
    }),
  ).value;
  const t = merged({
    operator: { host: { id: 'laptop', name: 'laptop', address: '127.0.0.1' }, kube },
    nodes: [
      {
        host: { id: 'm02', name: 'm02', address: '192.168.49.3' },
        routes: parseIpRoute(
          'default via 192.168.49.1 dev eth0\n10.244.120.66 dev cali5f1e3c8a2b4 scope link\n' +
            '10.244.205.192/26 via 192.168.49.2 dev tunl0 proto bird onlink\n',
        ).value,
      },
    ],
  });
  expect(t.nodes[0]?.nodeName).toBe('minikube-m02');
  expect(t.pods).toEqual([
    expect.objectContaining({
      name: 'web-0',
      nodeName: 'minikube-m02',
      hostVeth: 'cali5f1e3c8a2b4',
      phase: 'Running',
    }),
  ]);
  expect(t.pods[0]?.eniId).toBeUndefined();
});

it('the aws-node DaemonSet’s warm-pool env becomes the model’s warmPool, with its source', () => {
  const ds = JSON.stringify({
    kind: 'DaemonSet',
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'aws-node',
              env: [
                { name: 'WARM_ENI_TARGET', value: '0' },
                { name: 'WARM_IP_TARGET', value: '5' },
                { name: 'MINIMUM_IP_TARGET', value: '10' },
              ],
            },
          ],
        },
      },
    },
  });
  const host = { id: 'op', name: 'bastion', address: '10.0.0.5' };
  const t = merged({ operator: { host, warmPool: parseAwsNodeWarmPool(ds).value } });
  expect(t.warmPool).toEqual({
    warmEniTarget: 0,
    warmIpTarget: 5,
    minimumIpTarget: 10,
    isPrefixDelegation: false,
    source: 'aws-node',
    sources: ['kubectl get ds aws-node -n kube-system -o json @bastion'],
  });
  // Not read at all: unknown, not the CNI's defaults.
  expect(merged({ operator: { host } }).warmPool).toBeUndefined();
});
