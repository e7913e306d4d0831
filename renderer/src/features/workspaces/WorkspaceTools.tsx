import { useState } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { ImportDialog } from './ImportDialog';
import { HostEditor } from './HostEditor';

/** "Add host" and "Import…" under an SSH workspace's hosts, with their dialogs. */
export function WorkspaceTools({ workspace }: { workspace: Workspace }) {
  const [open, setOpen] = useState<'add' | 'import' | null>(null);
  if (workspace.kind !== 'ssh') return null;
  return (
    <div className="sidebar__actions">
      <button type="button" className="link-button" onClick={() => setOpen('add')}>
        Add host
      </button>
      <button type="button" className="link-button" onClick={() => setOpen('import')}>
        Import…
      </button>
      {open === 'add' && (
        <HostEditor workspaceId={workspace.id} hostId={null} onClose={() => setOpen(null)} />
      )}
      {open === 'import' && <ImportDialog workspace={workspace} onClose={() => setOpen(null)} />}
    </div>
  );
}
