import { ApiError } from '../../shared/api/reply';
import type {
  ConnectionState,
  HostSummary,
  KubectlPlacement,
  Workspace,
} from '../../shared/model/workspace';
import type { TopologySources } from '../collectors/topology';
import type { Host } from '../hosts/host';

/** A workspace as the backend holds it: its description and its live hosts. */
export interface WorkspaceEntry {
  id: string;
  name: string;
  kind: Workspace['kind'];
  description: string;
  hosts: readonly Host[];
  /** Where kubectl runs, as the workspace says it (shown in the UI). */
  kubectl?: KubectlPlacement;
  /** The hosts the topology's cluster-wide sources run on, when not the operator host. */
  topology?: TopologySources;
}

/** Hears every host's connection state changes, with the workspace it belongs to. */
export type HostStateListener = (
  workspaceId: string,
  hostId: string,
  state: ConnectionState,
) => void;

/** The workspaces the backend serves, looked up by id. */
export class WorkspaceRegistry {
  private readonly entries = new Map<string, WorkspaceEntry>();
  private readonly unsubscribes = new Map<string, (() => void)[]>();
  private readonly stateListeners = new Set<HostStateListener>();

  add(entry: WorkspaceEntry): void {
    if (this.entries.has(entry.id)) throw new Error(`workspace ${entry.id} is already registered`);
    this.entries.set(entry.id, entry);
    this.unsubscribes.set(
      entry.id,
      entry.hosts.map((host) =>
        host.onState((state) => {
          for (const listener of this.stateListeners)
            listener(entry.id, host.description.id, state);
        }),
      ),
    );
  }

  /** Drops a workspace (its hosts are the caller's to close). */
  remove(workspaceId: string): void {
    for (const unsubscribe of this.unsubscribes.get(workspaceId) ?? []) unsubscribe();
    this.unsubscribes.delete(workspaceId);
    this.entries.delete(workspaceId);
  }

  /** Calls `listener` on every host state change of every workspace; returns the unsubscribe. */
  onHostState(listener: HostStateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  get(workspaceId: string): WorkspaceEntry {
    const entry = this.entries.get(workspaceId);
    if (!entry) throw new ApiError('not-found', `no workspace named "${workspaceId}"`);
    return entry;
  }

  /** The hosts named, in the order named; an unknown name is an error that lists the known ones. */
  hosts(workspaceId: string, hostIds: readonly string[]): Host[] {
    const entry = this.get(workspaceId);
    return hostIds.map((hostId) => {
      const host = entry.hosts.find((h) => h.description.id === hostId);
      if (!host) {
        const known = entry.hosts.map((h) => h.description.id).join(', ');
        throw new ApiError(
          'not-found',
          `no host "${hostId}" in workspace ${workspaceId} (hosts: ${known})`,
        );
      }
      return host;
    });
  }

  list(): Workspace[] {
    return [...this.entries.values()].map((entry) => ({
      id: entry.id,
      name: entry.name,
      kind: entry.kind,
      description: entry.description,
      hosts: entry.hosts.map(summarize),
      ...(entry.kubectl ? { kubectl: entry.kubectl } : {}),
    }));
  }
}

function summarize(host: Host): HostSummary {
  const d = host.description;
  return {
    id: d.id,
    name: d.name,
    role: d.role,
    address: d.address,
    ...(d.port !== undefined && d.port !== 22 && { port: d.port }),
    user: d.user,
    tags: d.tags,
    state: host.state(),
  };
}
