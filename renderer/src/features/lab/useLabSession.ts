import { useCallback, useEffect, useRef, useState } from 'react';
import type { JournalEntry } from '../../../../shared/model/runbook/journal';
import { useBackend } from '../../api/useBackend';

export interface LabSessionState {
  sessionId: string | null;
  entries: JournalEntry[];
  /** Replaying a journal from disk (not started here). */
  isReplay: boolean;
  error: string | null;
  problems: string[];
}

const EMPTY: LabSessionState = {
  sessionId: null,
  entries: [],
  isReplay: false,
  error: null,
  problems: [],
};

/**
 * One lab session in the panel: started here (its journal entries stream in as `lab:entry`) or
 * opened from disk for replay. Entries that arrive before `lab:start` answers are kept by
 * session id and taken over once the id is known.
 */
export function useLabSession() {
  const backend = useBackend();
  const [state, setState] = useState<LabSessionState>(EMPTY);
  const early = useRef(new Map<string, JournalEntry[]>());
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      backend.api.on('lab:entry', ({ sessionId, entry }) => {
        if (sessionId === current.current)
          setState((s) =>
            s.sessionId === sessionId ? { ...s, entries: [...s.entries, entry] } : s,
          );
        else {
          const list = early.current.get(sessionId) ?? [];
          list.push(entry);
          early.current.set(sessionId, list);
        }
      }),
    [backend],
  );

  const start = useCallback(
    async (workspaceId: string, runbookId: string, steps?: number[]) => {
      current.current = null;
      setState({ ...EMPTY });
      const reply = await backend.api.labStart({
        workspaceId,
        runbookId,
        ...(steps ? { steps } : {}),
      });
      if (!reply.ok) return setState({ ...EMPTY, error: reply.error.message });
      const { sessionId } = reply.value;
      current.current = sessionId;
      const buffered = early.current.get(sessionId) ?? [];
      early.current.clear();
      setState({ ...EMPTY, sessionId, entries: buffered });
    },
    [backend],
  );

  const open = useCallback(
    async (sessionId: string) => {
      current.current = sessionId;
      setState({ ...EMPTY, sessionId, isReplay: true });
      const reply = await backend.api.labJournal({ sessionId });
      if (!reply.ok) return setState({ ...EMPTY, isReplay: true, error: reply.error.message });
      setState({
        ...EMPTY,
        sessionId,
        isReplay: true,
        entries: reply.value.entries,
        problems: reply.value.problems.map((p) => `line ${p.line}: ${p.message}`),
      });
    },
    [backend],
  );

  const cancel = useCallback(async () => {
    if (state.sessionId !== null) await backend.api.labCancel({ sessionId: state.sessionId });
  }, [backend, state.sessionId]);

  const note = useCallback(
    async (step: number | undefined, text: string): Promise<string | null> => {
      if (state.sessionId === null) return 'start a run first';
      const reply = await backend.api.labNote({
        sessionId: state.sessionId,
        text,
        ...(step !== undefined ? { step } : {}),
      });
      return reply.ok ? null : reply.error.message;
    },
    [backend, state.sessionId],
  );

  const close = useCallback(() => {
    current.current = null;
    setState(EMPTY);
  }, []);

  return { state, start, open, cancel, note, close };
}
