import type { Command } from 'commander';
import type { Topology, TopologyEni, TopologyNode } from '../../shared/model/topology';
import {
  openTopologySource,
  withTargetOptions,
  type Output,
  type TopologyDeps,
  type TopologyFlags,
} from './topology-source';

export type { TopologyDeps, TopologyFlags } from './topology-source';

/** One ENI as `kubelab topology --json` prints it (the names: `interface`, …). */
export interface TopologyJsonEni {
  id?: string;
  deviceNumber?: number;
  interface?: string;
  mac?: string;
  primaryIp?: string;
  subnetId?: string;
  secondaryIps: string[];
  slots: { address: string; state: string; pod?: string }[];
}

/**
 * `kubelab topology`: collects the topology once, from a workspace of the backend (`--target`)
 * or from hosts named by an ssh config, and prints it. Exit 0; 1 when a source failed (what was
 * collected is still printed, warnings on stderr); 2 on bad usage.
 */
export async function runTopology(
  flags: TopologyFlags,
  out: Output,
  deps: TopologyDeps,
): Promise<number> {
  const source = openTopologySource(flags, out, deps, 'kubelab topology');
  if (typeof source === 'number') return source;
  let topology: Topology;
  try {
    const collected = await source.collect();
    if (!collected.ok) {
      out.stderr(`kubelab topology: ${collected.message}\n`);
      return 2;
    }
    topology = collected.value;
  } finally {
    source.close();
  }
  for (const w of topology.warnings)
    out.stderr(`kubelab topology: warning: ${w.hostId ?? '-'} ${w.source}: ${w.message}\n`);
  out.stdout(flags.json ? JSON.stringify(toJson(topology), null, 2) + '\n' : summary(topology));
  return topology.warnings.length > 0 ? 1 : 0;
}

function eniJson(e: TopologyEni): TopologyJsonEni {
  return {
    ...(e.id === undefined ? {} : { id: e.id }),
    ...(e.deviceNumber === undefined ? {} : { deviceNumber: e.deviceNumber }),
    ...(e.interfaceName === undefined ? {} : { interface: e.interfaceName }),
    ...(e.mac === undefined ? {} : { mac: e.mac }),
    ...(e.primaryIp === undefined ? {} : { primaryIp: e.primaryIp }),
    ...(e.subnetId === undefined ? {} : { subnetId: e.subnetId }),
    secondaryIps: e.secondaryIps,
    slots: e.slots.map((s) => ({
      address: s.address,
      state: s.state,
      ...(s.pod ? { pod: `${s.pod.namespace}/${s.pod.name}` } : {}),
    })),
  };
}

function nodeJson({ enis, sources: _, nodeName, ...rest }: TopologyNode) {
  return {
    ...rest,
    ...(nodeName === undefined ? {} : { name: nodeName }),
    enis: enis.map(eniJson),
  };
}

/** The model in the CLI's JSON shape: the field names, sources left out for brevity. */
export function toJson(t: Topology) {
  const strip = <T extends { sources: string[] }>({ sources: _, ...rest }: T) => rest;
  return {
    workspaceId: t.workspaceId,
    collectedAt: t.collectedAt,
    durationMs: Math.round(t.durationMs),
    vpcs: t.vpcs.map(strip),
    subnets: t.subnets.map(strip),
    peerings: t.peerings.map(strip),
    ...(t.operator ? { operator: strip(t.operator) } : {}),
    ...(t.warmPool ? { warmPool: strip(t.warmPool) } : {}),
    nodes: t.nodes.map(nodeJson),
    pods: t.pods.map((p) => ({
      namespace: p.namespace,
      name: p.name,
      ...(p.ip === undefined ? {} : { ip: p.ip }),
      ...(p.nodeName === undefined ? {} : { node: p.nodeName }),
      ...(p.eniId === undefined ? {} : { eni: p.eniId }),
      ...(p.hostVeth === undefined ? {} : { hostVeth: p.hostVeth }),
      ...(p.owner === undefined ? {} : { owner: p.owner }),
      ...(p.phase === undefined ? {} : { phase: p.phase }),
      hostNetwork: p.isHostNetwork,
    })),
    services: t.services.map(strip),
    warnings: t.warnings,
  };
}

/** A short readable picture: VPCs and peering, then each node's ENIs with used and warm slots. */
export function summary(t: Topology): string {
  const lines: string[] = [];
  for (const v of t.vpcs) lines.push(`${v.id} ${v.name ?? ''} ${v.cidrs.join(' ')}`.trim());
  for (const p of t.peerings)
    lines.push(`${p.id} ${p.requesterVpcId} ↔ ${p.accepterVpcId} ${p.status ?? ''}`.trim());
  if (t.operator)
    lines.push(
      `operator ${t.operator.hostId} ${t.operator.privateIp ?? '?'} in ${t.operator.vpcId ?? '?'}`,
    );
  for (const n of t.nodes) {
    const what = [n.nodeName ?? '?', n.instanceId, n.instanceType, n.primaryIp].filter(Boolean);
    lines.push(`${n.hostId}: ${what.join(' ')}`);
    for (const e of n.enis) {
      const used = e.slots.filter((s) => s.state === 'assigned').length;
      const warm = e.slots.filter((s) => s.state === 'warm').length;
      lines.push(
        `  ${e.id ?? '?'} dev ${e.deviceNumber ?? '?'} ${e.interfaceName ?? '?'} ${e.mac ?? '?'} ${e.primaryIp ?? '?'}: ${used} assigned, ${warm} warm`,
      );
    }
  }
  const placed = t.pods.filter((p) => p.eniId).length;
  lines.push(`${t.pods.length} pods, ${placed} on an ENI slot, ${t.warnings.length} warnings`);
  return lines.join('\n') + '\n';
}

/** Registers `kubelab topology` on the program. */
export function registerTopologyCommand(
  program: Command,
  out: Output,
  deps: () => TopologyDeps,
): void {
  withTargetOptions(
    program
      .command('topology')
      .description('Collect VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP ← pod once and print it.'),
  )
    .option(
      '--json',
      'print { vpcs, subnets, peerings, operator, warmPool, nodes, pods, services, warnings }',
      false,
    )
    .addHelpText(
      'after',
      '\nExit 0; 1 when a source failed (the rest is printed, warnings on stderr); 2 on bad usage.\n\n' +
        'Examples:\n  kubelab topology --target demo --json\n' +
        '  kubelab topology --ssh-config ~/.ssh/config --operator bastion --nodes node1,node2 --json\n' +
        '  kubelab topology --kubectl local --context minikube --minikube-nodes minikube,minikube-m02\n',
    )
    .action(async (opts: TopologyFlags) => {
      process.exitCode = await runTopology(opts, out, deps());
    });
}
