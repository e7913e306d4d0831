import { plural } from '../../lib/format';
import { EniTable } from './EniTable';
import type { NodeView } from './overview-shape';
import { WarningList } from './WarningList';

/** One worker node: what it is, then its ENIs and the pods on their IPs. */
export function NodeCard({ node, hostName }: { node: NodeView; hostName: string }) {
  return (
    <article
      className="node-card"
      data-testid={`overview-node-${node.hostId}`}
      aria-labelledby={`node-title-${node.hostId}`}
    >
      <header className="node-card__header">
        <div className="node-card__title-row">
          <h3 className="node-card__title mono" id={`node-title-${node.hostId}`}>
            {node.title}
          </h3>
          {hostName !== node.title && <span className="node-card__host">{hostName}</span>}
        </div>
        <dl className="facts">
          {node.facts.map((fact) => (
            <div key={fact.label} className="facts__item">
              <dt>{fact.label}</dt>
              <dd className="mono">{fact.value}</dd>
            </div>
          ))}
          <div className="facts__item">
            <dt>Pod IPs</dt>
            <dd>
              {node.assigned} used · {node.warm} warm
            </dd>
          </div>
        </dl>
      </header>
      <WarningList warnings={node.warnings} />
      {node.enis.length === 0 ? (
        <p className="node-card__empty">No ENIs reported for this node.</p>
      ) : (
        node.enis.map((eni) => <EniTable key={eni.id} eni={eni} />)
      )}
      {node.hostNetworkPods.length > 0 && (
        <details className="host-network">
          <summary>{plural(node.hostNetworkPods.length, 'host-network pod')}</summary>
          <ul className="host-network__list mono">
            {node.hostNetworkPods.map((pod) => (
              <li key={pod}>{pod}</li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}
