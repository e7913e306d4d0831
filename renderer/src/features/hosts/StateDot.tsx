import type { ConnectionState } from '../../../../shared/model/workspace';
import { describeState } from './host-state';

/** A coloured dot for the eye, the same state in words for screen readers and on hover. */
export function StateDot({ state }: { state: ConnectionState }) {
  const { label, tone } = describeState(state);
  return (
    <span className={`state-dot state-dot--${tone}`} title={label}>
      <span className="sr-only">{label}</span>
    </span>
  );
}
