import { useRef, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { Icon } from '../../ui/Icon';
import { plural } from '../../lib/format';
import { useCommandStore } from './command-store';
import { AT_DRAFT, stepHistory, type HistoryCursor } from './history';
import { readHistory } from './history-storage';
import { IntervalSelect } from './IntervalSelect';

type CommandBarProps = {
  workspaceId: string;
  hostCount: number;
  isRunning: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  onRun: () => void;
  onStopAll: () => void;
  /** Re-run the command every interval, lighting what changed (`watch -d`). */
  onWatch: () => void;
  /** A watch is live: its panel holds the interval, so the bar does not repeat it. */
  isWatching: boolean;
};

const ARROWS: Record<string, 'older' | 'newer'> = { ArrowUp: 'older', ArrowDown: 'newer' };

/** The command line: Enter runs it, ↑/↓ walk the workspace's history. */
export function CommandBar({
  workspaceId,
  hostCount,
  isRunning,
  inputRef,
  onRun,
  onStopAll,
  onWatch,
  isWatching,
}: CommandBarProps) {
  const draft = useCommandStore((state) => state.drafts[workspaceId] ?? '');
  const setDraft = useCommandStore((state) => state.setDraft);
  const cursor = useRef<HistoryCursor>(AT_DRAFT);
  const canRun = draft.trim().length > 0 && hostCount > 0;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!canRun) return;
    cursor.current = AT_DRAFT;
    onRun();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const direction = ARROWS[event.key];
    if (direction === undefined || event.altKey || event.shiftKey) return;
    const step = stepHistory(readHistory(workspaceId), cursor.current, draft, direction);
    if (step === null) return;
    event.preventDefault();
    cursor.current = step.cursor;
    setDraft(workspaceId, step.text);
  }

  return (
    <form className="command-bar" onSubmit={onSubmit}>
      <div className="command-bar__field">
        <span className="command-bar__prompt" aria-hidden="true">
          $
        </span>
        <input
          ref={inputRef}
          className="command-bar__input mono"
          aria-label="Command"
          aria-describedby="command-hint"
          placeholder="ip -br addr"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => {
            cursor.current = AT_DRAFT;
            setDraft(workspaceId, event.target.value);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <button type="submit" className="button button--primary" disabled={!canRun}>
        <Icon name="play" size={12} />
        Run
      </button>
      <button
        type="button"
        className="button"
        disabled={!canRun}
        onClick={() => {
          cursor.current = AT_DRAFT;
          onWatch();
        }}
        title="Re-run every interval and light the characters that changed, like watch -d"
      >
        <Icon name="refresh" size={12} />
        Watch
      </button>
      {!isWatching && <IntervalSelect workspaceId={workspaceId} />}
      {isRunning && (
        <button type="button" className="button button--danger" onClick={onStopAll}>
          <Icon name="stop" size={12} />
          Stop all
        </button>
      )}
      <p className="command-bar__hint" id="command-hint">
        {hostCount === 0
          ? 'Select at least one host to run on.'
          : `Runs on ${plural(hostCount, 'host')} · Enter runs · ↑↓ history · Esc stops · Watch re-runs it`}
      </p>
    </form>
  );
}
