/** EKS node discovery against the demo lab's operator host, which runs a simulated kubectl. */
import { describe, expect, it } from 'vitest';
import { SavedWorkspace } from '../../shared/model/saved-workspace';
import { createDemoLab } from '../demo';
import { savedHostToTarget } from '../workspace-store/target';
import { discoverEksNodes } from './eks';

describe('discoverEksNodes on the demo lab', () => {
  it('finds every node at its InternalIP, as ec2-user, through the operator host', async () => {
    const lab = createDemoLab();
    const [operator, ...nodes] = lab.hosts;
    if (!operator) throw new Error('demo lab has no operator');
    const { hosts, warnings } = await discoverEksNodes(operator);
    expect(warnings).toEqual([]);
    // The demo's node hosts are the same machines: their addresses must match the discovery.
    expect(hosts.map((h) => h.address).sort()).toEqual(
      nodes.map((n) => n.description.address).sort(),
    );
    for (const host of hosts) {
      expect(host).toMatchObject({ role: 'node', port: 22, user: 'ec2-user', jumps: ['operator'] });
      expect(host.name).toMatch(/^ip-\d+-\d+-\d+-\d+\.ap-northeast-2\.compute\.internal$/);
      expect(host.id).toBe(host.name);
      expect(host.tags).toEqual([
        'eks',
        expect.stringMatching(/^zone:ap-northeast-2[abc]$/),
        'instance-type:t3.medium',
        expect.stringMatching(/^instance:i-[0-9a-f]+$/),
      ]);
    }
    expect(new Set(hosts.map((h) => h.tags[1])).size).toBe(3);
  });

  it('gives hosts that save as a workspace and reach the nodes through the operator', async () => {
    const lab = createDemoLab({ seed: 7 });
    const operator = lab.hosts[0];
    if (!operator) throw new Error('demo lab has no operator');
    const { hosts } = await discoverEksNodes(operator, {
      auth: { kind: 'key', identityFile: '/keys/myeks.pem' },
    });
    const ws = SavedWorkspace.parse({
      version: 1,
      id: 'myeks',
      name: 'myeks',
      description: '',
      hosts: [
        {
          id: 'operator',
          name: 'operator',
          role: 'operator',
          address: operator.description.address,
          port: 22,
          user: 'ec2-user',
          auth: { kind: 'key', identityFile: '/keys/myeks.pem' },
          jumps: [],
          tags: [],
        },
        ...hosts,
      ],
    });
    const first = ws.hosts[1];
    if (!first) throw new Error('no node discovered');
    const target = savedHostToTarget(ws, first.id);
    expect(target.jumps.map((j) => [j.name, j.host])).toEqual([
      ['operator', operator.description.address],
    ]);
    expect(target.identityFiles).toEqual(['/keys/myeks.pem']);
  });

  it('reports a host without kubectl instead of inventing nodes', async () => {
    const node = createDemoLab().hosts[1];
    if (!node) throw new Error('demo lab has no node');
    const { hosts, warnings } = await discoverEksNodes(node);
    expect(hosts).toEqual([]);
    expect(warnings[0]).toMatch(
      /kubectl get nodes -o json on node1 failed \(exit 127\): .*command not found/,
    );
  });
});
