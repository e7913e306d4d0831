import { hostErrorLabel } from '../../../../shared/model/command';
import type { WatchLine } from '../../../../shared/model/watch-diff';
import { rowSegments } from '../../../../shared/model/watch-diff';
import { Badge } from '../../ui/Badge';
import { formatDuration, plural } from '../../lib/format';
import { RowsView } from './RowsView';
import type { WatchHost } from './watch-model';

function WatchRow({ line }: { line: WatchLine }) {
  if (line.changed.length === 0) return <>{line.text.length > 0 ? line.text : ' '}</>;
  return (
    <>
      {rowSegments(line).map((segment, index) =>
        segment.isLit ? (
          <mark key={index} className="watch__lit" data-testid="watch-lit">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}

/** One host's latest output under watch, changed characters lit as `watch -d` does. */
export function WatchHostView({ host, name }: { host: WatchHost; name: string }) {
  const { result, frame } = host;
  const lines = frame?.lines ?? [];
  const exit =
    result === null ? null : result.error !== undefined ? (
      <Badge tone="error" title={result.error.message}>
        {hostErrorLabel(result.error.code)}
      </Badge>
    ) : (
      <Badge tone={result.exitCode === 0 ? 'ok' : 'error'}>
        exit {result.exitCode ?? result.signal ?? '?'}
      </Badge>
    );
  return (
    <section className="output watch-host" data-testid={`watch-host-${host.hostId}`}>
      <header className="output__header">
        <h3 className="output__host">{name}</h3>
        {exit}
        {result !== null && (
          <span className="output__meta">{formatDuration(result.durationMs)}</span>
        )}
        <span className="output__spacer" />
        {frame !== null && frame.changedCells > 0 && (
          <span className="output__meta watch-host__changed">
            {plural(frame.changedCells, 'character')} changed
          </span>
        )}
      </header>
      {result?.error !== undefined && (
        <p className="output__error" role="alert">
          {result.error.message}
          {host.text !== null && ' — showing the last output it printed.'}
        </p>
      )}
      {frame === null ? (
        <p className="output__placeholder">Waiting for the first run…</p>
      ) : lines.length === 0 ? (
        <p className="output__placeholder">No output.</p>
      ) : (
        <RowsView
          count={lines.length}
          label={`Watched output of ${name}`}
          className="watch-host__rows"
          renderRow={(index) => {
            const line = lines[index];
            return line === undefined ? null : <WatchRow line={line} />;
          }}
        />
      )}
    </section>
  );
}
