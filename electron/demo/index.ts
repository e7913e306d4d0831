/**
 * The built-in demo labs: a simulated EKS cluster (`myeks`, AWS VPC CNI, kube-proxy in iptables
 * mode) with an operator host and three worker nodes that answer lab commands in the exact
 * formats of the real tools (it opens on first start, with nothing configured), and the same
 * lab on minikube with Calico and on kubeadm with Flannel (`DEMO_LABS`).
 */
import type { Host } from '../hosts/host';
import { DemoHost, type DemoHostOptions } from './host/demo-host';
import { overlayUser, type OverlayKind } from './model/build-overlay';
import { nodeInstances } from './model/workloads';
import { ClusterStore } from './model/store';

export { DemoHost, type DemoHostOptions } from './host/demo-host';
export { ClusterStore } from './model/store';
export type { Cluster } from './model/types';
export { DEFAULT_SEED } from './model/build';
export type { ScaleResult } from './model/workloads';

export type DemoVariant = 'eks' | OverlayKind;

export interface DemoWorkspaceInfo {
  /** `demo`, `demo-calico` or `demo-flannel`: what `--target` names. */
  id: string;
  name: string;
  kind: 'demo';
  description: string;
}

/**
 * Every demo lab, in the order the app lists them: the one place workspace ids (the CLI's
 * `--target`) map to variants.
 */
export const DEMO_LABS: readonly (DemoWorkspaceInfo & { variant: DemoVariant })[] = [
  {
    id: 'demo',
    variant: 'eks',
    name: 'Demo lab (myeks)',
    kind: 'demo',
    description:
      'A simulated EKS cluster with the AWS VPC CNI: three t3.medium nodes in ap-northeast-2a/b/c, ' +
      'an operator host across a VPC peering, CoreDNS and an nginx Deployment. Scale nginx and watch ENIs attach.',
  },
  {
    id: 'demo-calico',
    variant: 'calico',
    name: 'Demo lab (minikube, Calico)',
    kind: 'demo',
    description:
      'A simulated three-node minikube cluster with Calico in IPIP mode: a /24 block per node, ' +
      'cali… veths with /32 routes, other nodes’ blocks through tunl0; kube-proxy in iptables mode.',
  },
  {
    id: 'demo-flannel',
    variant: 'flannel',
    name: 'Demo lab (kubeadm, Flannel)',
    kind: 'demo',
    description:
      'A simulated three-node kubeadm cluster with Flannel VXLAN: spec.podCIDR 10.244.N.0/24 per node, ' +
      'the cni0 bridge with its veths, flannel.1 to the other nodes; kube-proxy in iptables mode.',
  },
];

/** The demo workspace ids, in listing order (`demo`, `demo-calico`, `demo-flannel`). */
export const DEMO_WORKSPACE_IDS: readonly string[] = DEMO_LABS.map((l) => l.id);

/** For `--target` help texts: `demo labs: demo, demo-calico, demo-flannel`. */
export const DEMO_TARGETS_HELP = `demo labs: ${DEMO_WORKSPACE_IDS.join(', ')}`;

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
  /** Which cluster (default `eks`, the `myeks` lab). */
  variant?: DemoVariant;
}

/** Builds the demo lab: its cluster model and one simulated host per EC2 instance. */
export function createDemoLab(options: DemoLabOptions = {}): DemoLab {
  const variant = options.variant ?? 'eks';
  const info = DEMO_LABS.find((l) => l.variant === variant);
  if (!info) throw new Error(`no demo lab ${variant}`);
  const model = ClusterStore.create({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(variant === 'eks' ? {} : { overlay: variant }),
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
          user: variant === 'eks' ? 'ec2-user' : overlayUser(variant),
          tags:
            variant === 'eks'
              ? [inst.role === 'operator' ? 'operator' : cluster.name, inst.availabilityZone]
              : [inst.role === 'operator' ? 'operator' : cluster.name, variant],
        },
        model,
        hostOptions,
      ),
  );
  const { variant: _variant, ...workspace } = info;
  return {
    workspace,
    hosts,
    model,
  };
}
