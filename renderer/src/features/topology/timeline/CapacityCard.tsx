import type { CapacityCardView } from './capacity-view';

/** A node's limits, usage and the next-ENI prediction, all as text from `capacityCardView`. */
export function CapacityCard({ view }: { view: CapacityCardView }) {
  return (
    <div className="capacity-card">
      <dl className="facts">
        {view.facts.map((fact) => (
          <div key={fact.label} className="facts__item">
            <dt>{fact.label}</dt>
            <dd className="mono">{fact.value}</dd>
          </div>
        ))}
      </dl>
      <p className={view.isFull ? 'capacity-card__next is-full' : 'capacity-card__next'}>
        {view.isFull ? 'Node full (max pods). ' : ''}
        {view.nextEni}
      </p>
    </div>
  );
}
