import { useCommandStore } from './command-store';

/** How a run is shown: grouped or per host, what grouping ignores, and line wrapping. */
export function RunOptions({ canGroup }: { canGroup: boolean }) {
  const isWrapping = useCommandStore((state) => state.isWrapping);
  const setWrapping = useCommandStore((state) => state.setWrapping);
  const isGrouped = useCommandStore((state) => state.isGrouped);
  const setGrouped = useCommandStore((state) => state.setGrouped);
  const isNormalized = useCommandStore((state) => state.isNormalized);
  const setNormalized = useCommandStore((state) => state.setNormalized);

  return (
    <div className="run__options">
      {canGroup && (
        <div className="segmented" role="group" aria-label="Show outputs">
          <button
            type="button"
            className="segmented__item"
            aria-pressed={isGrouped}
            onClick={() => setGrouped(true)}
          >
            Grouped
          </button>
          <button
            type="button"
            className="segmented__item"
            aria-pressed={!isGrouped}
            onClick={() => setGrouped(false)}
          >
            Per host
          </button>
        </div>
      )}
      {canGroup && isGrouped && (
        <label className="toggle" title="Timestamps and kubectl ages; addresses still count">
          <input
            type="checkbox"
            checked={isNormalized}
            onChange={(event) => setNormalized(event.target.checked)}
          />
          Ignore times &amp; ages
        </label>
      )}
      <label className="toggle">
        <input
          type="checkbox"
          checked={isWrapping}
          onChange={(event) => setWrapping(event.target.checked)}
        />
        Wrap long lines
      </label>
    </div>
  );
}
