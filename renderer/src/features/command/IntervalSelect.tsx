import { useWatchController } from './useWatchController';
import { WATCH_INTERVALS_MS } from './watch-model';
import { useWatchStore } from './watch-store';

/** `watch -n`: how long to wait between runs; changes a live watch at once. */
export function IntervalSelect({ workspaceId }: { workspaceId: string }) {
  const controller = useWatchController();
  const intervalMs = useWatchStore(
    (state) => state.sessions[workspaceId]?.intervalMs ?? state.intervalMs,
  );
  return (
    <select
      className="select watch-interval"
      aria-label="Watch interval"
      value={intervalMs}
      onChange={(event) => controller.setIntervalMs(workspaceId, Number(event.target.value))}
    >
      {WATCH_INTERVALS_MS.map((ms) => (
        <option key={ms} value={ms}>
          every {ms / 1000} s
        </option>
      ))}
    </select>
  );
}
