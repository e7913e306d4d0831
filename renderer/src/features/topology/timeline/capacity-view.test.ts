import { describe, expect, it } from 'vitest';
import type { NodeCapacity } from '../../../../../shared/model/eni-capacity';
import { DEFAULT_WARM_POOL } from '../../../../../shared/model/eni-warm-pool';
import { capacityCardView, nextEniSentence, warmPoolText } from './capacity-view';

const node: NodeCapacity = {
  nodeName: 'node2',
  instanceType: 't3.medium',
  limits: { maxEnis: 3, ipsPerEni: 6, maxPods: 17 },
  enis: 2,
  ipsAllocated: 10,
  ipsAssigned: 3,
  ipsWarm: 7,
  pods: 5,
  podsUntilFull: 12,
  nextEni: { kind: 'at-pod-ips', podIps: 6, morePods: 3 },
  nextEniAtReplicas: 9,
};

describe('capacity card', () => {
  it('shows the limits, the max pods formula with numbers, usage, warm pool and next ENI', () => {
    const view = capacityCardView(node, DEFAULT_WARM_POOL);
    expect(Object.fromEntries(view.facts.map((f) => [f.label, f.value]))).toEqual({
      'Instance type': 't3.medium',
      Limits: '3 ENIs × 6 IPs per ENI',
      'Max pods': '3 × (6 − 1) + 2 = 17',
      ENIs: '2 of 3',
      IPs: '10 allocated · 3 assigned · 7 warm',
      Pods: '5 of 17 (12 until full)',
      'Warm pool': 'WARM_ENI_TARGET=1 (CNI defaults)',
    });
    expect(view.nextEni).toBe('Next ENI when pods hold 6 IPs here (3 more), next ENI at replica 9');
    expect(view.isFull).toBe(false);
  });

  it('says unknown rather than guessing when the instance type is not in the table', () => {
    const { limits: _limits, podsUntilFull: _full, instanceType: _type, ...rest } = node;
    const view = capacityCardView(
      { ...rest, nextEni: { kind: 'unknown', reason: 'instance type limits unknown' } },
      DEFAULT_WARM_POOL,
    );
    expect(view.facts.filter((f) => f.value === 'unknown').map((f) => f.label)).toEqual([
      'Instance type',
      'Limits',
      'Max pods',
    ]);
    expect(view.nextEni).toBe('Next ENI: unknown (instance type limits unknown)');
  });

  it('words every next-ENI case', () => {
    const say = (nextEni: NodeCapacity['nextEni']) => nextEniSentence({ ...node, nextEni });
    expect(say({ kind: 'due' })).toBe('Next ENI: due now (the warm pool is short)');
    expect(say({ kind: 'max-enis' })).toBe('All 3 ENIs attached: no more ENIs');
    expect(say({ kind: 'node-full-first', podIps: 6 })).toMatch(/max pods comes first/);
  });

  it('writes the IP targets when they override the ENI target', () => {
    expect(
      warmPoolText({
        warmEniTarget: 1,
        warmIpTarget: 5,
        isPrefixDelegation: false,
        source: 'aws-node',
      }),
    ).toBe('WARM_IP_TARGET=5 · MINIMUM_IP_TARGET=unset (aws-node env)');
  });
});
