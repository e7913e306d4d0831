/**
 * `kubelab hosts import --ssh-config FILE | --minikube [PROFILE] [--json] [--save WORKSPACE]`:
 * shows the hosts an import would add, and with --save merges them into a saved workspace
 * (validated; a workspace file that cannot be read, or is from a newer kubelab, is refused and
 * left as it is).
 */
import type { Command } from 'commander';
import type { SavedHost, SavedWorkspace } from '../../shared/model/saved-workspace';
import { SAVED_WORKSPACE_VERSION } from '../../shared/model/saved-workspace';
import { Id } from '../../shared/model/workspace';
import { importMinikube, importSshConfig, type CommandRunner, type ImportResult } from '../import';
import { SshConfigError } from '../ssh-config';
import { createWorkspaceStore, WorkspaceStoreError } from '../workspace-store';
import type { Output } from './input';

export interface HostsImportFlags {
  sshConfig?: string;
  /** `true` for `--minikube` without a profile (every valid profile). */
  minikube?: string | true;
  json: boolean;
  save?: string;
}

export interface HostsDeps {
  /** The config dir of the workspace store (default: the platform's, or KUBELAB_CONFIG_DIR). */
  configDir?: string;
  minikube?: CommandRunner;
  homeDir?: string;
}

function authText(host: SavedHost): string {
  switch (host.auth.kind) {
    case 'agent':
      return 'agent';
    case 'password':
      return 'password';
    case 'key':
      return `key ${host.auth.identityFile}`;
  }
}

/** A plain table: one host a line, columns padded to the widest cell. */
export function formatHostsTable(hosts: readonly SavedHost[]): string {
  const rows = [
    ['ID', 'ROLE', 'LOGIN', 'VIA', 'AUTH', 'TAGS'],
    ...hosts.map((h) => [
      h.id,
      h.role,
      `${h.user}@${h.address.includes(':') ? `[${h.address}]` : h.address}:${h.port}`,
      h.jumps.join(',') || '-',
      authText(h),
      h.tags.join(',') || '-',
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n')
    .concat('\n');
}

async function importHosts(flags: HostsImportFlags, deps: HostsDeps): Promise<ImportResult> {
  if (flags.sshConfig !== undefined)
    return importSshConfig(
      flags.sshConfig,
      deps.homeDir === undefined ? {} : { homeDir: deps.homeDir },
    );
  return importMinikube({
    ...(typeof flags.minikube === 'string' && { profile: flags.minikube }),
    ...(deps.minikube && { run: deps.minikube }),
  });
}

/** Runs the import; returns the exit code (0 done, 1 nothing imported or not saved, 2 usage). */
export async function runHostsImport(
  flags: HostsImportFlags,
  out: Output,
  deps: HostsDeps = {},
): Promise<number> {
  const sources = [flags.sshConfig !== undefined, flags.minikube !== undefined].filter(Boolean);
  if (sources.length !== 1) {
    out.stderr(
      'kubelab hosts import: name one source: --ssh-config FILE or --minikube [PROFILE]\n',
    );
    return 2;
  }
  if (flags.save !== undefined && !Id.safeParse(flags.save).success) {
    out.stderr(
      `kubelab hosts import: "${flags.save}" is not a workspace name (letters, digits, . _ -)\n`,
    );
    return 2;
  }
  let result: ImportResult;
  try {
    result = await importHosts(flags, deps);
  } catch (error) {
    if (!(error instanceof SshConfigError)) throw error;
    out.stderr(`kubelab hosts import: ${error.message}\n`);
    return 1;
  }
  for (const w of result.warnings) out.stderr(`warning: ${w}\n`);
  if (flags.json) out.stdout(`${JSON.stringify(result.hosts, null, 2)}\n`);
  else if (result.hosts.length > 0) out.stdout(formatHostsTable(result.hosts));
  if (result.hosts.length === 0) {
    out.stderr('kubelab hosts import: no hosts found\n');
    return 1;
  }
  if (flags.save === undefined) return 0;

  const id = flags.save;
  const store = createWorkspaceStore(
    deps.configDir === undefined ? {} : { configDir: deps.configDir },
  );
  try {
    const saved = await store.update(id, (current) => merge(current, id, result.hosts));
    out.stderr(
      `saved ${result.hosts.length} hosts to workspace ${id} (${saved.hosts.length} in all) in ${store.dir}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof WorkspaceStoreError)) throw error;
    out.stderr(`kubelab hosts import: not saved: ${error.message}\n`);
    return 1;
  }
}

/** Imported hosts replace hosts of the same id; the others are kept, in their order. */
function merge(
  current: SavedWorkspace | undefined,
  id: string,
  hosts: SavedHost[],
): SavedWorkspace {
  const base: SavedWorkspace = current ?? {
    version: SAVED_WORKSPACE_VERSION,
    id,
    name: id,
    description: '',
    hosts: [],
  };
  const incoming = new Map(hosts.map((h) => [h.id, h]));
  const kept = base.hosts.map((h) => incoming.get(h.id) ?? h);
  const added = hosts.filter((h) => !base.hosts.some((b) => b.id === h.id));
  return { ...base, hosts: [...kept, ...added] };
}

/** Adds `kubelab hosts import` to the program. */
export function registerHostsCommand(program: Command, out: Output, deps: HostsDeps = {}): void {
  const hosts = program
    .command('hosts')
    .description('Hosts for workspaces: import them from elsewhere.');
  hosts
    .command('import')
    .description('Show (and with --save, keep) the hosts an ssh config or minikube describes.')
    .option('--ssh-config <file>', 'every concrete Host alias of this ssh config (ProxyJump kept)')
    .option(
      '--minikube [profile]',
      'the nodes of this minikube profile (default: every valid profile)',
    )
    .option('--json', 'print the hosts as JSON (the saved workspace host shape)', false)
    .option('--save <workspace>', 'merge the hosts into this saved workspace (created if new)')
    .addHelpText(
      'after',
      '\nEach ssh alias becomes a host; its ProxyJump hops become its jump hosts. minikube nodes log\n' +
        'in as docker with the machine key from `minikube ssh-key`. Warnings go to stderr.\n' +
        'Exit 0, 1 when nothing was imported or the workspace could not be saved, 2 on bad usage.\n\n' +
        'Examples:\n  kubelab hosts import --ssh-config ~/.ssh/config\n' +
        '  kubelab hosts import --minikube multinode-demo --save minikube-lab\n',
    )
    .action(async (opts: HostsImportFlags) => {
      process.exitCode = await runHostsImport(opts, out, deps);
    });
}
