/**
 * The built-in demo lab: a simulated EKS cluster (`myeks`, AWS VPC CNI, kube-proxy in iptables
 * mode) with an operator host and three worker nodes that answer lab commands in the exact
 * formats of the real tools. It opens on first start, with nothing configured.
 */
import type { Host } from '../hosts/host';
import { DemoHost, type DemoHostOptions } from './host/demo-host';
import { nodeInstances } from './model/workloads';
import { ClusterStore } from './model/store';

export { DemoHost, type DemoHostOptions } from './host/demo-host';
export { ClusterStore } from './model/store';
export type { Cluster } from './model/types';
export { DEFAULT_SEED } from './model/build';
export type { ScaleResult } from './model/workloads';

export interface DemoWorkspaceInfo {
  id: 'demo';
  name: string;
  kind: 'demo';
  description: string;
}

export interface DemoLab {
  workspace: DemoWorkspaceInfo;
  /** operator, node1, node2, node3, in that order. */
  hosts: Host[];
  /** The one model every host's output is derived from; `scaleDeployment` drives it. */
  model: ClusterStore;
}

export interface DemoLabOptions extends DemoHostOptions {
  /** Any seed gives a complete lab with different ids and addresses. */
  seed?: number;
  /** The clock (default `Date.now`); tests pass a fixed one. */
  clock?: () => number;
}

/** Builds the demo lab: its cluster model and one simulated host per EC2 instance. */
export function createDemoLab(options: DemoLabOptions = {}): DemoLab {
  const model = ClusterStore.create({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const cluster = model.cluster;
  const operator = cluster.instances.find((i) => i.role === 'operator');
  const ordered = [...(operator ? [operator] : []), ...nodeInstances(cluster)];
  const hostOptions = options.latencyMs ? { latencyMs: options.latencyMs } : {};
  const hosts = ordered.map(
    (inst) =>
      new DemoHost(
        {
          id: inst.hostId,
          name: inst.hostId,
          role: inst.role,
          address: inst.privateIp,
          user: 'ec2-user',
          tags: [inst.role === 'operator' ? 'operator' : cluster.name, inst.availabilityZone],
        },
        model,
        hostOptions,
      ),
  );
  return {
    workspace: {
      id: 'demo',
      name: 'Demo lab (myeks)',
      kind: 'demo',
      description:
        'A simulated EKS cluster with the AWS VPC CNI: three t3.medium nodes in ap-northeast-2a/b/c, ' +
        'an operator host across a VPC peering, CoreDNS and an nginx Deployment. Scale nginx and watch ENIs attach.',
    },
    hosts,
    model,
  };
}
