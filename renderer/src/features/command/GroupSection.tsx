import { useState } from 'react';
import { groupTitle, outputText, type OutputGroup } from '../../../../shared/model/fan-out';
import { formatDuration, plural } from '../../lib/format';
import { DiffView } from './DiffView';
import { EMPTY_BUFFER, appendText, finishBuffer } from './line-buffer';
import { OutcomeBadge } from './OutcomeBadge';
import { OutputView } from './OutputView';
import { outcomeOf, type HostOutput } from './run-model';

type GroupSectionProps = {
  group: OutputGroup;
  index: number;
  outputs: Readonly<Record<string, HostOutput>>;
  nameOf: (hostId: string) => string;
  isWrapping: boolean;
};

/** One group of hosts that printed the same: who, how each ended, and the output once. */
export function GroupSection({ group, index, outputs, nameOf, isWrapping }: GroupSectionProps) {
  const [isFull, setFull] = useState(false);
  const title = groupTitle(group, nameOf);
  const { diff } = group;
  const hasDiff = diff.kind === 'hunks';
  const showsDiff = hasDiff && !isFull;
  const text = outputText(group);

  return (
    <section
      className={`output group group--${group.status}${group.isMajority ? ' group--majority' : ''}`}
      data-testid={`fan-out-group-${index}`}
      aria-label={title}
    >
      <header className="output__header group__header">
        <h3 className="output__host group__title" data-testid="fan-out-group-title" title={title}>
          {title}
        </h3>
        {hasDiff && (
          <span className="group__stat mono">
            {diff.added > 0 && <span className="diff--added">+{diff.added} </span>}
            {diff.removed > 0 && <span className="diff--removed">−{diff.removed} </span>}
            vs majority
          </span>
        )}
        <span className="output__spacer" />
        {hasDiff && (
          <button
            type="button"
            className="button button--small"
            aria-pressed={isFull}
            onClick={() => setFull(!isFull)}
          >
            {isFull ? 'Show diff' : 'Full output'}
          </button>
        )}
      </header>
      <ul className="group__hosts" aria-label="Hosts in this group">
        {group.hostIds.map((hostId) => {
          const output = outputs[hostId];
          return (
            <li key={hostId} className="group__host" data-testid={`group-host-${hostId}`}>
              <span className="group__host-name">{nameOf(hostId)}</span>
              {output !== undefined && <OutcomeBadge outcome={outcomeOf(output)} />}
              {output?.end != null && (
                <span className="output__meta">{formatDuration(output.end.durationMs)}</span>
              )}
            </li>
          );
        })}
      </ul>
      <GroupBody
        group={group}
        showsDiff={showsDiff}
        text={text}
        title={title}
        isWrapping={isWrapping}
      />
    </section>
  );
}

function GroupBody({
  group,
  showsDiff,
  text,
  title,
  isWrapping,
}: {
  group: OutputGroup;
  showsDiff: boolean;
  text: string;
  title: string;
  isWrapping: boolean;
}) {
  const { diff } = group;
  if (diff.kind === 'no-output') {
    return (
      <p className="output__error" role="alert">
        {group.error?.message ?? 'The command did not run.'}
      </p>
    );
  }
  const note =
    diff.kind === 'same-text'
      ? 'Same output as the majority; only the exit status differs.'
      : diff.kind === 'too-different'
        ? `${diff.reason} The full output follows.`
        : null;
  if (showsDiff && diff.kind === 'hunks') {
    return <DiffView hunks={diff.hunks} label={`Diff of ${title}`} />;
  }
  const buffer = finishBuffer(appendText(EMPTY_BUFFER, text));
  return (
    <>
      {note !== null && <p className="group__note">{note}</p>}
      {!group.isExact && (
        <p className="group__note">
          These hosts differ only in ignored tokens; the first host’s output is shown.
        </p>
      )}
      {diff.kind !== 'same-text' && (
        <OutputView hostName={title} buffer={buffer} isLive={false} isWrapping={isWrapping} />
      )}
      {diff.kind === 'majority' && group.hostIds.length > 1 && (
        <p className="group__foot">{plural(group.hostIds.length, 'host')} printed this.</p>
      )}
    </>
  );
}
