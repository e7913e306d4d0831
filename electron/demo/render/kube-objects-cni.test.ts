import { describe, expect, it } from 'vitest';
import { parseAwsNodeWarmPool } from '../../../shared/model/eni-warm-pool';
import { buildCluster } from '../model/build';
import { daemonSetObject } from './kube-objects';

describe('the aws-node DaemonSet of the demo', () => {
  it('carries the WARM_ENI_TARGET its ipamd plays, whatever the model says', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const cluster = buildCluster({ now });
    const ds = cluster.daemonSets.find((d) => d.name === 'aws-node');
    if (!ds) throw new Error('no aws-node DaemonSet in the demo');
    const read = (warmEniTarget: number) =>
      parseAwsNodeWarmPool(
        JSON.stringify(
          daemonSetObject({ ...cluster, cni: { ...cluster.cni, warmEniTarget } }, ds, now),
        ),
      );
    expect(read(cluster.cni.warmEniTarget)).toEqual({
      value: {
        warmEniTarget: cluster.cni.warmEniTarget,
        isPrefixDelegation: false,
        source: 'aws-node',
      },
      warnings: [],
    });
    expect(read(2).value.warmEniTarget).toBe(2);
  });
});
