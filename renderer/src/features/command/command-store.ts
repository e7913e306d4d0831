import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { StreamEnd } from '../../../../shared/model/command';
import { defineStore } from '../../state/define-store';
import {
  appendOutput,
  connectionLost,
  outputEnded,
  outputStopping,
  runFailed,
  runStarted,
  startRun,
  type Run,
} from './run-model';

/** Which run and host a stream's output belongs to. */
interface StreamRoute {
  workspaceId: string;
  runId: number;
  hostId: string;
}

interface CommandState {
  /** Per workspace: the run the command panel shows. */
  runs: Record<string, Run>;
  routes: Record<string, StreamRoute>;
  /** Per workspace: the command line being typed. */
  drafts: Record<string, string>;
  nextRunId: number;
  /** Long lines wrap instead of scrolling sideways (outputs short enough not to be virtualized). */
  isWrapping: boolean;
  /** A finished run shows hosts grouped by identical output (else one section per host). */
  isGrouped: boolean;
  /** Grouping ignores timestamps and ages (never addresses). */
  isNormalized: boolean;

  setWrapping: (isWrapping: boolean) => void;
  setGrouped: (isGrouped: boolean) => void;
  setNormalized: (isNormalized: boolean) => void;
  setDraft: (workspaceId: string, text: string) => void;
  begin: (workspaceId: string, command: string, hostIds: string[]) => Run;
  started: (
    workspaceId: string,
    runId: number,
    streams: readonly { hostId: string; streamId: string }[],
  ) => void;
  failed: (workspaceId: string, runId: number, error: ApiErrorShape) => void;
  /** Appends each stream's text to its output; returns the streams it knew. */
  deliver: (batch: ReadonlyMap<string, string>) => Set<string>;
  /** Applies a stream's end; returns its workspace, or null when the stream is not (yet) known. */
  ended: (end: StreamEnd) => string | null;
  stopping: (workspaceId: string, hostId: string) => void;
  connectionLost: () => void;
}

export const useCommandStore = defineStore<CommandState>((set, get) => ({
  runs: {},
  routes: {},
  drafts: {},
  nextRunId: 1,
  isWrapping: false,
  isGrouped: true,
  isNormalized: false,

  setWrapping: (isWrapping) => set({ isWrapping }),
  setGrouped: (isGrouped) => set({ isGrouped }),
  setNormalized: (isNormalized) => set({ isNormalized }),

  setDraft: (workspaceId, text) => set({ drafts: { ...get().drafts, [workspaceId]: text } }),

  begin: (workspaceId, command, hostIds) => {
    const run = startRun(get().nextRunId, command, hostIds, Date.now());
    set({ nextRunId: run.id + 1, runs: { ...get().runs, [workspaceId]: run } });
    return run;
  },

  started: (workspaceId, runId, streams) => {
    const routes = { ...get().routes };
    for (const { hostId, streamId } of streams) routes[streamId] = { workspaceId, runId, hostId };
    const run = get().runs[workspaceId];
    set({
      routes,
      runs:
        run?.id === runId
          ? { ...get().runs, [workspaceId]: runStarted(run, streams, Date.now()) }
          : get().runs,
    });
  },

  failed: (workspaceId, runId, error) => {
    const run = get().runs[workspaceId];
    if (run?.id !== runId) return;
    set({ runs: { ...get().runs, [workspaceId]: runFailed(run, error) } });
  },

  deliver: (batch) => {
    const { routes } = get();
    const runs = { ...get().runs };
    const placed = new Set<string>();
    for (const [streamId, text] of batch) {
      const route = routes[streamId];
      if (route === undefined) continue;
      placed.add(streamId);
      const run = runs[route.workspaceId];
      // Output of a run the panel no longer shows is taken (and acked) but not kept.
      if (run?.id === route.runId) runs[route.workspaceId] = appendOutput(run, route.hostId, text);
    }
    if (placed.size > 0) set({ runs });
    return placed;
  },

  ended: (end) => {
    const route = get().routes[end.streamId];
    if (route === undefined) return null;
    const { [end.streamId]: _gone, ...routes } = get().routes;
    const run = get().runs[route.workspaceId];
    set({
      routes,
      runs:
        run?.id === route.runId
          ? { ...get().runs, [route.workspaceId]: outputEnded(run, end) }
          : get().runs,
    });
    return route.workspaceId;
  },

  stopping: (workspaceId, hostId) => {
    const run = get().runs[workspaceId];
    if (run !== undefined) {
      set({ runs: { ...get().runs, [workspaceId]: outputStopping(run, hostId) } });
    }
  },

  connectionLost: () => {
    const now = Date.now();
    const runs: Record<string, Run> = {};
    for (const [workspaceId, run] of Object.entries(get().runs)) {
      runs[workspaceId] = connectionLost(run, now);
    }
    set({ runs, routes: {} });
  },
}));
