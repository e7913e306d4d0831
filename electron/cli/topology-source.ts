/**
 * Where `kubelab topology` and `kubelab watch topology` collect from: a workspace of the backend
 * (`--target`, the same `lab:topology` request the UI sends), or hosts named on the command line:
 * SSH hosts of an ssh config (`--ssh-config … --operator HOST --nodes a,b,c`), this machine's own
 * `kubectl` (`--kubectl local [--context NAME]`) and minikube nodes through `minikube ssh`
 * (`--minikube-nodes minikube,minikube-m02`). Opened once, collected as often as needed — over
 * SSH every poll reuses the pooled connections — and closed once.
 */
import type { Command } from 'commander';
import type { Topology } from '../../shared/model/topology';
import {
  DEMO_WORKSPACE_ID,
  KUBE_CONTEXT_PATTERN,
  type HostRole,
} from '../../shared/model/workspace';
import { collectTopology, type TopologySources } from '../collectors/topology';
import type { Session } from '../core/backend';
import type { Host } from '../hosts/host';
import { LocalHost, LOCAL_HOST_ID } from '../hosts/local-host';
import { minikubeHost, minikubeNodeProblem } from '../hosts/minikube-host';
import { SshHost, SshPool, type Prompter } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig, type SshConfig } from '../ssh-config';
import { DEMO_TARGETS_HELP } from '../demo';

export type Output = { stdout: (s: string) => void; stderr: (s: string) => void };

export interface TopologyFlags {
  target?: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  operator?: string;
  nodes?: string[];
  /** Where kubectl runs: `local` (this machine) or a host of the ssh config. */
  kubectl?: string;
  /** The kubeconfig context kubectl uses (`kubectl --context`). */
  context?: string;
  /** Nodes reached with `minikube ssh -n NODE`. */
  minikubeNodes?: string[];
  minikubeProfile?: string;
  json: boolean;
}

export interface TopologyDeps {
  /** A backend session for `--target` (the same `lab:topology` request the UI sends). */
  openSession: () => { session: Session; close: () => void };
  prompter: Prompter;
  homeDir?: string;
  agent?: string;
}

/** The options that name a source, shared by `kubelab topology` and `kubelab watch topology`. */
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function withTargetOptions(command: Command): Command {
  return command
    .option(
      '--target <workspace>',
      `workspace to collect (default ${DEMO_WORKSPACE_ID}; ${DEMO_TARGETS_HELP})`,
    )
    .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
    .option('--known-hosts <file>', 'with --ssh-config: read and save host keys here')
    .option('--accept-new', 'with --ssh-config: accept and save unknown host keys', false)
    .option('--operator <host>', 'with --ssh-config: the host that runs aws and kubectl')
    .option('--nodes <a,b,c>', 'with --ssh-config: the worker nodes, comma-separated', list)
    .option('--kubectl <where>', 'run kubectl here ("local") or on this ssh-config host')
    .option('--context <name>', 'the kubeconfig context kubectl uses (kubectl --context)')
    .option('--minikube-nodes <a,b>', 'nodes reached with `minikube ssh -n NODE`', list)
    .option('--minikube-profile <name>', 'with --minikube-nodes: the minikube profile (-p)');
}

/** One collection, or why the backend refused it (an unknown workspace, …). */
export type Collected = { ok: true; value: Topology } | { ok: false; message: string };

export interface TopologySource {
  collect(): Promise<Collected>;
  /** Closes the session or every SSH connection; safe to call twice, also mid-collection. */
  close(): void;
}

/**
 * Opens the source the flags name, or returns exit code 2 after printing why the flags do not
 * make one (`command` prefixes the messages).
 */
export function openTopologySource(
  flags: TopologyFlags,
  out: Output,
  deps: TopologyDeps,
  command: string,
): TopologySource | number {
  const note = (line: string) => out.stderr(`${command}: ${line}\n`);
  const isOwnHosts =
    flags.kubectl !== undefined ||
    flags.context !== undefined ||
    flags.minikubeNodes !== undefined ||
    flags.minikubeProfile !== undefined;
  if (flags.sshConfig !== undefined || isOwnHosts) {
    if (flags.target !== undefined)
      return usage(
        note,
        '--target names its own hosts: it excludes --ssh-config, --kubectl, --context and --minikube-nodes',
      );
    return hostsSource(flags, note, deps);
  }
  if (flags.knownHosts !== undefined || flags.acceptNew)
    return usage(note, '--known-hosts and --accept-new need --ssh-config');
  if (flags.operator !== undefined || flags.nodes !== undefined)
    return usage(note, '--operator and --nodes need --ssh-config (a --target names its own hosts)');
  const { session, close } = deps.openSession();
  let isClosed = false;
  return {
    async collect() {
      const reply = await session.handle('lab:topology', {
        workspaceId: flags.target ?? DEMO_WORKSPACE_ID,
      });
      return reply.ok
        ? { ok: true, value: reply.value as Topology }
        : { ok: false, message: reply.error.message };
    },
    close() {
      if (isClosed) return;
      isClosed = true;
      close();
    },
  };
}

function usage(note: (line: string) => void, message: string): number {
  note(message);
  return 2;
}

/** Why the host flags do not make a source, or undefined when they do. */
function hostFlagsProblem(flags: TopologyFlags): string | undefined {
  const sshNamed = flags.operator !== undefined || (flags.nodes ?? []).length > 0;
  const minikubeNodes = flags.minikubeNodes ?? [];
  if (flags.sshConfig === undefined) {
    if (sshNamed) return '--operator and --nodes need --ssh-config';
    if (flags.knownHosts !== undefined || flags.acceptNew)
      return '--known-hosts and --accept-new need --ssh-config';
    if (flags.kubectl !== undefined && flags.kubectl !== LOCAL_HOST_ID)
      return `--kubectl ${flags.kubectl}: a host other than "local" needs --ssh-config`;
  }
  if (!sshNamed && minikubeNodes.length === 0 && flags.kubectl === undefined)
    return flags.sshConfig === undefined
      ? 'name where kubectl runs (--kubectl local) and/or the --minikube-nodes'
      : 'with --ssh-config, name the --operator host and/or --nodes';
  if (flags.context !== undefined && !KUBE_CONTEXT_PATTERN.test(flags.context))
    return `--context: not a kubeconfig context name: "${flags.context}"`;
  if (flags.context !== undefined && flags.kubectl === undefined && flags.operator === undefined)
    return '--context needs kubectl somewhere: --kubectl local, or an --operator';
  if (flags.minikubeProfile !== undefined && minikubeNodes.length === 0)
    return '--minikube-profile needs --minikube-nodes';
  for (const node of minikubeNodes) {
    const problem = minikubeNodeProblem({
      node,
      ...(flags.minikubeProfile === undefined ? {} : { profile: flags.minikubeProfile }),
    });
    if (problem) return `--minikube-nodes: ${problem}`;
  }
  return undefined;
}

/** The hosts the flags name: SSH hosts (one pool), minikube nodes, and where kubectl runs. */
function hostsSource(
  flags: TopologyFlags,
  note: (line: string) => void,
  deps: TopologyDeps,
): TopologySource | number {
  const problem = hostFlagsProblem(flags);
  if (problem) return usage(note, problem);
  const ssh =
    flags.sshConfig === undefined ? undefined : sshHosts(flags, flags.sshConfig, note, deps);
  if (typeof ssh === 'number') return ssh;
  const hosts: Host[] = [...(ssh?.hosts ?? [])];
  const local: LocalHost[] = [];
  const profile = flags.minikubeProfile === undefined ? {} : { profile: flags.minikubeProfile };
  for (const node of flags.minikubeNodes ?? [])
    local.push(
      minikubeHost(
        { id: node, name: node, role: 'node', address: node, tags: [] },
        { node, ...profile },
      ),
    );
  hosts.push(...local);
  const context = flags.context === undefined ? {} : { context: flags.context };
  let sources: TopologySources = {};
  if (flags.kubectl === LOCAL_HOST_ID) {
    const machine = LocalHost.machine();
    local.push(machine);
    sources = { kubectl: { host: machine, ...context } };
  } else if (flags.kubectl !== undefined) {
    const host = ssh?.kubectl;
    if (!host) {
      ssh?.pool.closeAll();
      return usage(note, `--kubectl ${flags.kubectl}: no such host`);
    }
    sources = { kubectl: { host, ...context } };
  } else if (flags.operator !== undefined && flags.context !== undefined) {
    const operator = hosts.find((h) => h.description.role === 'operator');
    if (operator) sources = { kubectl: { host: operator, ...context } };
  }
  const workspaceId = flags.sshConfig === undefined ? LOCAL_HOST_ID : 'ssh';
  return {
    collect: async () => ({ ok: true, value: await collectTopology(workspaceId, hosts, sources) }),
    // Closing ends what still runs here too (a poll cut short by Ctrl-C), as closeAll does over SSH.
    close: () => {
      ssh?.pool.closeAll();
      for (const host of local) void host.close();
    },
  };
}

function sshHosts(
  flags: TopologyFlags,
  sshConfig: string,
  note: (line: string) => void,
  deps: TopologyDeps,
): { hosts: Host[]; kubectl?: Host; pool: SshPool } | number {
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
  // A kubectl host that is not the operator is 'other': it runs kubectl, not aws.
  const kubectlAlias =
    flags.kubectl !== undefined &&
    flags.kubectl !== LOCAL_HOST_ID &&
    flags.kubectl !== flags.operator &&
    !(flags.nodes ?? []).includes(flags.kubectl)
      ? flags.kubectl
      : undefined;
  const named: [string, HostRole][] = [
    ...(flags.operator === undefined ? [] : [[flags.operator, 'operator'] as [string, HostRole]]),
    ...(flags.nodes ?? []).map((n): [string, HostRole] => [n, 'node']),
    ...(kubectlAlias === undefined ? [] : [[kubectlAlias, 'other'] as [string, HostRole]]),
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
      pool.closeAll();
      return 2;
    }
  }
  const kubectl = hosts.find((h) => h.description.id === flags.kubectl);
  // The 'other' kubectl host is not part of the collected hosts (it has no node facts).
  return {
    hosts: hosts.filter((h) => h.description.role !== 'other'),
    ...(kubectl ? { kubectl } : {}),
    pool,
  };
}
