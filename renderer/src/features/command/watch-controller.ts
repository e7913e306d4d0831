import type { KubelabApi } from '../../../../shared/api/client';
import { startWatchLoop, type WatchLoop } from './watch-loop';
import { useWatchStore } from './watch-store';

/** Each run's time limit: a hung host must not stall the watch forever. */
export const WATCH_RUN_TIMEOUT_MS = 30_000;

/** Starts, pauses and stops the workspaces' watch loops; runs go through `command:exec`. */
export interface WatchController {
  start: (workspaceId: string, command: string, hostIds: readonly string[]) => void;
  pause: (workspaceId: string) => void;
  resume: (workspaceId: string) => void;
  stop: (workspaceId: string) => void;
  setIntervalMs: (workspaceId: string, intervalMs: number) => void;
}

export function createWatchController(
  api: Pick<KubelabApi, 'commandExec'>,
  now: () => number = Date.now,
): WatchController {
  const store = useWatchStore.getState;
  const loops = new Map<string, WatchLoop>();

  function stop(workspaceId: string): void {
    const loop = loops.get(workspaceId);
    if (loop === undefined) return;
    loop.stop();
    loops.delete(workspaceId);
    const session = store().sessions[workspaceId];
    if (session !== undefined) {
      store().update(workspaceId, session.id, (s) => ({ ...s, state: 'stopped', isBusy: false }));
    }
  }

  return {
    start(workspaceId, command, hostIds) {
      stop(workspaceId);
      const session = store().begin(workspaceId, command, hostIds);
      const { id } = session;
      const busy = (isBusy: boolean) => store().update(workspaceId, id, (s) => ({ ...s, isBusy }));
      const loop = startWatchLoop({
        intervalMs: session.intervalMs,
        tick: async () => {
          busy(true);
          const reply = await api.commandExec({
            workspaceId,
            hostIds: [...hostIds],
            command,
            timeoutMs: WATCH_RUN_TIMEOUT_MS,
          });
          if (reply.ok) store().applied(workspaceId, id, reply.value, now());
          else {
            store().update(workspaceId, id, (s) => ({ ...s, error: reply.error.message }));
          }
          busy(false);
        },
      });
      loops.set(workspaceId, loop);
    },
    pause(workspaceId) {
      const loop = loops.get(workspaceId);
      const session = store().sessions[workspaceId];
      if (loop === undefined || session === undefined) return;
      loop.pause();
      store().setState(workspaceId, session.id, loop.state());
    },
    resume(workspaceId) {
      const loop = loops.get(workspaceId);
      const session = store().sessions[workspaceId];
      if (loop === undefined || session === undefined) return;
      loop.resume();
      store().setState(workspaceId, session.id, loop.state());
    },
    stop,
    setIntervalMs(workspaceId, intervalMs) {
      store().setIntervalMs(workspaceId, intervalMs);
      loops.get(workspaceId)?.setIntervalMs(intervalMs);
    },
  };
}
