import { useEffect, useState } from 'react';
import type { Backend } from '../../api/backend';
import { enqueuePrompt, removePrompt, type PromptQueue } from './prompt-queue';

/** The backend's open prompts for this window, oldest first, and how to drop one once answered. */
export function usePrompts(backend: Backend): [PromptQueue, (promptId: string) => void] {
  const [queue, setQueue] = useState<PromptQueue>([]);
  useEffect(() => {
    const offRequest = backend.api.on('prompt:request', (request) =>
      setQueue((q) => enqueuePrompt(q, request)),
    );
    const offClosed = backend.api.on('prompt:closed', ({ promptId }) =>
      setQueue((q) => removePrompt(q, promptId)),
    );
    return () => {
      offRequest();
      offClosed();
    };
  }, [backend]);
  return [queue, (promptId) => setQueue((q) => removePrompt(q, promptId))];
}
