import { ApiError } from '../../shared/api/reply';
import type { SavedHost, SavedWorkspace } from '../../shared/model/saved-workspace';
import { SAVED_WORKSPACE_VERSION } from '../../shared/model/saved-workspace';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import type { TopologySources } from '../collectors/topology';
import type { Host } from '../hosts/host';
import { LocalHost } from '../hosts/local-host';
import { minikubeHost } from '../hosts/minikube-host';
import { SshHost, type SshPool } from '../ssh';
import {
  savedHostToTarget,
  WorkspaceStoreError,
  type LoadProblem,
  type WorkspaceStore,
} from '../workspace-store';
import type { WorkspaceRegistry } from './workspaces';

/** A saved workspace that could not be opened, as the UI lists it. */
export interface WorkspaceProblem {
  workspaceId: string;
  file: string;
  message: string;
}

/**
 * The user's own SSH workspaces: read from the workspace store at start, kept in the registry
 * as live `SshHost`s over one shared connection pool, and saved back on every change. A file
 * that cannot be read is reported (and kept aside by the store), never replaced by an empty one.
 */
export class SshWorkspaces {
  private readonly saved = new Map<string, SavedWorkspace>();
  private problemList: WorkspaceProblem[] = [];

  constructor(
    private readonly store: WorkspaceStore,
    private readonly registry: WorkspaceRegistry,
    private readonly pool: SshPool,
  ) {}

  /** Opens every saved workspace; unreadable ones become problems. */
  async loadAll(): Promise<void> {
    const { workspaces, problems } = await this.store.list();
    this.problemList = problems.map(describeProblem);
    for (const workspace of workspaces) this.register(workspace);
  }

  problems(): WorkspaceProblem[] {
    return [...this.problemList];
  }

  /** The saved form of a workspace, for editing. */
  get(workspaceId: string): SavedWorkspace {
    const workspace = this.saved.get(workspaceId);
    if (!workspace) throw new ApiError('not-found', `no SSH workspace named "${workspaceId}"`);
    return workspace;
  }

  async create(id: string, name: string, description = ''): Promise<SavedWorkspace> {
    if (id === DEMO_WORKSPACE_ID || this.saved.has(id))
      throw new ApiError('invalid-params', `a workspace named "${id}" already exists`);
    const workspace: SavedWorkspace = {
      version: SAVED_WORKSPACE_VERSION,
      id,
      name,
      description,
      hosts: [],
    };
    await this.write(workspace);
    return workspace;
  }

  /** Adds hosts, replacing those with the same ids (an edit, or a second import). */
  async saveHosts(workspaceId: string, hosts: readonly SavedHost[]): Promise<SavedWorkspace> {
    const current = this.get(workspaceId);
    const ids = new Set(hosts.map((h) => h.id));
    const kept = current.hosts.filter((h) => !ids.has(h.id));
    return this.write({ ...current, hosts: [...kept, ...hosts] });
  }

  async removeHost(workspaceId: string, hostId: string): Promise<SavedWorkspace> {
    const current = this.get(workspaceId);
    const users = current.hosts.filter((h) => h.jumps.includes(hostId)).map((h) => h.id);
    if (users.length > 0)
      throw new ApiError(
        'invalid-params',
        `${hostId} is the jump host of ${users.join(', ')}; change those first`,
      );
    if (current.minikube?.nodes.some((n) => n.id === hostId))
      throw new ApiError(
        'invalid-params',
        `${hostId} is a minikube node; change those with kubelab hosts local ${workspaceId} --minikube-nodes …`,
      );
    if (current.kubectl?.on === 'host' && current.kubectl.hostId === hostId)
      throw new ApiError('invalid-params', `kubectl runs on ${hostId}; change that first`);
    return this.write({ ...current, hosts: current.hosts.filter((h) => h.id !== hostId) });
  }

  async remove(workspaceId: string): Promise<void> {
    this.get(workspaceId);
    await this.store.remove(workspaceId);
    this.saved.delete(workspaceId);
    this.registry.remove(workspaceId);
  }

  /** Connects a host now, rather than on its first command. */
  async connect(workspaceId: string, hostId: string): Promise<void> {
    const [host] = this.registry.hosts(workspaceId, [hostId]);
    if (!(host instanceof SshHost)) throw new ApiError('invalid-params', `${hostId} is not SSH`);
    await host.connect();
  }

  private async write(workspace: SavedWorkspace): Promise<SavedWorkspace> {
    try {
      await this.store.save(workspace);
    } catch (cause) {
      // The store refuses to overwrite a file it cannot read or that a newer kubelab wrote.
      if (cause instanceof WorkspaceStoreError) throw new ApiError('invalid-params', cause.message);
      throw cause;
    }
    this.register(workspace);
    return workspace;
  }

  private register(workspace: SavedWorkspace): void {
    const sshHosts: Host[] = workspace.hosts.map(
      (saved) =>
        new SshHost(
          {
            id: saved.id,
            name: saved.name,
            role: saved.role,
            address: saved.address,
            port: saved.port,
            user: saved.user,
            tags: saved.tags,
          },
          savedHostToTarget(workspace, saved.id),
          this.pool,
        ),
    );
    const minikube = workspace.minikube;
    const minikubeHosts: Host[] = (minikube?.nodes ?? []).map((n) =>
      minikubeHost(
        { id: n.id, name: n.name, role: n.role, address: n.node, tags: n.tags },
        { node: n.node, ...(minikube?.profile ? { profile: minikube.profile } : {}) },
      ),
    );
    const hosts = [...sshHosts, ...minikubeHosts];
    const topology = topologySources(workspace, hosts);
    const counts = [
      `${sshHosts.length} SSH hosts`,
      ...(minikubeHosts.length > 0 ? [`${minikubeHosts.length} minikube nodes`] : []),
      ...(workspace.kubectl?.on === 'local' ? ['kubectl on this machine'] : []),
    ];
    this.registry.remove(workspace.id);
    this.registry.add({
      id: workspace.id,
      name: workspace.name,
      kind: 'ssh',
      description: workspace.description || counts.join(', '),
      hosts,
      ...(workspace.kubectl ? { kubectl: workspace.kubectl } : {}),
      ...(topology ? { topology } : {}),
    });
    this.saved.set(workspace.id, workspace);
  }
}

/** Where the workspace's kubectl runs, as live hosts (the schema checked the host exists). */
function topologySources(
  workspace: SavedWorkspace,
  hosts: readonly Host[],
): TopologySources | undefined {
  const placement = workspace.kubectl;
  if (!placement) return undefined;
  const context = placement.context === undefined ? {} : { context: placement.context };
  if (placement.on === 'local') return { kubectl: { host: LocalHost.machine(), ...context } };
  const host = hosts.find((h) => h.description.id === placement.hostId);
  return host ? { kubectl: { host, ...context } } : undefined;
}

function describeProblem(problem: LoadProblem): WorkspaceProblem {
  const message =
    problem.kind === 'corrupt'
      ? `${problem.file} could not be read (${problem.reason}); it was kept as ${problem.movedTo}`
      : `${problem.file} was written by a newer kubelab (version ${problem.version}); it is left untouched`;
  return { workspaceId: problem.workspaceId, file: problem.file, message };
}
