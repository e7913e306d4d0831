import type { CollectWarning } from '../../../../shared/model/lab-overview';
import { Icon } from '../../ui/Icon';

/** What a collection could not tell, shown where it applies rather than swallowed. */
export function WarningList({
  warnings,
  hostNames,
}: {
  warnings: readonly CollectWarning[];
  hostNames?: ReadonlyMap<string, string>;
}) {
  if (warnings.length === 0) return null;
  return (
    <ul className="warnings" aria-label="Collection warnings">
      {warnings.map((warning, index) => (
        <li key={index} className="warnings__item">
          <Icon name="warning" size={13} />
          <span className="warnings__source mono">
            {warning.hostId !== undefined && hostNames !== undefined
              ? `${hostNames.get(warning.hostId) ?? warning.hostId} · `
              : ''}
            {warning.source}
          </span>
          <span className="warnings__message">{warning.message}</span>
        </li>
      ))}
    </ul>
  );
}
