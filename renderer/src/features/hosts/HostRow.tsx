import type { ReactNode } from 'react';
import type { HostSummary } from '../../../../shared/model/workspace';
import { formatAddress } from '../../lib/format';
import { ROLE_LABELS } from './host-state';
import { StateDot } from './StateDot';

type HostRowProps = {
  host: HostSummary;
  isSelected: boolean;
  onToggle: () => void;
  /** Actions and messages under the row (an SSH host's Connect and Edit, why it failed). */
  children?: ReactNode;
};

/** One host in the sidebar; the whole row is the label of its "run on this host" checkbox. */
export function HostRow({ host, isSelected, onToggle, children }: HostRowProps) {
  const address = formatAddress(host);
  return (
    <li className="host-row" data-testid={`host-${host.id}`}>
      <label className="host-row__label">
        <input
          type="checkbox"
          className="host-row__check"
          checked={isSelected}
          onChange={onToggle}
          aria-describedby={`host-${host.id}-address`}
        />
        <StateDot state={host.state} />
        <span className="host-row__text">
          <span className="host-row__name" title={host.name}>
            {host.name}
          </span>
          <span
            className="host-row__address mono"
            id={`host-${host.id}-address`}
            title={host.user === undefined ? address : `${host.user}@${address}`}
          >
            {address}
          </span>
        </span>
        <span className={`role role--${host.role}`}>{ROLE_LABELS[host.role]}</span>
      </label>
      {children}
    </li>
  );
}
