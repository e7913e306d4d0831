import { describe, expect, it } from 'vitest';
import { createDemoLab } from '../index';
import { serviceEndpoints } from '../render/kube-state';
import { planPath, podEndpoint } from './path';

describe('planPath', () => {
  it('masquerades a pod reaching itself through its Service (hairpin) to its node’s address', () => {
    const lab = createDemoLab();
    const cluster = lab.model.cluster;
    const now = lab.model.now();
    const nginx = cluster.services.find((s) => s.name === 'nginx');
    if (!nginx) throw new Error('the demo has an nginx Service');
    const endpoints = serviceEndpoints(cluster, nginx, now).filter((e) => e.isReady);
    const self = cluster.pods.find((p) => p.network?.ip === endpoints[0]?.ip);
    const client = self && podEndpoint(cluster, self);
    if (!client || client.kind !== 'pod') throw new Error('an nginx pod as the client');
    // pick 0: the Service's first endpoint, the client itself.
    const path = planPath(cluster, client, nginx.clusterIp, 80, 'tcp', now, () => 0);
    const node = cluster.instances.find((i) => i.hostId === self.hostId);
    expect(path?.dnat?.ip).toBe(self.network?.ip);
    expect(path?.snat).toEqual({ ip: node?.privateIp });
    // Leaving for the pod's own veth after POSTROUTING: the SNATed ("wire") addresses.
    expect(path?.forward.map((h) => [h.iface, h.direction, h.view])).toEqual([
      [self.network?.veth, 'In', 'orig'],
      [self.network?.veth, 'Out', 'wire'],
    ]);

    const other = endpoints.find((e) => e.ip !== self.network?.ip);
    const toOther = planPath(
      cluster,
      client,
      nginx.clusterIp,
      80,
      'tcp',
      now,
      (n) => endpoints.findIndex((e) => e === other) % n,
    );
    expect(toOther?.dnat?.ip).toBe(other?.ip);
    expect(toOther?.snat).toBeUndefined();
  });
});
