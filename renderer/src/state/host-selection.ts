import type { HostRole, HostSummary } from '../../../shared/model/workspace';

/** Which hosts a command runs on: ids in the workspace's host order, without duplicates. */
export type HostSelection = readonly string[];

/** Keeps only ids that still exist, in host order. */
export function normalizeSelection(hosts: readonly HostSummary[], ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return hosts.filter((host) => wanted.has(host.id)).map((host) => host.id);
}

export function toggleHost(
  hosts: readonly HostSummary[],
  selection: HostSelection,
  hostId: string,
): string[] {
  const next = new Set(selection);
  if (next.has(hostId)) next.delete(hostId);
  else next.add(hostId);
  return normalizeSelection(hosts, next);
}

/** Every host with one of `roles`. */
export function selectRoles(hosts: readonly HostSummary[], roles: readonly HostRole[]): string[] {
  return hosts.filter((host) => roles.includes(host.role)).map((host) => host.id);
}

/** What a workspace starts with: its nodes (the usual fan-out target), else every host. */
export function defaultSelection(hosts: readonly HostSummary[]): string[] {
  const nodes = selectRoles(hosts, ['node']);
  return nodes.length > 0 ? nodes : hosts.map((host) => host.id);
}

/** True when the selection is exactly the hosts with `roles` (and there are some). */
export function isExactlyRoles(
  hosts: readonly HostSummary[],
  selection: HostSelection,
  roles: readonly HostRole[],
): boolean {
  const expected = selectRoles(hosts, roles);
  return (
    expected.length > 0 &&
    expected.length === selection.length &&
    expected.every((id, index) => selection[index] === id)
  );
}
