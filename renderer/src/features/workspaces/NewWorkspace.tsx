import { useState, type FormEvent } from 'react';
import { useBackend } from '../../api/useBackend';
import { loadWorkspaces } from '../../app/loaders';
import { useAppStore } from '../../state/app-store';
import { idFromName } from './host-form';

/** A "+" that turns into a name field: a new, empty SSH workspace, opened at once. */
export function NewWorkspace() {
  const backend = useBackend();
  const openWorkspace = useAppStore((state) => state.openWorkspace);
  const [isOpen, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = idFromName(name);
    if (id === '') return setError('give it a name');
    const reply = await backend.api.workspaceCreate({ id, name: name.trim() });
    if (!reply.ok) return setError(reply.error.message);
    await loadWorkspaces(backend);
    openWorkspace(id);
    setOpen(false);
    setName('');
    setError(null);
  };

  if (!isOpen)
    return (
      <button
        type="button"
        className="icon-button"
        aria-label="New SSH workspace"
        title="New SSH workspace"
        onClick={() => setOpen(true)}
      >
        +
      </button>
    );
  return (
    <form className="new-workspace" onSubmit={(event) => void submit(event)}>
      <input
        className="form-input"
        aria-label="Workspace name"
        placeholder="myeks lab"
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      />
      <button type="submit" className="button button--small button--primary">
        Create
      </button>
      {error !== null && <p className="inline-error">{error}</p>}
    </form>
  );
}
