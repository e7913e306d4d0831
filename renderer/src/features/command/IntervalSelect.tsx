import { WATCH_INTERVALS_MS } from './watch-model';
import { useWatchStore } from './watch-store';

/** `watch -n`: how long to wait between runs. */
export function IntervalSelect({
  workspaceId,
  onChange,
}: {
  workspaceId: string;
  onChange?: (intervalMs: number) => void;
}) {
  const intervalMs = useWatchStore(
    (state) => state.sessions[workspaceId]?.intervalMs ?? state.intervalMs,
  );
  const setIntervalMs = useWatchStore((state) => state.setIntervalMs);
  return (
    <select
      className="select watch-interval"
      aria-label="Watch interval"
      value={intervalMs}
      onChange={(event) => {
        const ms = Number(event.target.value);
        if (onChange === undefined) setIntervalMs(workspaceId, ms);
        else onChange(ms);
      }}
    >
      {WATCH_INTERVALS_MS.map((ms) => (
        <option key={ms} value={ms}>
          every {ms / 1000} s
        </option>
      ))}
    </select>
  );
}
