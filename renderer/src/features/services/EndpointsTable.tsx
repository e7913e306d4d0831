import type { ExplainedService } from '../../../../shared/api/contract-kube-proxy';
import { shortNode } from './service-list';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The endpoints with their effective share, the pod and node behind each IP. */
export function EndpointsTable({ explained }: { explained: ExplainedService }) {
  const { service, owners } = explained;
  const isIpvs = service.source === 'ipvs';
  if (service.endpoints.length === 0)
    return <p className="services__hint">No endpoints: new connections are rejected.</p>;
  return (
    <table className="services__table" data-testid="endpoints-table">
      <thead>
        <tr>
          <th>Endpoint</th>
          <th>Pod</th>
          <th>Node</th>
          <th className="services__num">Share</th>
          {isIpvs ? (
            <>
              <th>Forward</th>
              <th className="services__num">Weight</th>
              <th className="services__num">Active</th>
              <th className="services__num">Inactive</th>
            </>
          ) : (
            <>
              <th className="services__num">Rule probability</th>
              <th>Chain</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {service.endpoints.map((e, i) => {
          const owner = owners[i];
          const pod =
            owner?.podName == null ? 'unknown' : `${owner.podNamespace ?? ''}/${owner.podName}`;
          return (
            <tr key={`${e.ip ?? '?'}:${e.port ?? '?'}:${i}`}>
              <td className="mono">
                {e.ip ?? '?'}:{e.port ?? '?'}
              </td>
              <td className={owner?.podName == null ? 'services__unknown' : 'services__nowrap'}>
                {pod}
              </td>
              <td className="services__nowrap" title={owner?.nodeName ?? undefined}>
                {owner?.nodeName == null ? (
                  <span className="services__unknown">unknown</span>
                ) : (
                  shortNode(owner.nodeName)
                )}
                {owner?.isLocal === true && <span className="services__local"> this node</span>}
              </td>
              <td className="services__num mono">{pct(e.probability)}</td>
              {isIpvs ? (
                <>
                  <td>{e.ipvs?.forward ?? '?'}</td>
                  <td className="services__num mono">{e.ipvs?.weight ?? '?'}</td>
                  <td className="services__num mono">{e.ipvs?.activeConn ?? '?'}</td>
                  <td className="services__num mono">{e.ipvs?.inactConn ?? '?'}</td>
                </>
              ) : (
                <>
                  <td className="services__num mono">
                    {e.ruleProbability === null ? 'none' : e.ruleProbability.toFixed(5)}
                  </td>
                  <td className="mono services__nowrap">{e.sepChain ?? '—'}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
