import type { ExplainedService, HostServices } from '../../../../shared/api/contract-kube-proxy';
import { Badge } from '../../ui/Badge';
import { DistributionPanel } from './DistributionPanel';
import { EndpointsTable } from './EndpointsTable';
import { IpvsView } from './IpvsView';
import { PathView } from './PathView';
import { serviceAddress, serviceTitle } from './service-list';

/** One Service port on one host: facts, endpoints, the path (or IPVS view), live distribution. */
export function ServiceDetail({
  workspaceId,
  host,
  explained,
}: {
  workspaceId: string;
  host: HostServices;
  explained: ExplainedService;
}) {
  const { service } = explained;
  const isIpvs = service.source === 'ipvs';
  return (
    <article className="services__detail" data-testid="service-detail" aria-label="Service">
      <header className="services__detail-head">
        <h3 className="services__detail-title">{serviceTitle(service)}</h3>
        <span className="mono services__detail-address">{serviceAddress(service)}</span>
        <Badge tone={isIpvs ? 'accent' : 'neutral'}>{isIpvs ? 'IPVS' : 'iptables'}</Badge>
        {service.sessionAffinity !== undefined && (
          <Badge tone="warn" title="sessionAffinity: ClientIP">
            affinity {service.sessionAffinity.timeoutSeconds} s
          </Badge>
        )}
        {service.nodePort !== null && (
          <Badge tone="muted">externalTrafficPolicy {service.externalTrafficPolicy}</Badge>
        )}
      </header>
      {service.issues.length > 0 && (
        <ul className="services__issues">
          {service.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      <section aria-label="Endpoints">
        <h4 className="services__section-title">Endpoints</h4>
        <EndpointsTable explained={explained} />
      </section>
      <section aria-label="Path">
        <h4 className="services__section-title">
          {isIpvs ? 'IPVS' : 'Path of a new connection through the nat table'}
        </h4>
        {isIpvs ? (
          <IpvsView explained={explained} host={host} />
        ) : (
          <PathView explained={explained} host={host} />
        )}
      </section>
      <section aria-label="Live distribution">
        <h4 className="services__section-title">Live distribution</h4>
        <DistributionPanel
          key={`${host.hostId}/${explained.key}`}
          workspaceId={workspaceId}
          host={host}
          explained={explained}
        />
      </section>
    </article>
  );
}
