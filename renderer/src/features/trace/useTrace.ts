import { useCallback, useState } from 'react';
import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { Trace, VerifyResult } from '../../../../shared/model/trace';
import { useBackend } from '../../api/useBackend';

/** The last trace of the panel and how the latest request went. */
export interface TraceState {
  trace: Trace | null;
  verify: VerifyResult | null;
  error: ApiErrorShape | null;
  isRunning: boolean;
}

/** Runs `trace:run` for the panel; a second run while one is under way is ignored. */
export function useTrace(workspaceId: string) {
  const backend = useBackend();
  const [state, setState] = useState<TraceState>({
    trace: null,
    verify: null,
    error: null,
    isRunning: false,
  });
  const run = useCallback(
    async (from: string, to: string, verify: boolean) => {
      setState((s) => (s.isRunning ? s : { ...s, isRunning: true, error: null }));
      const reply = await backend.api.traceRun({ workspaceId, from, to, verify });
      setState((s) =>
        reply.ok
          ? { trace: reply.value.trace, verify: reply.value.verify, error: null, isRunning: false }
          : { ...s, error: reply.error, isRunning: false },
      );
    },
    [backend, workspaceId],
  );
  return { state, run };
}
