import { describe, expect, it, test } from 'vitest';
import { Topology } from '../../shared/model/topology';
import { createDemoLab, type DemoLab } from '../demo';
import { attachedEnis, networkedPods } from '../demo/net/facts';
import type { Host } from '../hosts/host';
import { SOURCE } from '../../shared/model/topology-merge';
import { collectTopology, withContext } from './topology';

/** A demo lab on a clock the test moves, so ENI attach delays and pod sandboxes can elapse. */
function labWithClock(): { lab: DemoLab; advance: (ms: number) => void } {
  let now = Date.parse('2026-11-23T12:00:00Z');
  const lab = createDemoLab({ clock: () => now });
  return { lab, advance: (ms) => (now += ms) };
}

async function collect(hosts: readonly Host[]): Promise<Topology> {
  return Topology.parse(await collectTopology('demo', hosts));
}

/** Checks the topology against the demo model every command output is derived from. */
function expectMatchesModel(topology: Topology, lab: DemoLab, now: number): void {
  const cluster = lab.model.cluster;
  const nodeInstances = cluster.instances.filter((i) => i.role === 'node');
  expect(topology.nodes.map((n) => n.hostId)).toEqual(nodeInstances.map((i) => i.hostId));
  for (const inst of nodeInstances) {
    const node = topology.nodes.find((n) => n.hostId === inst.hostId);
    expect(node?.instanceId).toBe(inst.instanceId);
    expect(node?.instanceType).toBe(inst.instanceType);
    expect(node?.primaryIp).toBe(inst.privateIp);
    expect(node?.vpcId).toBe(inst.vpcId);
    expect(node?.limits).toEqual({
      maxEnis: inst.limits.maxEnis,
      ipsPerEni: inst.limits.ipv4PerEni,
      maxPods: inst.limits.maxPods,
    });
    const enis = attachedEnis(inst, now);
    expect(node?.enis.length).toBeLessThanOrEqual(inst.limits.maxEnis);
    expect(
      node?.enis.map((e) => ({
        id: e.id,
        deviceNumber: e.deviceNumber,
        interfaceName: e.interfaceName,
        mac: e.mac,
        primaryIp: e.primaryIp,
        subnetId: e.subnetId,
        secondaryIps: [...e.secondaryIps].sort(),
      })),
    ).toEqual(
      enis.map((e) => ({
        id: e.id,
        deviceNumber: e.deviceNumber,
        interfaceName: e.ifname,
        mac: e.mac,
        primaryIp: e.primaryIp,
        subnetId: e.subnetId,
        secondaryIps: [...e.secondaryIps].sort(),
      })),
    );
    const pods = networkedPods(cluster, inst, now).filter((p) => !p.hostNetwork);
    const podIps = new Set(pods.map((p) => p.network?.ip));
    for (const eni of node?.enis ?? []) {
      // Warm slots are exactly the secondaries no pod holds.
      const warm = eni.slots.filter((s) => s.state === 'warm').map((s) => s.address);
      expect(warm.sort()).toEqual(eni.secondaryIps.filter((ip) => !podIps.has(ip)).sort());
      expect(eni.slots[0]).toEqual({ address: eni.primaryIp, state: 'primary' });
    }
    for (const pod of pods) {
      const eni = node?.enis.find((e) => e.id === pod.network?.eniId);
      const slot = eni?.slots.find((s) => s.address === pod.network?.ip);
      expect(slot).toEqual({
        address: pod.network?.ip,
        state: 'assigned',
        pod: { namespace: pod.namespace, name: pod.name },
      });
      const placed = topology.pods.find(
        (p) => p.namespace === pod.namespace && p.name === pod.name,
      );
      expect(placed).toMatchObject({
        ip: pod.network?.ip,
        nodeName: node?.nodeName,
        eniId: pod.network?.eniId,
        hostVeth: pod.network?.veth,
        isHostNetwork: false,
      });
    }
  }
  // Pods that cannot be scheduled (node full) are listed, on no ENI.
  for (const pod of cluster.pods.filter((p) => !p.hostId)) {
    const placed = topology.pods.find((p) => p.name === pod.name);
    expect(placed?.phase).toBe('Pending');
    expect(placed?.eniId).toBeUndefined();
  }
}

describe('collectTopology on the demo lab', () => {
  test('VPCs, subnets, peering, nodes, ENIs, slots and pods match the demo model', async () => {
    const { lab } = labWithClock();
    const topology = await collect(lab.hosts);
    expect(topology.warnings).toEqual([]);
    const cluster = lab.model.cluster;
    expect(topology.vpcs.map((v) => [v.id, v.name, v.cidrs])).toEqual(
      cluster.vpcs.map((v) => [v.id, v.name, [v.cidr]]),
    );
    expect(topology.subnets.map((s) => [s.id, s.vpcId, s.cidr, s.availabilityZone])).toEqual(
      cluster.subnets.map((s) => [s.id, s.vpcId, s.cidr, s.availabilityZone]),
    );
    expect(topology.peerings).toEqual([
      {
        id: cluster.peering.id,
        requesterVpcId: cluster.peering.requesterVpcId,
        accepterVpcId: cluster.peering.accepterVpcId,
        status: 'active',
        sources: ['aws ec2 describe-vpc-peering-connections @operator'],
      },
    ]);
    const operator = cluster.instances.find((i) => i.role === 'operator');
    expect(topology.operator).toMatchObject({
      hostId: 'operator',
      instanceId: operator?.instanceId,
      vpcId: operator?.vpcId,
      subnetId: operator?.subnetId,
      privateIp: operator?.privateIp,
    });
    expectMatchesModel(topology, lab, Date.parse('2026-11-23T12:00:00Z'));
    // The operator's `kubectl get ds aws-node` says what the demo's ipamd plays.
    expect(topology.warmPool).toEqual({
      warmEniTarget: cluster.cni.warmEniTarget,
      isPrefixDelegation: false,
      source: 'aws-node',
      sources: ['kubectl get ds aws-node -n kube-system -o json @operator'],
    });
    expect(topology.services.find((s) => s.name === 'nginx')?.endpointPods.length).toBe(
      cluster.pods.filter((p) => p.name.startsWith('nginx-')).length,
    );
    expect(topology.nodes[0]?.enis[0]?.sources).toEqual([
      'aws ec2 describe-network-interfaces @operator',
      'imds @node1',
      'ipamd /v1/enis @node1',
      'ip -j addr @node1',
    ]);
  });

  test('after `kubectl scale deployment nginx --replicas 30` on the operator, ENIs attach and pods land on their slots', async () => {
    const { lab, advance } = labWithClock();
    const before = await collect(lab.hosts);
    const scaled = await lab.hosts[0]?.exec('kubectl scale deployment nginx --replicas 30');
    expect(scaled?.stdout).toContain('scaled');
    advance(120_000);
    const after = await collect(lab.hosts);
    expect(after.warnings).toEqual([]);
    expectMatchesModel(after, lab, Date.parse('2026-11-23T12:02:00Z'));
    const eniCount = (t: Topology) => t.nodes.reduce((n, node) => n + node.enis.length, 0);
    expect(eniCount(after)).toBeGreaterThan(eniCount(before));
    expect(after.pods.filter((p) => p.name.startsWith('nginx-'))).toHaveLength(30);
  });

  test('past max pods (nginx 60 on three t3.medium), pods wait Pending on no ENI and no node exceeds its ENI limit', async () => {
    const { lab, advance } = labWithClock();
    await lab.hosts[0]?.exec('kubectl scale deployment nginx --replicas 60');
    advance(300_000);
    const topology = await collect(lab.hosts);
    expect(topology.warnings).toEqual([]);
    expectMatchesModel(topology, lab, Date.parse('2026-11-23T12:05:00Z'));
    const pending = topology.pods.filter((p) => p.phase === 'Pending' && !p.nodeName);
    expect(pending.length).toBeGreaterThan(0);
    for (const node of topology.nodes) expect(node.enis).toHaveLength(node.limits?.maxEnis ?? -1);
  });

  test('a failing source is a warning; everything else is still merged', async () => {
    const { lab } = labWithClock();
    const [operator, node1, ...rest] = lab.hosts;
    if (!operator || !node1) throw new Error('demo lab without hosts');
    // The operator's `aws ec2 describe-network-interfaces` fails; node1 cannot be reached at all.
    const awsBroken = Object.assign(Object.create(operator) as Host, {
      exec: (command: string, options?: Parameters<Host['exec']>[1]) =>
        command.includes('describe-network-interfaces')
          ? Promise.resolve({
              exitCode: 255,
              stdout: '',
              stderr: 'An error occurred (RequestLimitExceeded)',
              durationMs: 1,
            })
          : operator.exec(command, options),
    });
    const unreachable = Object.assign(Object.create(node1) as Host, {
      exec: () => Promise.reject(new Error('connect ECONNREFUSED 192.168.1.37:22')),
    });
    const topology = await collect([awsBroken, unreachable, ...rest]);
    expect(topology.warnings).toHaveLength(2);
    expect(topology.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          hostId: 'node1',
          message: 'connect ECONNREFUSED 192.168.1.37:22',
        }),
        expect.objectContaining({
          hostId: 'operator',
          source: 'aws ec2 describe-network-interfaces',
          message: expect.stringContaining('RequestLimitExceeded') as string,
        }),
      ]),
    );
    // node2 and node3 are whole: describe-instances stands in for describe-network-interfaces.
    const { lab: intact } = labWithClock();
    const whole = await collect(intact.hosts);
    expect(topology.nodes.slice(1).map((n) => n.enis.map(({ sources: _, ...e }) => e))).toEqual(
      whole.nodes.slice(1).map((n) => n.enis.map(({ sources: _, ...e }) => e)),
    );
    // node1 is known from EC2 and the cluster alone: its ENIs and pods without interface names or veths.
    const node1Topology = topology.nodes[0];
    expect(node1Topology?.nodeName).toBe(whole.nodes[0]?.nodeName);
    expect(node1Topology?.enis.map((e) => e.id)).toEqual(whole.nodes[0]?.enis.map((e) => e.id));
    expect(node1Topology?.enis.every((e) => e.interfaceName === undefined)).toBe(true);
    expect(topology.vpcs).toEqual(whole.vpcs);
    expect(topology.pods.map((p) => p.eniId)).toEqual(whole.pods.map((p) => p.eniId));
  });
});

describe('withContext', () => {
  it('puts the quoted context first; refuses what kubectl could read as an option', () => {
    expect(withContext(SOURCE.kubectl, undefined)).toBe(SOURCE.kubectl);
    expect(withContext(SOURCE.kubectl, 'arn:aws:eks:eu-west-1:1:cluster/lab')).toBe(
      'kubectl --context arn\\:aws\\:eks\\:eu-west-1\\:1\\:cluster/lab get nodes,pods,svc,endpointslices -A -o json',
    );
    expect(withContext(SOURCE.awsNode, 'kind-kind')).toBe(
      'kubectl --context kind-kind get ds aws-node -n kube-system -o json',
    );
    expect(() => withContext(SOURCE.kubectl, '--kubeconfig=/x')).toThrow('not a kubeconfig');
    expect(() => withContext(SOURCE.kubectl, 'a b')).toThrow('not a kubeconfig');
  });
});
