import type { Command } from 'commander';
import type { Topology, TopologyEni, TopologyNode } from '../../shared/model/topology';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { collectTopology } from '../collectors/topology';
import type { Session } from '../core/backend';
import type { Host } from '../hosts/host';
import { SshHost, SshPool, type Prompter } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig, type SshConfig } from '../ssh-config';

type Output = { stdout: (s: string) => void; stderr: (s: string) => void };

export interface TopologyFlags {
  target?: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  operator?: string;
  nodes?: string[];
  json: boolean;
}

export interface TopologyDeps {
  /** A backend session for `--target` (the same `lab:topology` request the UI sends). */
  openSession: () => { session: Session; close: () => void };
  prompter: Prompter;
  homeDir?: string;
  agent?: string;
}

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
  const usage = (message: string) => {
    out.stderr(`kubelab topology: ${message}\n`);
    return 2;
  };
  let topology: Topology;
  if (flags.sshConfig !== undefined) {
    if (flags.target !== undefined) return usage('--target and --ssh-config exclude each other');
    if (flags.operator === undefined && (flags.nodes ?? []).length === 0)
      return usage('with --ssh-config, name the --operator host and/or --nodes');
    const collected = await collectOverSsh(flags, flags.sshConfig, out, deps);
    if (typeof collected === 'number') return collected;
    topology = collected;
  } else {
    if (flags.knownHosts !== undefined || flags.acceptNew)
      return usage('--known-hosts and --accept-new need --ssh-config');
    if (flags.operator !== undefined || flags.nodes !== undefined)
      return usage('--operator and --nodes need --ssh-config (a --target names its own hosts)');
    const { session, close } = deps.openSession();
    try {
      const reply = await session.handle('lab:topology', {
        workspaceId: flags.target ?? DEMO_WORKSPACE_ID,
      });
      if (!reply.ok) return usage(reply.error.message);
      topology = reply.value as Topology;
    } finally {
      close();
    }
  }
  for (const w of topology.warnings)
    out.stderr(`kubelab topology: warning: ${w.hostId ?? '-'} ${w.source}: ${w.message}\n`);
  out.stdout(flags.json ? JSON.stringify(toJson(topology), null, 2) + '\n' : summary(topology));
  return topology.warnings.length > 0 ? 1 : 0;
}

async function collectOverSsh(
  flags: TopologyFlags,
  sshConfig: string,
  out: Output,
  deps: TopologyDeps,
): Promise<Topology | number> {
  const note = (line: string) => out.stderr(`kubelab topology: ${line}\n`);
  let config: SshConfig;
  try {
    config = loadSshConfig({
      configPath: sshConfig,
      ...(deps.homeDir ? { homeDir: deps.homeDir } : {}),
    });
  } catch (cause) {
    note(cause instanceof Error ? cause.message : String(cause));
    return 2;
  }
  const verifier = createHostKeyVerifier({
    files: flags.knownHosts
      ? [flags.knownHosts]
      : defaultKnownHostsFiles(process.env, deps.homeDir),
    saveTo: flags.knownHosts ?? kubelabKnownHostsFile(process.env, deps.homeDir),
    policy: flags.acceptNew ? 'accept-new' : 'strict',
    prompter: deps.prompter,
    log: note,
  });
  const pool = new SshPool({
    verifier,
    prompter: deps.prompter,
    ...(deps.agent ? { agent: deps.agent } : {}),
  });
  try {
    const named: [string, 'operator' | 'node'][] = [
      ...(flags.operator === undefined
        ? []
        : [[flags.operator, 'operator'] as [string, 'operator']]),
      ...(flags.nodes ?? []).map((n): [string, 'node'] => [n, 'node']),
    ];
    const hosts: Host[] = [];
    for (const [name, role] of named) {
      try {
        const resolution = config.resolve(name);
        for (const w of resolution.warnings) note(formatWarning(w));
        const target = resolution.target;
        hosts.push(
          new SshHost(
            { id: name, name, role, address: target.host, user: target.user, tags: [] },
            target,
            pool,
          ),
        );
      } catch (cause) {
        note(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`);
        return 2;
      }
    }
    return await collectTopology('ssh', hosts);
  } finally {
    pool.closeAll();
  }
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
  program
    .command('topology')
    .description('Collect VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP ← pod once and print it.')
    .option('--target <workspace>', `workspace to collect (default ${DEMO_WORKSPACE_ID})`)
    .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
    .option('--known-hosts <file>', 'with --ssh-config: read and save host keys here')
    .option('--accept-new', 'with --ssh-config: accept and save unknown host keys', false)
    .option('--operator <host>', 'with --ssh-config: the host that runs aws and kubectl')
    .option(
      '--nodes <a,b,c>',
      'with --ssh-config: the worker nodes, comma-separated',
      (v: string) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
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
        '  kubelab topology --ssh-config ~/.ssh/config --operator bastion --nodes node1,node2 --json\n',
    )
    .action(async (opts: TopologyFlags) => {
      process.exitCode = await runTopology(opts, out, deps());
    });
}
