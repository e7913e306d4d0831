import { limitsFor } from '../../shared/data/eni-limits';
import { parseAwsNodeWarmPool, type WarmPoolSettings } from '../../shared/model/eni-warm-pool';
import type { CollectWarning } from '../../shared/model/lab-overview';
import type { Topology } from '../../shared/model/topology';
import { mergeTopology, SOURCE, type OperatorFacts } from '../../shared/model/topology-merge';
import {
  parseDescribeInstances,
  parseDescribeNetworkInterfaces,
  parseDescribeSubnets,
  parseDescribeVpcPeeringConnections,
  parseDescribeVpcs,
} from '../../shared/parsers/aws';
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import type { Host } from '../hosts/host';
import { readNodeFacts } from './topology-node';
import { readSource } from './run';

/**
 * Collects the live topology from the workspace's hosts, all hosts in parallel: `aws ec2
 * describe-…` and `kubectl get … -o json` on the operator host; `ip -j`, instance metadata and
 * ipamd on each node. Each source is optional: what one could not tell is a warning in
 * `warnings`, never a failure of the whole.
 */
export async function collectTopology(
  workspaceId: string,
  hosts: readonly Host[],
): Promise<Topology> {
  const started = performance.now();
  const warnings: CollectWarning[] = [];
  const operator = hosts.find((h) => h.description.role === 'operator');
  const nodeHosts = hosts.filter((h) => h.description.role === 'node');
  const [operatorFacts, nodes] = await Promise.all([
    operator ? readOperatorFacts(operator, warnings) : Promise.resolve(undefined),
    Promise.all(nodeHosts.map((host) => readNodeFacts(host, warnings))),
  ]);
  if (!operator)
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

/** The operator's sources, each its own exec so one slow `aws` call does not hold the others. */
async function readOperatorFacts(host: Host, warnings: CollectWarning[]): Promise<OperatorFacts> {
  const aws = (command: string) => `${command} --output json`;
  const [vpcs, subnets, peerings, instances, enis, kube, warmPool] = await Promise.all([
    readSource(host, SOURCE.vpcs, aws(SOURCE.vpcs), parseDescribeVpcs, warnings),
    readSource(host, SOURCE.subnets, aws(SOURCE.subnets), parseDescribeSubnets, warnings),
    readSource(
      host,
      SOURCE.peerings,
      aws(SOURCE.peerings),
      parseDescribeVpcPeeringConnections,
      warnings,
    ),
    readSource(host, SOURCE.instances, aws(SOURCE.instances), parseDescribeInstances, warnings),
    readSource(host, SOURCE.enis, aws(SOURCE.enis), parseDescribeNetworkInterfaces, warnings),
    readSource(host, SOURCE.kubectl, SOURCE.kubectl, parseKubectlJson, warnings),
    readWarmPool(host, warnings),
  ]);
  const d = host.description;
  return {
    host: { id: d.id, name: d.name, address: d.address },
    ...(vpcs ? { vpcs } : {}),
    ...(subnets ? { subnets } : {}),
    ...(peerings ? { peerings } : {}),
    ...(instances ? { instances } : {}),
    ...(enis ? { enis } : {}),
    ...(kube ? { kube } : {}),
    ...(warmPool ? { warmPool } : {}),
  };
}

/**
 * The aws-node DaemonSet's warm-pool env. A cluster without the VPC CNI (Calico, Flannel) has no
 * aws-node: kubectl's NotFound is no failure there, just no warm pool to show.
 */
async function readWarmPool(
  host: Host,
  warnings: CollectWarning[],
): Promise<WarmPoolSettings | undefined> {
  const own: CollectWarning[] = [];
  const value = await readSource(host, SOURCE.awsNode, SOURCE.awsNode, parseAwsNodeWarmPool, own);
  warnings.push(...own.filter((w) => !/\(NotFound\)/.test(w.message)));
  return value;
}
