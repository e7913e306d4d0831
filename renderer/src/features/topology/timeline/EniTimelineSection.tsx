import { useMemo, useState } from 'react';
import { topologyCapacity } from '../../../../../shared/model/eni-capacity';
import { chartColumns, type EniTimeline } from '../../../../../shared/model/eni-timeline';
import {
  DEFAULT_WARM_POOL,
  type WarmPoolSettings,
} from '../../../../../shared/model/eni-warm-pool';
import type { Topology } from '../../../../../shared/model/topology';
import { CapacityCard } from './CapacityCard';
import { capacityCardView } from './capacity-view';
import { EniChart } from './EniChart';
import { EventList } from './EventList';
import { deploymentName, scalableOwners } from './timeline-view';
import { useEniTimeline } from './useEniTimeline';
import './timeline.css';

/**
 * Capacity and ENI growth per node: a chart of ENIs, IPs and pods over the polls seen so far, the
 * capacity card with the next-ENI prediction for a chosen Deployment, and the events. Mount it
 * with each new topology; `warmPool` is the aws-node env when the collector read it.
 */
export function EniTimelineSection({
  topology,
  warmPool = DEFAULT_WARM_POOL,
}: {
  topology: Topology | null;
  warmPool?: WarmPoolSettings;
}) {
  const timeline = useEniTimeline(topology);
  return <EniTimelineView topology={topology} timeline={timeline} warmPool={warmPool} />;
}

/** The section's view over a timeline already built (the e2e feeds it scripted snapshots). */
export function EniTimelineView({
  topology,
  timeline,
  warmPool,
}: {
  topology: Topology | null;
  timeline: EniTimeline;
  warmPool: WarmPoolSettings;
}) {
  const owners = useMemo(() => scalableOwners(topology?.pods ?? []), [topology]);
  const [chosen, setChosen] = useState<string | null>(null);
  const owner = owners.find((o) => o.owner === chosen)?.owner ?? owners[0]?.owner;
  const capacities = useMemo(
    () => (topology === null ? [] : topologyCapacity(topology, warmPool, owner)),
    [topology, warmPool, owner],
  );
  if (topology === null) return null;
  return (
    <section className="eni-timeline" data-testid="eni-timeline" aria-label="Capacity">
      <header className="eni-timeline__header">
        <h3>Capacity</h3>
        {owners.length > 0 && (
          <label className="eni-timeline__owner">
            Predict for
            <select value={owner} onChange={(e) => setChosen(e.target.value)}>
              {owners.map((o) => (
                <option key={o.owner} value={o.owner}>
                  {deploymentName(o.owner)} ({o.pods} pods)
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <div className="eni-timeline__nodes">
        {capacities.map((capacity) => {
          const columns = chartColumns(timeline, capacity.nodeName);
          return (
            <article
              key={capacity.nodeName}
              className="eni-timeline__node"
              data-testid={`eni-timeline-${capacity.nodeName}`}
            >
              <h4 className="mono">{capacity.nodeName}</h4>
              <CapacityCard view={capacityCardView(capacity, warmPool)} />
              {columns !== undefined && (
                <EniChart
                  columns={columns}
                  maxEnis={capacity.limits?.maxEnis}
                  maxPods={capacity.limits?.maxPods}
                  label={`ENIs, IPs and pods over time on ${capacity.nodeName}`}
                />
              )}
            </article>
          );
        })}
      </div>
      <h4>Events</h4>
      <EventList events={timeline.events} />
    </section>
  );
}
