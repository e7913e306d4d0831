/**
 * EKS worker nodes as workspace hosts, found from the operator host: `kubectl get nodes -o json`
 * run there (where kubectl is configured), each node reached at its InternalIP as `ec2-user`
 * through the operator host — the study labs' bastion topology.
 */
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import type { SavedAuth, SavedHost } from '../../shared/model/saved-workspace';
import type { Host } from '../hosts/host';
import { makeHostId } from './ids';
import type { ImportResult } from './ssh-config-import';

export interface EksDiscoveryOptions {
  /** How to log in to the nodes; default ssh-agent (EKS nodes take the key pair's key). */
  auth?: SavedAuth;
  /** Default `ec2-user` (Amazon Linux). Bottlerocket or Ubuntu nodes need another. */
  user?: string;
  /** Ids already used in the workspace, so new ones do not clash. */
  takenIds?: Iterable<string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const KUBECTL_GET_NODES = 'kubectl get nodes -o json';

/** Runs `kubectl get nodes -o json` on `operator` and turns each node into a host. */
export async function discoverEksNodes(
  operator: Host,
  options: EksDiscoveryOptions = {},
): Promise<ImportResult> {
  const operatorId = operator.description.id;
  const result = await operator.exec(KUBECTL_GET_NODES, {
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.signal && { signal: options.signal }),
  });
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').at(-1) ?? '';
    return {
      hosts: [],
      warnings: [
        `${KUBECTL_GET_NODES} on ${operatorId} failed (exit ${result.exitCode ?? result.signal}): ${why}`,
      ],
    };
  }
  const parsed = parseKubectlJson(result.stdout);
  const warnings = parsed.warnings.map((w) => `kubectl output line ${w.line}: ${w.message}`);
  const taken = new Set(options.takenIds ?? [operatorId]);
  taken.add(operatorId);
  const hosts: SavedHost[] = [];
  for (const node of parsed.value.nodes) {
    const address = node.internalIPs[0];
    if (address === undefined) {
      warnings.push(`node ${node.name} has no InternalIP; skipped`);
      continue;
    }
    hosts.push({
      id: makeHostId(node.name, taken),
      name: node.name,
      role: 'node',
      address,
      port: 22,
      user: options.user ?? 'ec2-user',
      auth: options.auth ?? { kind: 'agent' },
      jumps: [operatorId],
      tags: [
        'eks',
        ...(node.zone ? [`zone:${node.zone}`] : []),
        ...(node.instanceType ? [`instance-type:${node.instanceType}`] : []),
        ...(node.instanceId ? [`instance:${node.instanceId}`] : []),
      ],
    });
  }
  if (parsed.value.nodes.length === 0 && warnings.length === 0)
    warnings.push(`${KUBECTL_GET_NODES} on ${operatorId} listed no nodes`);
  return { hosts, warnings };
}
