/**
 * Where `kubelab topology` and `kubelab watch topology` collect from: a workspace of the backend
 * (`--target`, the same `lab:topology` request the UI sends) or the hosts an ssh config names
 * (`--ssh-config … --operator HOST --nodes a,b,c`). Opened once, collected as often as needed —
 * over SSH every poll reuses the pooled connections — and closed once.
 */
import type { Command } from 'commander';
import type { Topology } from '../../shared/model/topology';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { collectTopology } from '../collectors/topology';
import type { Session } from '../core/backend';
import type { Host } from '../hosts/host';
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
    .option(
      '--nodes <a,b,c>',
      'with --ssh-config: the worker nodes, comma-separated',
      (v: string) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    );
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
  if (flags.sshConfig !== undefined) {
    if (flags.target !== undefined)
      return usage(note, '--target and --ssh-config exclude each other');
    if (flags.operator === undefined && (flags.nodes ?? []).length === 0)
      return usage(note, 'with --ssh-config, name the --operator host and/or --nodes');
    return sshSource(flags, flags.sshConfig, note, deps);
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

function sshSource(
  flags: TopologyFlags,
  sshConfig: string,
  note: (line: string) => void,
  deps: TopologyDeps,
): TopologySource | number {
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
  const named: [string, 'operator' | 'node'][] = [
    ...(flags.operator === undefined ? [] : [[flags.operator, 'operator'] as [string, 'operator']]),
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
      pool.closeAll();
      return 2;
    }
  }
  return {
    collect: async () => ({ ok: true, value: await collectTopology('ssh', hosts) }),
    close: () => pool.closeAll(),
  };
}
