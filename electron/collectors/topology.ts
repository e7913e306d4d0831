import { quote } from 'shell-quote';
import { limitsFor } from '../../shared/data/eni-limits';
import { parseAwsNodeWarmPool, type WarmPoolSettings } from '../../shared/model/eni-warm-pool';
import type { CollectWarning } from '../../shared/model/lab-overview';
import type { Topology } from '../../shared/model/topology';
import { KUBE_CONTEXT_PATTERN } from '../../shared/model/workspace';
import { mergeTopology, SOURCE, type OperatorFacts } from '../../shared/model/topology-merge';
import {
  parseDescribeInstances,
  parseDescribeNetworkInterfaces,
  parseDescribeSubnets,
  parseDescribeVpcPeeringConnections,
  parseDescribeVpcs,
} from '../../shared/parsers/aws';
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import type { Parsed } from '../../shared/parsers/parse-result';
import type { Host } from '../hosts/host';
import { readNodeFacts } from './topology-node';
import { readSource } from './run';

/**
 * Where the cluster-wide sources run when not all on the operator host. The hosts are just
 * `Host`s: this machine, an SSH host, a node reached through `minikube ssh` — the collector does
 * not care which.
 */
export interface TopologySources {
  /** The host that runs `kubectl` (this machine, for minikube); default the operator host. */
  kubectl?: { host: Host; context?: string };
}

/** `kubectl get …` with `--context NAME` put first, the name quoted. */
export function withContext(command: string, context: string | undefined): string {
  if (context === undefined) return command;
  if (!KUBE_CONTEXT_PATTERN.test(context))
    throw new Error(`not a kubeconfig context name: "${context}"`);
  return command.replace(/^kubectl /, `kubectl --context ${quote([context])} `);
}

/**
 * Collects the live topology from the workspace's hosts, all hosts in parallel: `aws ec2
 * describe-…` on the operator host, `kubectl get … -o json` there too unless `sources` names
 * another host for it; `ip -j`, instance metadata and ipamd on each node. Each source is
 * optional: what one could not tell is a warning in `warnings`, never a failure of the whole.
 */
export async function collectTopology(
  workspaceId: string,
  hosts: readonly Host[],
  sources: TopologySources = {},
): Promise<Topology> {
  const started = performance.now();
  const warnings: CollectWarning[] = [];
  const operator = hosts.find((h) => h.description.role === 'operator');
  const nodeHosts = hosts.filter((h) => h.description.role === 'node');
  const kubectl = sources.kubectl ?? (operator ? { host: operator } : undefined);
  const owner = operator ?? kubectl?.host;
  const [operatorFacts, nodes] = await Promise.all([
    owner ? readOperatorFacts(owner, operator, kubectl, warnings) : Promise.resolve(undefined),
    Promise.all(nodeHosts.map((host) => readNodeFacts(host, warnings))),
  ]);
  // Told where kubectl runs and given no operator (minikube, kind): no AWS to ask, no warning.
  if (!operator && !sources.kubectl)
    warnings.push({
      source: 'operator',
      message: 'no operator host in this workspace: VPCs, instances and pods are unknown',
    });
  return mergeTopology({
    workspaceId,
    collectedAt: new Date().toISOString(),
    durationMs: performance.now() - started,
    ...(operatorFacts ? { operator: operatorFacts } : {}),
    nodes,
    warnings,
    // The VPC CNI's table shipped as app data: the reason a node fills up.
    limitsOf: limitsFor,
  });
}

/**
 * The cluster-wide sources, each its own exec so one slow `aws` call does not hold the others:
 * `aws` on the operator, `kubectl` where it runs. Without an operator the facts carry the kubectl
 * host as theirs (it is what the user works from).
 */
async function readOperatorFacts(
  owner: Host,
  operator: Host | undefined,
  kubectl: { host: Host; context?: string } | undefined,
  warnings: CollectWarning[],
): Promise<OperatorFacts> {
  const aws = <T>(source: string, parse: (text: string) => Parsed<T>) =>
    operator
      ? readSource(operator, source, `${source} --output json`, parse, warnings)
      : Promise.resolve(undefined);
  const kube = <T>(source: string, parse: (text: string) => Parsed<T>, into = warnings) =>
    kubectl
      ? readSource(kubectl.host, source, withContext(source, kubectl.context), parse, into)
      : Promise.resolve(undefined);
  const [vpcs, subnets, peerings, instances, enis, kubeObjects, warmPool] = await Promise.all([
    aws(SOURCE.vpcs, parseDescribeVpcs),
    aws(SOURCE.subnets, parseDescribeSubnets),
    aws(SOURCE.peerings, parseDescribeVpcPeeringConnections),
    aws(SOURCE.instances, parseDescribeInstances),
    aws(SOURCE.enis, parseDescribeNetworkInterfaces),
    kube(SOURCE.kubectl, parseKubectlJson),
    readWarmPool((into) => kube(SOURCE.awsNode, parseAwsNodeWarmPool, into), warnings),
  ]);
  const factsHost = ({ description: d }: Host) => ({ id: d.id, name: d.name, address: d.address });
  return {
    host: factsHost(owner),
    ...(kubectl && kubectl.host !== owner ? { kubeHost: factsHost(kubectl.host) } : {}),
    ...(vpcs ? { vpcs } : {}),
    ...(subnets ? { subnets } : {}),
    ...(peerings ? { peerings } : {}),
    ...(instances ? { instances } : {}),
    ...(enis ? { enis } : {}),
    ...(kubeObjects ? { kube: kubeObjects } : {}),
    ...(warmPool ? { warmPool } : {}),
  };
}

/**
 * The aws-node DaemonSet's warm-pool env. A cluster without the VPC CNI (Calico, Flannel) has no
 * aws-node: kubectl's NotFound is no failure there, just no warm pool to show.
 */
async function readWarmPool(
  read: (into: CollectWarning[]) => Promise<WarmPoolSettings | undefined>,
  warnings: CollectWarning[],
): Promise<WarmPoolSettings | undefined> {
  const own: CollectWarning[] = [];
  const value = await read(own);
  warnings.push(...own.filter((w) => !/\(NotFound\)/.test(w.message)));
  return value;
}
