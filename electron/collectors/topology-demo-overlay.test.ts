/**
 * The topology collector on the minikube-Calico and kubeadm-Flannel demo labs: each node's
 * `overlay` holds its pod CIDR (from kubectl), its tunnel (`tunl0` ipip / `flannel.1` vxlan),
 * the `cni0` bridge with its members (Flannel) and one veth per pod with its `@ifN` peer —
 * all agreeing with the model every command output is derived from.
 */
import { describe, expect, test } from 'vitest';
import { Topology } from '../../shared/model/topology';
import { createDemoLab } from '../demo';
import { networkedPods } from '../demo/net/facts';
import { collectTopology } from './topology';

const NOW = Date.parse('2026-11-23T12:00:00Z');

describe.each(['calico', 'flannel'] as const)('topology of the %s demo lab', (variant) => {
  test('fills every node’s overlay and warns about nothing AWS-shaped being absent', async () => {
    const lab = createDemoLab({ variant, clock: () => NOW });
    const topology = Topology.parse(await collectTopology('demo', lab.hosts));
    const cluster = lab.model.cluster;
    expect(topology.nodes.map((n) => n.hostId)).toEqual(['node1', 'node2', 'node3']);
    for (const inst of cluster.instances.filter((i) => i.role === 'node')) {
      const node = topology.nodes.find((n) => n.hostId === inst.hostId);
      const overlay = node?.overlay;
      expect(overlay?.podCidrs).toEqual([inst.podCidr]);
      const pods = networkedPods(cluster, inst, NOW);
      expect(overlay?.veths.map((v) => v.name).sort()).toEqual(
        pods.map((p) => p.network?.veth).sort(),
      );
      for (const pod of pods) {
        const veth = overlay?.veths.find((v) => v.name === pod.network?.veth);
        expect(veth?.ifindex).toBe(pod.network?.vethIfindex);
        expect(veth?.peerIfindex).toBe(variant === 'calico' ? 4 : 2);
        expect(veth?.peerNetnsId).toBe(pod.network?.netnsId);
        expect(veth?.isCalico).toBe(variant === 'calico');
      }
      const block = inst.podCidr ?? '';
      if (variant === 'calico') {
        expect(overlay?.tunnels).toEqual([
          // iproute2 prints an unbound IPIP tunnel's local address as `any`.
          { name: 'tunl0', kind: 'ipip', local: 'any', addresses: [block.replace('/24', '/32')] },
        ]);
        expect(overlay?.bridges).toEqual([]);
      } else {
        expect(overlay?.tunnels).toEqual([
          {
            name: 'flannel.1',
            kind: 'vxlan',
            vni: 1,
            local: inst.privateIp,
            port: 8472,
            addresses: [block.replace('/24', '/32')],
          },
        ]);
        expect(overlay?.bridges).toEqual([
          {
            name: 'cni0',
            addresses: [block.replace('.0/24', '.1/24')],
            members: pods
              .map((p) => p.network?.veth)
              .sort((a, b) => {
                const ia = pods.find((p) => p.network?.veth === a)?.network?.vethIfindex ?? 0;
                const ib = pods.find((p) => p.network?.veth === b)?.network?.vethIfindex ?? 0;
                return ia - ib;
              }),
          },
        ]);
        for (const v of overlay?.veths ?? []) expect(v.master).toBe('cni0');
      }
    }
    // No aws CLI, IMDS or ipamd here: the collector reports each absent source, never throws.
    for (const w of topology.warnings) expect(w.source).toMatch(/imds|ipamd|aws/i);
  });
});
