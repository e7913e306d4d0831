import { defineStore } from '../../state/define-store';
import type { WatchLoopState } from './watch-loop';
import {
  DEFAULT_WATCH_INTERVAL_MS,
  applyWatchResults,
  setCumulative,
  startSession,
  type WatchSession,
} from './watch-model';
import type { ExecResult } from '../../../../shared/model/command';

interface WatchState {
  /** Per workspace: the watch the panel shows (kept after it stops, until the next one). */
  sessions: Record<string, WatchSession>;
  nextId: number;
  /** The interval and mode the next watch starts with. */
  intervalMs: number;
  isCumulative: boolean;

  begin: (workspaceId: string, command: string, hostIds: readonly string[]) => WatchSession;
  update: (workspaceId: string, id: number, change: (s: WatchSession) => WatchSession) => void;
  applied: (workspaceId: string, id: number, results: readonly ExecResult[], at: number) => void;
  setState: (workspaceId: string, id: number, state: WatchLoopState) => void;
  setIntervalMs: (workspaceId: string, intervalMs: number) => void;
  setCumulative: (workspaceId: string, isCumulative: boolean) => void;
  dismiss: (workspaceId: string) => void;
}

export const useWatchStore = defineStore<WatchState>((set, get) => ({
  sessions: {},
  nextId: 1,
  intervalMs: DEFAULT_WATCH_INTERVAL_MS,
  isCumulative: false,

  begin: (workspaceId, command, hostIds) => {
    const { nextId, intervalMs, isCumulative } = get();
    const session = startSession(nextId, command, hostIds, intervalMs, isCumulative);
    set({ nextId: nextId + 1, sessions: { ...get().sessions, [workspaceId]: session } });
    return session;
  },

  update: (workspaceId, id, change) => {
    const session = get().sessions[workspaceId];
    // Answers of a watch that was replaced are dropped.
    if (session?.id !== id) return;
    set({ sessions: { ...get().sessions, [workspaceId]: change(session) } });
  },

  applied: (workspaceId, id, results, at) =>
    get().update(workspaceId, id, (s) => applyWatchResults(s, results, at)),

  setState: (workspaceId, id, state) => get().update(workspaceId, id, (s) => ({ ...s, state })),

  setIntervalMs: (workspaceId, intervalMs) => {
    set({ intervalMs });
    const session = get().sessions[workspaceId];
    // A stopped watch keeps the title it ran under.
    if (session !== undefined && session.state !== 'stopped') {
      get().update(workspaceId, session.id, (s) => ({ ...s, intervalMs }));
    }
  },

  setCumulative: (workspaceId, isCumulative) => {
    set({ isCumulative });
    const session = get().sessions[workspaceId];
    if (session !== undefined) {
      get().update(workspaceId, session.id, (s) => setCumulative(s, isCumulative));
    }
  },

  dismiss: (workspaceId) => {
    const { [workspaceId]: _gone, ...sessions } = get().sessions;
    set({ sessions });
  },
}));
