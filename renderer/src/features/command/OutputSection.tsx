import { useState } from 'react';
import type { HostSummary } from '../../../../shared/model/workspace';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { formatDuration, plural } from '../../lib/format';
import { ROLE_LABELS } from '../hosts/host-state';
import { bufferText, lineCount } from './line-buffer';
import { OutcomeBadge } from './OutcomeBadge';
import { OutputView } from './OutputView';
import { isLive, outcomeOf, type HostOutput } from './run-model';
import { useNow } from './useNow';

type OutputSectionProps = {
  output: HostOutput;
  host: HostSummary | undefined;
  isWrapping: boolean;
  onStop: () => void;
  onCopied: (text: string) => void;
};

/** One host's part of a run: who, how it ended, how long it took, and what it printed. */
export function OutputSection({ output, host, isWrapping, onStop, onCopied }: OutputSectionProps) {
  const isRunning = isLive(output);
  const now = useNow(isRunning);
  const outcome = outcomeOf(output);
  const durationMs = output.end?.durationMs ?? now - output.startedAt;
  const name = host?.name ?? output.hostId;
  const count = lineCount(output.buffer);
  const [isExpanded, setExpanded] = useState(false);

  function copy() {
    navigator.clipboard.writeText(bufferText(output.buffer)).then(
      () => onCopied(`Copied ${plural(count, 'line')} of ${name}'s output`),
      () => onCopied('Could not copy: the clipboard is not available here'),
    );
  }

  return (
    <section
      className={`output output--${outcome.kind}${isExpanded ? ' output--expanded' : ''}`}
      data-testid={`output-${output.hostId}`}
      aria-labelledby={`output-title-${output.hostId}`}
    >
      <header className="output__header" data-testid={`output-header-${output.hostId}`}>
        <h3 className="output__host" id={`output-title-${output.hostId}`} title={name}>
          {name}
        </h3>
        {host !== undefined && (
          <span className={`role role--${host.role}`}>{ROLE_LABELS[host.role]}</span>
        )}
        <OutcomeBadge outcome={outcome} />
        {isRunning && <Spinner label={`running on ${name}`} />}
        <span className="output__meta" title={`${Math.round(durationMs)} ms`}>
          {formatDuration(durationMs)}
        </span>
        <span className="output__meta">{plural(count, 'line')}</span>
        <span className="output__spacer" />
        <button
          type="button"
          className="icon-button"
          onClick={() => setExpanded(!isExpanded)}
          aria-pressed={isExpanded}
          aria-label={`Expand output of ${name}`}
          title={isExpanded ? 'Back to the grid' : 'Full width and height'}
        >
          <Icon name={isExpanded ? 'collapse' : 'expand'} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={copy}
          disabled={count === 0}
          aria-label={`Copy output of ${name}`}
          title="Copy output"
        >
          <Icon name="copy" />
        </button>
        {isRunning && (
          <button
            type="button"
            className="button button--small button--danger"
            onClick={onStop}
            disabled={output.phase !== 'running'}
            aria-label={`Stop on ${name}`}
          >
            <Icon name="stop" size={10} />
            Stop
          </button>
        )}
      </header>
      {outcome.kind === 'error' && (
        <p className="output__error" role="alert">
          {outcome.message}
        </p>
      )}
      <OutputView
        hostName={name}
        buffer={output.buffer}
        isLive={isRunning}
        isWrapping={isWrapping}
      />
    </section>
  );
}
