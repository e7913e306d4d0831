import { describe, expect, it } from 'vitest';
import type { TopologyPod } from '../../../../../shared/model/topology';
import { deploymentName, scalableOwners } from './timeline-view';

const pod = (name: string, owner?: string, isHostNetwork = false): TopologyPod => ({
  namespace: 'default',
  name,
  ...(owner === undefined ? {} : { owner }),
  isHostNetwork,
  sources: ['test'],
});

describe('scalableOwners', () => {
  it('lists ReplicaSets of pod-network pods, most pods first', () => {
    const pods = [
      pod('coredns-a', 'ReplicaSet/coredns-759c77bd6c'),
      pod('nginx-a', 'ReplicaSet/nginx-5869d7778c'),
      pod('nginx-b', 'ReplicaSet/nginx-5869d7778c'),
      pod('coredns-b', 'ReplicaSet/coredns-759c77bd6c'),
      pod('nginx-c', 'ReplicaSet/nginx-5869d7778c'),
      pod('aws-node-x', 'DaemonSet/aws-node', true),
      pod('static'),
    ];
    expect(scalableOwners(pods)).toEqual([
      { owner: 'ReplicaSet/nginx-5869d7778c', pods: 3 },
      { owner: 'ReplicaSet/coredns-759c77bd6c', pods: 2 },
    ]);
  });

  it('names the Deployment behind a ReplicaSet', () => {
    expect(deploymentName('ReplicaSet/nginx-5869d7778c')).toBe('nginx');
    expect(deploymentName('ReplicaSet/my-app-v2-7fb78fb6d8')).toBe('my-app-v2');
  });
});
