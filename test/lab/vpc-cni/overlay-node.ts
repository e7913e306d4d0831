/**
 * An overlay-CNI node built in a node namespace of the bastion topology: Flannel's plumbing (the
 * `cni0` bridge with a veth per pod, the `flannel.1` VXLAN device holding the node's pod network
 * address) and a Calico workload beside it (`vxlan.calico`, a `cali…` veth with its /32 route).
 * Real kernel devices; the expectations are read back from the namespaces, not restated.
 */
import { createHash } from 'node:crypto';
import { createNetns, type Netns } from '../netns';

export interface OverlayPod {
  name: string;
  ip: string;
  hostVeth: string;
  ns: Netns;
  /** Bridged (Flannel) or routed (Calico). */
  isCalico: boolean;
}

export interface OverlayNode {
  podCidr: string;
  pods: OverlayPod[];
  destroy(): void;
}

const hex = (seed: string, n: number) => createHash('sha1').update(seed).digest('hex').slice(0, n);

/** Plumbs the node namespace `node` whose ens5 has `address`. */
export function buildOverlayNode(node: Netns, address: string): OverlayNode {
  const namespaces: Netns[] = [];
  const destroy = () => {
    for (const ns of namespaces.splice(0)) ns.destroy();
  };
  try {
    const run = (args: string[]) => node.run('ip', args);
    run(['link', 'add', 'cni0', 'type', 'bridge']);
    run(['addr', 'add', '10.244.1.1/24', 'dev', 'cni0']);
    run(['link', 'set', 'cni0', 'up']);
    run([
      'link',
      'add',
      'flannel.1',
      'type',
      'vxlan',
      'id',
      '1',
      'local',
      address,
      'dstport',
      '8472',
      'nolearning',
    ]);
    run(['addr', 'add', '10.244.1.0/32', 'dev', 'flannel.1']);
    run(['link', 'set', 'flannel.1', 'up']);
    run(['link', 'add', 'vxlan.calico', 'type', 'vxlan', 'id', '4096', 'dstport', '4789']);
    run(['addr', 'add', '10.244.1.192/32', 'dev', 'vxlan.calico']);
    run(['link', 'set', 'vxlan.calico', 'up']);
    const pods: OverlayPod[] = [];
    const specs = [
      { name: 'web-7d4b9c8f6d-2xk9p', ip: '10.244.1.2', isCalico: false },
      { name: 'web-7d4b9c8f6d-q8m4z', ip: '10.244.1.3', isCalico: false },
      { name: 'api-5c9d7b6f48-h2n7w', ip: '10.244.1.200', isCalico: true },
    ];
    for (const spec of specs) {
      const ns = createNetns();
      namespaces.push(ns);
      // The bridge plugin names veths `veth` + 8 hex; Calico `cali` + 11 hex.
      const hostVeth = spec.isCalico ? `cali${hex(spec.name, 11)}` : `veth${hex(spec.name, 8)}`;
      run(['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.name]);
      if (spec.isCalico) {
        run(['link', 'set', hostVeth, 'up']);
        run(['route', 'add', spec.ip, 'dev', hostVeth, 'scope', 'link']);
        ns.run('ip', ['addr', 'add', `${spec.ip}/32`, 'dev', 'eth0']);
      } else {
        run(['link', 'set', hostVeth, 'master', 'cni0', 'up']);
        ns.run('ip', ['addr', 'add', `${spec.ip}/24`, 'dev', 'eth0']);
      }
      ns.run('ip', ['link', 'set', 'eth0', 'up']);
      pods.push({ ...spec, hostVeth, ns });
    }
    return { podCidr: '10.244.1.0/24', pods, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}

/** The cluster's objects for the lab's kubectl: the node with its podCIDR, and its pods. */
export function overlayKube(
  nodeName: string,
  address: string,
  overlay: OverlayNode,
): Record<string, unknown[]> {
  const meta = (name: string, namespace?: string) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `${hex(name, 8)}-0000-4000-8000-${hex(name, 12)}`,
  });
  return {
    Node: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: meta(nodeName),
        spec: { podCIDR: overlay.podCidr, podCIDRs: [overlay.podCidr] },
        status: {
          addresses: [
            { address, type: 'InternalIP' },
            { address: nodeName, type: 'Hostname' },
          ],
        },
      },
    ],
    Pod: overlay.pods.map((p) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(p.name, 'default'),
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], nodeName },
      status: { phase: 'Running', podIP: p.ip, podIPs: [{ ip: p.ip }], hostIP: address },
    })),
    Service: [],
    EndpointSlice: [],
    DaemonSet: [],
  };
}
