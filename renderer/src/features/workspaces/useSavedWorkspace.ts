import { useEffect, useState } from 'react';
import type { SavedWorkspace } from '../../../../shared/model/saved-workspace';
import type { Backend } from '../../api/backend';

export type SavedState =
  | { kind: 'loading' }
  | { kind: 'ready'; workspace: SavedWorkspace }
  | { kind: 'error'; message: string };

/** An SSH workspace as saved (ports, auth, jump hosts), fetched for an editor. */
export function useSavedWorkspace(backend: Backend, workspaceId: string): SavedState {
  const [state, setState] = useState<SavedState>({ kind: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    void backend.api.workspaceGet({ workspaceId }).then((reply) => {
      if (!isCurrent) return;
      setState(
        reply.ok
          ? { kind: 'ready', workspace: reply.value }
          : { kind: 'error', message: reply.error.message },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [backend, workspaceId]);
  return state;
}
