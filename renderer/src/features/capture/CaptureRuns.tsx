import type { CaptureRun } from './capture-session';

type CaptureRunsProps = {
  runs: readonly CaptureRun[];
  hostName: (id: string) => string;
  onStop: (captureId: string) => void;
  onPcap: (streamId: string) => void;
};

/** One line per capture (interface × hosts): each host's state, counts and how it ended. */
export function CaptureRuns({ runs, hostName, onStop, onPcap }: CaptureRunsProps) {
  if (runs.length === 0) return null;
  return (
    <ul className="capture-runs" aria-label="Captures">
      {runs.map((r) => (
        <li key={r.captureId} className="capture-run" data-running={r.isRunning}>
          <span className="badge badge--accent mono">{r.iface}</span>
          <span className="capture-run__command mono" title={r.command}>
            {r.command}
          </span>
          {r.streams.map((s) => (
            <span
              key={s.streamId}
              className="capture-run__stream"
              title={s.end?.message ?? s.end?.error?.message ?? s.warning ?? ''}
            >
              {hostName(s.hostId)}:{' '}
              {s.end !== undefined
                ? `${s.end.reason}${s.end.error !== undefined ? ` (${s.end.error.message})` : s.end.message !== undefined ? ` (${s.end.message})` : ''}`
                : s.isListening
                  ? 'listening'
                  : 'starting'}{' '}
              · {s.total} pkts
              {s.backendDropped > 0 && ` · ${s.backendDropped} dropped`}
              {s.end?.pcap !== undefined && (
                <button type="button" className="link-button" onClick={() => onPcap(s.streamId)}>
                  pcap ({s.end.pcap.bytes} B)
                </button>
              )}
            </span>
          ))}
          {r.isRunning ? (
            <button type="button" className="link-button" onClick={() => onStop(r.captureId)}>
              stop
            </button>
          ) : (
            <span className="capture-run__ended">
              ended{r.reason !== undefined ? `: ${r.reason}` : ''}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
