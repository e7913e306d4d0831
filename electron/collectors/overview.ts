import type {
  CollectWarning,
  Eni,
  IpSlot,
  LabOverview,
  NodeOverview,
  PodRef,
} from '../../shared/model/lab-overview';
import { parseIPv4 } from '../../shared/net/ipv4';
import type { KubeNode, KubeObjects, KubePod } from '../../shared/parsers/kubectl';
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import type { Host } from '../hosts/host';
import { readNodeSources, type NodeSources } from './node-sources';
import { readSource } from './run';

/**
 * Collects nodes → ENIs → IPs → pods from the workspace's hosts with the lab's own commands:
 * `kubectl get nodes|pods -o json` on the operator host; ipamd's `/v1/enis`, `ip -j addr`,
 * `ip -j route` and instance metadata on each node. Each source is optional: what one could not
 * tell is a warning beside the view.
 */
export async function collectOverview(
  workspaceId: string,
  hosts: readonly Host[],
): Promise<LabOverview> {
  const started = performance.now();
  const warnings: CollectWarning[] = [];
  const operator = hosts.find((h) => h.description.role === 'operator');
  const nodeHosts = hosts.filter((h) => h.description.role === 'node');

  const [cluster, nodeSources] = await Promise.all([
    operator ? readCluster(operator, warnings) : Promise.resolve(undefined),
    Promise.all(nodeHosts.map((host) => readNodeSources(host, warnings))),
  ]);
  if (!operator)
    warnings.push({
      source: 'kubectl',
      message: 'no operator host in this workspace: pod owners and node names are unknown',
    });

  const nodes = nodeHosts.map((host, i) =>
    assembleNode(host, nodeSources[i] ?? { imds: new Map() }, cluster),
  );
  return {
    workspaceId,
    collectedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    nodes,
    warnings,
  };
}

async function readCluster(
  operator: Host,
  warnings: CollectWarning[],
): Promise<KubeObjects | undefined> {
  const [nodes, pods] = await Promise.all([
    readSource(operator, 'kubectl', 'kubectl get nodes -o json', parseKubectlJson, warnings),
    readSource(operator, 'kubectl', 'kubectl get pods -A -o json', parseKubectlJson, warnings),
  ]);
  if (!nodes && !pods) return undefined;
  return {
    nodes: nodes?.nodes ?? [],
    pods: pods?.pods ?? [],
    services: [],
    endpointSlices: [],
    other: [],
  };
}

function assembleNode(
  host: Host,
  src: NodeSources,
  cluster: KubeObjects | undefined,
): NodeOverview {
  const primaryIp = primaryAddress(src) ?? host.description.address;
  const kubeNode = cluster?.nodes.find(
    (n) => n.internalIPs.includes(primaryIp) || n.name === host.description.name,
  );
  const vethByIp = new Map<string, string>();
  for (const route of src.routes ?? []) {
    // Per-pod routes: `<podIP> dev eni… scope link` (ip prints a /32 without its suffix).
    const ip = route.dst.replace(/\/32$/, '');
    if (route.dev?.startsWith('eni') && !ip.includes('/')) vethByIp.set(ip, route.dev);
  }
  const podsByIp = new Map<string, KubePod>();
  for (const pod of cluster?.pods ?? []) {
    if (pod.podIP && !pod.hostNetwork && pod.nodeName === kubeNode?.name)
      podsByIp.set(pod.podIP, pod);
  }
  const enis: Eni[] = (src.ipamd?.enis ?? [])
    .map((eni) => {
      const [mac, metadata] = [...src.imds].find(([, v]) => v.interfaceId === eni.id) ?? [];
      const deviceNumber = eni.deviceNumber ?? metadata?.deviceNumber;
      const link = mac ? src.links?.find((l) => l.mac === mac) : undefined;
      const primary = link?.addresses.find((a) => a.family === 'inet')?.address;
      const slots: IpSlot[] = primary ? [{ address: primary, state: 'primary' }] : [];
      for (const ip of [...eni.ips].sort(byAddress)) {
        const pod: PodRef | undefined = ip.pod ?? refOf(podsByIp.get(ip.address));
        const hostVeth = vethByIp.get(ip.address);
        slots.push({
          address: ip.address,
          state: ip.assigned ? 'assigned' : 'warm',
          ...(ip.assigned && pod ? { pod } : {}),
          ...(ip.assigned && hostVeth ? { hostVeth } : {}),
        });
      }
      return {
        id: eni.id,
        ...(deviceNumber === undefined ? {} : { deviceNumber }),
        isPrimary: eni.isPrimary ?? deviceNumber === 0,
        ...(link ? { interfaceName: link.ifname } : {}),
        ...(mac ? { mac } : {}),
        slots,
      };
    })
    .sort((a, b) => (a.deviceNumber ?? Infinity) - (b.deviceNumber ?? Infinity));

  return {
    hostId: host.description.id,
    ...(kubeNode ? nodeFacts(kubeNode) : {}),
    internalIp: primaryIp,
    enis,
    hostNetworkPods: (cluster?.pods ?? [])
      .filter((p) => p.hostNetwork && p.nodeName === kubeNode?.name)
      .map((p) => ({ namespace: p.namespace, name: p.name })),
  };
}

function nodeFacts(node: KubeNode): Pick<NodeOverview, 'nodeName' | 'instanceType' | 'zone'> {
  return {
    nodeName: node.name,
    ...(node.instanceType ? { instanceType: node.instanceType } : {}),
    ...(node.zone ? { zone: node.zone } : {}),
  };
}

function byAddress(a: { address: string }, b: { address: string }): number {
  return (parseIPv4(a.address) ?? 0) - (parseIPv4(b.address) ?? 0);
}

function refOf(pod: KubePod | undefined): PodRef | undefined {
  return pod ? { namespace: pod.namespace, name: pod.name } : undefined;
}

/** The node's primary private IP: the address of the interface of device number 0. */
function primaryAddress(src: NodeSources): string | undefined {
  const mac = [...src.imds].find(([, v]) => v.deviceNumber === 0)?.[0];
  const link = mac ? src.links?.find((l) => l.mac === mac) : undefined;
  return link?.addresses.find((a) => a.family === 'inet')?.address;
}
