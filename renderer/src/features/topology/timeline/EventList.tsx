import type { TimelineEvent } from '../../../../../shared/model/eni-timeline';
import { formatClock } from '../../../lib/format';

const SHOWN = 60;

const KIND_LABEL: Record<TimelineEvent['kind'], string> = {
  'eni-attached': 'ENI +',
  'eni-detached': 'ENI −',
  'node-full': 'full',
  'pod-pending': 'pending',
};

/** The timeline's events, newest first. */
export function EventList({ events }: { events: readonly TimelineEvent[] }) {
  if (events.length === 0)
    return <p className="eni-events__empty">No ENI or capacity events yet.</p>;
  const shown = events.slice(-SHOWN).reverse();
  return (
    <ol className="eni-events" data-testid="eni-events">
      {shown.map((event, index) => (
        <li
          key={`${event.at}-${events.length - index}`}
          className={`eni-events__item is-${event.kind}`}
        >
          <time className="eni-events__time mono">{formatClock(event.at)}</time>
          <span className="eni-events__kind">{KIND_LABEL[event.kind]}</span>
          <span className="eni-events__text mono">{event.text}</span>
        </li>
      ))}
    </ol>
  );
}
