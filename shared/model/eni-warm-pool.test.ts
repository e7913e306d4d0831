import { describe, expect, it } from 'vitest';
import { DEFAULT_WARM_POOL, parseAwsNodeWarmPool, usesIpTargets } from './eni-warm-pool';

function daemonSet(env: unknown[], container = 'aws-node'): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'aws-node', namespace: 'kube-system' },
    spec: {
      template: {
        spec: {
          initContainers: [
            { name: 'aws-vpc-cni-init', env: [{ name: 'WARM_IP_TARGET', value: '9' }] },
          ],
          containers: [
            { name: 'aws-eks-nodeagent', env: [{ name: 'WARM_ENI_TARGET', value: '7' }] },
            { name: container, image: 'amazon-k8s-cni:v1.19.0', env },
          ],
        },
      },
    },
  });
}

describe('parseAwsNodeWarmPool', () => {
  it('reads the targets from the aws-node container only', () => {
    const { value, warnings } = parseAwsNodeWarmPool(
      daemonSet([
        { name: 'ADDITIONAL_ENI_TAGS', value: '{}' },
        { name: 'WARM_ENI_TARGET', value: '2' },
        { name: 'WARM_IP_TARGET', value: '5' },
        { name: 'MINIMUM_IP_TARGET', value: ' 10 ' },
        { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
      ]),
    );
    expect(warnings).toEqual([]);
    expect(value).toEqual({
      warmEniTarget: 2,
      warmIpTarget: 5,
      minimumIpTarget: 10,
      isPrefixDelegation: false,
      source: 'aws-node',
    });
    expect(usesIpTargets(value)).toBe(true);
  });

  it('keeps the defaults for unset, empty, bad and ConfigMap values, and says why', () => {
    const { value, warnings } = parseAwsNodeWarmPool(
      daemonSet([
        { name: 'WARM_ENI_TARGET', value: 'one' },
        { name: 'WARM_IP_TARGET', value: '' },
        { name: 'MINIMUM_IP_TARGET', valueFrom: { configMapKeyRef: { name: 'x', key: 'y' } } },
        { name: 'ENABLE_PREFIX_DELEGATION', value: 'True' },
      ]),
    );
    expect(value).toEqual({ ...DEFAULT_WARM_POOL, isPrefixDelegation: true, source: 'aws-node' });
    expect(warnings.map((w) => w.message)).toEqual([
      'WARM_ENI_TARGET=one is not a non-negative integer',
      'MINIMUM_IP_TARGET has no literal value (valueFrom?)',
    ]);
    expect(usesIpTargets(value)).toBe(false);
  });

  it('gives the defaults with a warning for anything else', () => {
    for (const text of [
      '',
      'error: daemonsets.apps "aws-node" not found',
      '{"kind":"Pod"}',
      '[]',
    ]) {
      const { value, warnings } = parseAwsNodeWarmPool(text);
      expect(value).toEqual(DEFAULT_WARM_POOL);
      expect(warnings).toHaveLength(1);
    }
  });
});
