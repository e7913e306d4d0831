import { SavedHost, type SavedWorkspace } from '../../../../shared/model/saved-workspace';
import { Id, type HostRole } from '../../../../shared/model/workspace';

/** The host editor's fields, as typed (strings), before they become a `SavedHost`. */
export interface HostForm {
  id: string;
  name: string;
  role: HostRole;
  address: string;
  port: string;
  user: string;
  authKind: 'agent' | 'key' | 'password';
  identityFile: string;
  /** Jump host ids, first hop first. */
  jumps: string[];
  /** Comma- or space-separated. */
  tags: string;
}

export const EMPTY_HOST_FORM: HostForm = {
  id: '',
  name: '',
  role: 'node',
  address: '',
  port: '22',
  user: 'ec2-user',
  authKind: 'agent',
  identityFile: '~/.ssh/id_ed25519',
  jumps: [],
  tags: '',
};

export function formFromHost(host: SavedHost): HostForm {
  return {
    id: host.id,
    name: host.name,
    role: host.role,
    address: host.address,
    port: String(host.port),
    user: host.user,
    authKind: host.auth.kind,
    identityFile: host.auth.kind === 'key' ? host.auth.identityFile : EMPTY_HOST_FORM.identityFile,
    jumps: [...host.jumps],
    tags: host.tags.join(', '),
  };
}

/** `Node 1 (AZ a)` → `node-1-az-a`: a host id from a name, when the user gives none. */
export function idFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '')
    .slice(0, 64);
}

export type FormResult =
  { ok: true; host: SavedHost } | { ok: false; errors: Partial<Record<keyof HostForm, string>> };

/**
 * Checks the form the way the backend will (the same schema), plus what only the workspace
 * knows: a new id must be free, and jump hosts must exist and not lead back to this host.
 */
export function hostFromForm(
  form: HostForm,
  workspace: Pick<SavedWorkspace, 'hosts'>,
  editingId: string | null,
): FormResult {
  const errors: Partial<Record<keyof HostForm, string>> = {};
  const id = form.id.trim() || idFromName(form.name || form.address);
  if (!Id.safeParse(id).success) errors.id = 'letters, digits, ".", "_" or "-" (at most 64)';
  else if (id !== editingId && workspace.hosts.some((h) => h.id === id))
    errors.id = `there is already a host "${id}"`;
  const port = Number(form.port.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'a port from 1 to 65535';
  if (form.jumps.includes(id)) errors.jumps = 'a host cannot jump through itself';
  for (const jump of form.jumps)
    if (!workspace.hosts.some((h) => h.id === jump)) errors.jumps = `no host "${jump}"`;
  const candidate = {
    id,
    name: form.name.trim() || id,
    role: form.role,
    address: form.address.trim(),
    port,
    user: form.user.trim(),
    auth:
      form.authKind === 'key'
        ? { kind: 'key' as const, identityFile: form.identityFile.trim() }
        : { kind: form.authKind },
    jumps: form.jumps,
    tags: form.tags
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
  };
  const parsed = SavedHost.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF[String(issue.path[0])];
      if (field !== undefined && errors[field] === undefined) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, host: parsed.data };
}

const FIELD_OF: Record<string, keyof HostForm> = {
  id: 'id',
  name: 'name',
  role: 'role',
  address: 'address',
  port: 'port',
  user: 'user',
  auth: 'identityFile',
  jumps: 'jumps',
  tags: 'tags',
};
