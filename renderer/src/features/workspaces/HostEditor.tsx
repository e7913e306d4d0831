import { useState, type FormEvent, type ReactNode } from 'react';
import type { SavedWorkspace } from '../../../../shared/model/saved-workspace';
import { useBackend } from '../../api/useBackend';
import { loadWorkspaces } from '../../app/loaders';
import { Modal } from '../../ui/Modal';
import { Notice } from '../../ui/Notice';
import { EMPTY_HOST_FORM, formFromHost, hostFromForm, type HostForm } from './host-form';
import { useSavedWorkspace } from './useSavedWorkspace';

type HostEditorProps = { workspaceId: string; hostId: string | null; onClose: () => void };

/** Adds a host to an SSH workspace, or edits one: address, login, key, jump hosts. */
export function HostEditor({ workspaceId, hostId, onClose }: HostEditorProps) {
  const backend = useBackend();
  const saved = useSavedWorkspace(backend, workspaceId);
  return (
    <Modal
      title={hostId === null ? 'Add host' : `Edit ${hostId}`}
      onClose={onClose}
      testId="host-editor"
    >
      {saved.kind === 'loading' && <Notice kind="loading" title="Loading…" />}
      {saved.kind === 'error' && (
        <Notice kind="error" title="Cannot edit">
          {saved.message}
        </Notice>
      )}
      {saved.kind === 'ready' && (
        <HostFormView workspace={saved.workspace} hostId={hostId} onClose={onClose} />
      )}
    </Modal>
  );
}

function HostFormView(props: {
  workspace: SavedWorkspace;
  hostId: string | null;
  onClose: () => void;
}) {
  const { workspace, hostId, onClose } = props;
  const backend = useBackend();
  const editing = workspace.hosts.find((h) => h.id === hostId);
  const [form, setForm] = useState<HostForm>(
    editing ? formFromHost(editing) : { ...EMPTY_HOST_FORM, jumps: defaultJumps(workspace) },
  );
  const [errors, setErrors] = useState<Partial<Record<keyof HostForm, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const set = <K extends keyof HostForm>(key: K, value: HostForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = hostFromForm(form, workspace, hostId);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    setSaving(true);
    const reply = await backend.api.hostSave({ workspaceId: workspace.id, hosts: [result.host] });
    setSaving(false);
    if (!reply.ok) return setFailure(reply.error.message);
    await loadWorkspaces(backend);
    onClose();
  };

  const field = (key: keyof HostForm, label: string, input: ReactNode, hint?: string) => (
    <>
      <label htmlFor={`host-${key}`}>{label}</label>
      {input}
      {errors[key] !== undefined && <p className="form-error">{errors[key]}</p>}
      {errors[key] === undefined && hint !== undefined && <p className="form-hint">{hint}</p>}
    </>
  );
  const text = (
    key: 'id' | 'name' | 'address' | 'port' | 'user' | 'identityFile' | 'tags',
    placeholder = '',
  ) => (
    <input
      id={`host-${key}`}
      className="form-input mono"
      value={form[key]}
      placeholder={placeholder}
      aria-invalid={errors[key] !== undefined}
      spellCheck={false}
      onChange={(event) => set(key, event.target.value)}
    />
  );
  const others = workspace.hosts.filter((h) => h.id !== hostId);

  return (
    <form onSubmit={(event) => void submit(event)}>
      <div className="form-grid">
        {field('name', 'Name', text('name', 'node1'))}
        {field(
          'id',
          'Id',
          text('id', 'from the name'),
          'used in commands and the CLI; cannot change later',
        )}
        {field(
          'role',
          'Role',
          <select
            id="host-role"
            className="form-select"
            value={form.role}
            onChange={(event) => set('role', event.target.value as HostForm['role'])}
          >
            <option value="operator">operator (bastion)</option>
            <option value="node">Kubernetes node</option>
            <option value="other">other</option>
          </select>,
        )}
        {field('address', 'Address', text('address', '192.168.1.50'))}
        {field('port', 'Port', text('port'))}
        {field('user', 'User', text('user'), 'ec2-user on EKS nodes, docker on minikube')}
        {field(
          'authKind',
          'Log in with',
          <select
            id="host-authKind"
            className="form-select"
            value={form.authKind}
            onChange={(event) => set('authKind', event.target.value as HostForm['authKind'])}
          >
            <option value="agent">ssh-agent</option>
            <option value="key">a key file</option>
            <option value="password">a password (asked when connecting)</option>
          </select>,
        )}
        {form.authKind === 'key' &&
          field(
            'identityFile',
            'Key file',
            text('identityFile'),
            'an encrypted key asks for its passphrase',
          )}
        {field(
          'jumps',
          'Jump via',
          <select
            id="host-jumps"
            className="form-select"
            value={form.jumps[0] ?? ''}
            onChange={(event) =>
              set('jumps', event.target.value === '' ? [] : [event.target.value])
            }
          >
            <option value="">direct connection</option>
            {others.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name} ({h.address})
              </option>
            ))}
          </select>,
          'like ProxyJump: nodes are often reached only through the operator host',
        )}
        {field('tags', 'Tags', text('tags', 'ap-northeast-2a, t3.medium'))}
      </div>
      {failure !== null && <p className="inline-error">{failure}</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {hostId === null ? 'Add host' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** A new node most likely goes through the workspace's operator host, if it has one. */
function defaultJumps(workspace: SavedWorkspace): string[] {
  const operator = workspace.hosts.find((h) => h.role === 'operator');
  return operator ? [operator.id] : [];
}
