/**
 * `kubelab hosts local WORKSPACE [--kubectl local|HOST] [--context NAME] [--minikube-nodes a,b
 * [--minikube-profile P]] [--clear]`: says in a saved workspace where kubectl runs and which nodes
 * are reached through `minikube ssh`, so the app and `--target WORKSPACE` use them. Validated by
 * the workspace schema; a file that cannot be read or is from a newer kubelab is left as it is.
 */
import type { Command } from 'commander';
import type { SavedWorkspace } from '../../shared/model/saved-workspace';
import { SAVED_WORKSPACE_VERSION } from '../../shared/model/saved-workspace';
import { Id, type KubectlPlacement } from '../../shared/model/workspace';
import { createWorkspaceStore, WorkspaceStoreError } from '../workspace-store';
import { LOCAL_HOST_ID } from '../hosts/local-host';

import type { Output } from './input';

export interface HostsLocalFlags {
  kubectl?: string;
  context?: string;
  minikubeNodes?: string[];
  minikubeProfile?: string;
  /** Drop both settings: kubectl back on the operator host, no minikube nodes. */
  clear: boolean;
}

/** The workspace with the flags applied (the store validates the result). */
export function applyLocalFlags(
  current: SavedWorkspace | undefined,
  id: string,
  flags: HostsLocalFlags,
): SavedWorkspace {
  const base: SavedWorkspace = current ?? {
    version: SAVED_WORKSPACE_VERSION,
    id,
    name: id,
    description: '',
    hosts: [],
  };
  if (flags.clear) {
    const { kubectl: _k, minikube: _m, ...rest } = base;
    return rest;
  }
  const context = flags.context === undefined ? {} : { context: flags.context };
  let kubectl: KubectlPlacement | undefined = base.kubectl;
  if (flags.kubectl === LOCAL_HOST_ID) kubectl = { on: 'local', ...context };
  else if (flags.kubectl !== undefined) kubectl = { on: 'host', hostId: flags.kubectl, ...context };
  else if (flags.context !== undefined && kubectl) kubectl = { ...kubectl, ...context };
  const nodes = flags.minikubeNodes?.map((node) => {
    const kept = base.minikube?.nodes.find((n) => n.node === node);
    return kept ?? { id: node, name: node, node, role: 'node' as const, tags: [] };
  });
  const profile = flags.minikubeProfile ?? base.minikube?.profile;
  const minikube = nodes
    ? { ...(profile === undefined ? {} : { profile }), nodes }
    : base.minikube && flags.minikubeProfile !== undefined
      ? { ...base.minikube, profile: flags.minikubeProfile }
      : base.minikube;
  return { ...base, ...(kubectl ? { kubectl } : {}), ...(minikube ? { minikube } : {}) };
}

function describe(ws: SavedWorkspace): string {
  const k = ws.kubectl;
  const where = !k
    ? 'on the operator host'
    : k.on === 'local'
      ? 'on this machine'
      : `on ${k.hostId}`;
  const context = k?.context === undefined ? '' : ` (context ${k.context})`;
  const nodes = ws.minikube
    ? `; minikube nodes ${ws.minikube.nodes.map((n) => n.node).join(', ')}` +
      (ws.minikube.profile ? ` (profile ${ws.minikube.profile})` : '')
    : '';
  return `workspace ${ws.id}: kubectl runs ${where}${context}${nodes}\n`;
}

/** Exit 0 saved, 1 not saved (the file is refused or the result invalid), 2 bad usage. */
export async function runHostsLocal(
  workspace: string,
  flags: HostsLocalFlags,
  out: Output,
  configDir?: string,
): Promise<number> {
  const fail = (code: number, message: string) => {
    out.stderr(`kubelab hosts local: ${message}\n`);
    return code;
  };
  if (!Id.safeParse(workspace).success)
    return fail(2, `"${workspace}" is not a workspace name (letters, digits, . _ -)`);
  const isChange =
    flags.kubectl !== undefined ||
    flags.context !== undefined ||
    flags.minikubeNodes !== undefined ||
    flags.minikubeProfile !== undefined;
  if (flags.clear && isChange) return fail(2, '--clear takes no other option');
  const store = createWorkspaceStore(configDir === undefined ? {} : { configDir });
  try {
    const saved =
      isChange || flags.clear
        ? await store.update(workspace, (current) => applyLocalFlags(current, workspace, flags))
        : await store.load(workspace).then((r) => {
            if (r.kind !== 'ok')
              throw new WorkspaceStoreError(`no readable workspace ${workspace}`);
            return r.workspace;
          });
    out.stdout(describe(saved));
    return 0;
  } catch (error) {
    if (!(error instanceof WorkspaceStoreError)) throw error;
    return fail(1, `not saved: ${error.message}`);
  }
}

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Adds `kubelab hosts local` under the `hosts` command (registered before this). */
export function registerHostsLocalCommand(program: Command, out: Output, configDir?: string): void {
  const hosts = program.commands.find((c) => c.name() === 'hosts') ?? program.command('hosts');
  hosts
    .command('local <workspace>')
    .description(
      'Say where kubectl runs and which nodes minikube ssh reaches, in a saved workspace.',
    )
    .option('--kubectl <where>', '"local" (this machine) or the id of a host of the workspace')
    .option('--context <name>', 'the kubeconfig context kubectl uses (kubectl --context)')
    .option('--minikube-nodes <a,b>', 'nodes reached with `minikube ssh -n NODE`', list)
    .option('--minikube-profile <name>', 'the minikube profile of those nodes (-p)')
    .option('--clear', 'kubectl back on the operator host, no minikube nodes', false)
    .addHelpText(
      'after',
      '\nWithout options, prints the settings. Exit 0, 1 when not saved, 2 on bad usage.\n\n' +
        'Example:\n  kubelab hosts local minikube-lab --kubectl local --context minikube \\\n' +
        '    --minikube-nodes minikube,minikube-m02\n',
    )
    .action(async (workspace: string, opts: HostsLocalFlags) => {
      process.exitCode = await runHostsLocal(workspace, opts, out, configDir);
    });
}
