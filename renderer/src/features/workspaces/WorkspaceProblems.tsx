import { useEffect, useState } from 'react';
import { useBackend } from '../../api/useBackend';
import { useAppStore } from '../../state/app-store';
import { Notice } from '../../ui/Notice';

type Problem = { workspaceId: string; file: string; message: string };

/** Saved workspaces that could not be opened, said plainly: they were kept, not reset. */
export function WorkspaceProblems() {
  const backend = useBackend();
  const isConnected = useAppStore((state) => state.backendStatus.kind === 'connected');
  const [problems, setProblems] = useState<Problem[]>([]);
  useEffect(() => {
    if (!isConnected) return;
    let isCurrent = true;
    void backend.api.workspaceProblems({}).then((reply) => {
      if (isCurrent && reply.ok) setProblems(reply.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [backend, isConnected]);
  if (problems.length === 0) return null;
  return (
    <Notice kind="error" title="Some workspaces could not be opened">
      <ul data-testid="workspace-problems">
        {problems.map((p) => (
          <li key={p.file}>{p.message}</li>
        ))}
      </ul>
    </Notice>
  );
}
