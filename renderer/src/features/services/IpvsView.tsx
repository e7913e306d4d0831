import type {
  CitedLine,
  ExplainedService,
  HostServices,
} from '../../../../shared/api/contract-kube-proxy';
import { matchedSet, noteFor } from './rule-notes';
import { schedulerLabel } from './schedulers';

/** Residual rules that concern a ClusterIP Service (the rest: external IPs, NodePorts, LBs). */
function isForClusterIps(text: string): boolean {
  const set = matchedSet(text);
  return set === null
    ? /KUBE-(MARK-MASQ|POSTROUTING|SERVICES)\b/.test(text)
    : ['KUBE-CLUSTER-IP', 'KUBE-LOOP-BACK', 'KUBE-IPVS-IPS'].includes(set);
}

function ResidualRules({ rules, testId }: { rules: readonly CitedLine[]; testId?: string }) {
  return (
    <ul className="path__rules" data-testid={testId}>
      {rules.map((l) => {
        const note = noteFor(l.text).note;
        return (
          <li key={l.line} className="path__rule">
            <code className="path__raw">{l.text}</code>
            {note !== '' && <p className="path__note">{note}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The IPVS-mode view of a Service: its virtual server and real servers as ipvsadm printed them,
 * the scheduler and persistence in words, the VIP on kube-ipvs0, and the iptables rules and
 * ipsets IPVS mode still keeps.
 */
export function IpvsView({ explained, host }: { explained: ExplainedService; host: HostServices }) {
  const { service } = explained;
  const ipvsLines = explained.cited.filter((l) => l.source === 'ipvs');
  const affinity = service.sessionAffinity;
  // Empty sets (load balancer, NodePort kinds this cluster does not use) are counted, not listed.
  const sets = host.residual.ipsets.filter((set) => set.members > 0);
  const emptySets = host.residual.ipsets.length - sets.length;
  const main = host.residual.rules.filter((l) => isForClusterIps(l.text));
  const more = host.residual.rules.filter((l) => !isForClusterIps(l.text));
  return (
    <div className="ipvs" data-testid="ipvs-view">
      <section className="path__step">
        <h4 className="path__title">Virtual server</h4>
        <ul className="path__rules">
          {ipvsLines.map((l) => (
            <li key={l.line} className="path__rule">
              <code className="path__raw" title={`ipvsadm -Ln line ${l.line}`}>
                {l.text}
              </code>
            </li>
          ))}
        </ul>
        <dl className="services__facts">
          <dt>Scheduler</dt>
          <dd>{schedulerLabel(service.scheduler ?? null)}</dd>
          <dt>Persistence</dt>
          <dd>
            {affinity === undefined
              ? 'none: each new connection is scheduled on its own'
              : `persistent ${affinity.timeoutSeconds} s: a client keeps its real server (sessionAffinity: ClientIP)`}
          </dd>
          <dt>VIP on kube-ipvs0</dt>
          <dd>
            {explained.vipOnKubeIpvs0 === true
              ? `yes — ${service.clusterIP} is bound to the dummy interface kube-ipvs0, so the node accepts packets for it and IPVS (on INPUT) takes them`
              : explained.vipOnKubeIpvs0 === false
                ? `no — ${service.clusterIP} is not on kube-ipvs0: packets to it are not delivered locally, IPVS never sees them`
                : 'unknown'}
          </dd>
        </dl>
        <p className="path__explain">
          The real server is chosen by a hash-table lookup of the virtual server and the scheduler,
          then the packet is rewritten (Masq = NAT) to the pod; no rule list is walked.
        </p>
      </section>
      <section className="path__step">
        <h4 className="path__title">Iptables rules IPVS mode keeps</h4>
        <p className="path__explain">
          IPVS mode keeps a few iptables rules. They match whole ipsets — one hash lookup each —
          instead of one rule per Service, so their number does not grow with the Services.
        </p>
        {host.residual.rules.length === 0 ? (
          <p className="services__hint">No residual rules were read.</p>
        ) : (
          <>
            <ResidualRules rules={main} testId="ipvs-residual" />
            {more.length > 0 && (
              <details className="services__commands">
                <summary>
                  {more.length} more rules for external IPs, NodePorts and load balancers
                </summary>
                <ResidualRules rules={more} />
              </details>
            )}
          </>
        )}
        {sets.length > 0 && (
          <table className="services__table">
            <thead>
              <tr>
                <th>ipset</th>
                <th>Type</th>
                <th className="services__num">Members</th>
                <th>Holds this Service</th>
              </tr>
            </thead>
            <tbody>
              {sets.map((set) => (
                <tr key={set.name}>
                  <td className="mono">{set.name}</td>
                  <td className="mono">{set.type}</td>
                  <td className="services__num mono">{set.members}</td>
                  <td className="mono">
                    {set.sample.find((m) => m.startsWith(`${service.clusterIP},`)) ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {emptySets > 0 && (
          <p className="services__hint">
            {emptySets} more ipsets are empty (kinds of Service this cluster does not use).
          </p>
        )}
      </section>
    </div>
  );
}
