import { describe, expect, it } from 'vitest';
import type { TopologyPod } from '../../../../../shared/model/topology';
import { clampReplicas, pickDeployment, podPhases, scaleSummary } from './scale-view';

const nginx = { namespace: 'default', name: 'nginx', desired: 30, ready: 12, current: 30 };
const coredns = { namespace: 'kube-system', name: 'coredns', desired: 2, ready: 2, current: 2 };

function pod(name: string, owner: string | undefined, phase: string, namespace = 'default') {
  return { namespace, name, owner, phase, isHostNetwork: false, sources: [] } as TopologyPod;
}

describe('scale control view', () => {
  it('keeps the chosen Deployment, else nginx, else the first', () => {
    expect(pickDeployment([coredns, nginx], 'kube-system/coredns')).toBe(coredns);
    expect(pickDeployment([coredns, nginx], null)).toBe(nginx);
    expect(pickDeployment([coredns, nginx], 'default/gone')).toBe(nginx);
    expect(pickDeployment([coredns], null)).toBe(coredns);
    expect(pickDeployment([], null)).toBeUndefined();
  });

  it.each([
    [3, 3],
    [-4, 0],
    [250, 100],
    [7.6, 8],
    [Number.NaN, Number.NaN],
  ])('clamps %s replicas to %s', (value, expected) => {
    expect(clampReplicas(value, 100)).toEqual(expected);
  });

  it('counts the Deployment’s pods and its Pending ones from the topology', () => {
    const pods = [
      pod('nginx-5869d7778c-abcde', 'ReplicaSet/nginx-5869d7778c', 'Running'),
      pod('nginx-5869d7778c-fghij', 'ReplicaSet/nginx-5869d7778c', 'Pending'),
      pod('nginx-5869d7778c-klmno', 'ReplicaSet/nginx-5869d7778c', 'Pending'),
      pod('nginx-x', 'ReplicaSet/nginx-5869d7778c', 'Pending', 'other'),
      pod('nginx-ingress-6d5f8c7b9-pqrst', 'ReplicaSet/nginx-ingress-6d5f8c7b9', 'Pending'),
      pod('aws-node-xyz', 'DaemonSet/aws-node', 'Pending'),
      pod('loose', undefined, 'Pending'),
    ];
    expect(podPhases(pods, nginx)).toEqual({ pending: 2, total: 3 });
  });

  it('summarises ready of desired and Pending', () => {
    expect(scaleSummary(nginx, 13)).toBe('12 of 30 ready · 13 Pending');
    expect(scaleSummary(coredns, 0)).toBe('2 of 2 ready');
  });
});
