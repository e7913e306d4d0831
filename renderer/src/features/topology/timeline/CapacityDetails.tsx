import type { Topology } from '../../../../../shared/model/topology';
import { EniTimelineSection } from './EniTimelineSection';

/**
 * The Capacity section folded under the topology graph, so the graph keeps its height until the
 * user opens it. The section stays mounted while folded: the timeline keeps every poll.
 */
export function CapacityDetails({ topology }: { topology: Topology }) {
  return (
    <details className="topology-capacity" data-testid="topology-capacity">
      <summary>Capacity and ENI timeline</summary>
      <EniTimelineSection topology={topology} />
    </details>
  );
}
