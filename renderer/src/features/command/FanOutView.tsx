import { useMemo } from 'react';
import { DEFAULT_VOLATILE, groupFanOut } from '../../../../shared/model/fan-out';
import type { FanOutInput } from '../../../../shared/model/fan-out';
import { plural } from '../../lib/format';
import { GroupSection } from './GroupSection';
import type { HostOutput } from './run-model';

type FanOutViewProps = {
  inputs: readonly FanOutInput[];
  outputs: Readonly<Record<string, HostOutput>>;
  nameOf: (hostId: string) => string;
  isNormalized: boolean;
  isWrapping: boolean;
};

/** A finished run grouped: identical outputs once, the rest as diffs against the majority. */
export function FanOutView({ inputs, outputs, nameOf, isNormalized, isWrapping }: FanOutViewProps) {
  const result = useMemo(
    () => groupFanOut(inputs, isNormalized ? { normalize: DEFAULT_VOLATILE } : {}),
    [inputs, isNormalized],
  );
  const summary = result.isUnanimous
    ? `All ${plural(result.hostCount, 'host')} printed the same.`
    : `${plural(result.groups.length, 'distinct output')} across ${plural(result.hostCount, 'host')}.`;
  return (
    <div className="fan-out" data-testid="fan-out">
      <p className="fan-out__summary" data-testid="fan-out-summary">
        {summary}
      </p>
      {result.groups.map((group, index) => (
        <GroupSection
          key={group.hostIds.join(',')}
          group={group}
          index={index}
          outputs={outputs}
          nameOf={nameOf}
          isWrapping={isWrapping}
        />
      ))}
    </div>
  );
}
