import type { HostServices } from '../../../../shared/api/contract-kube-proxy';
import { SYNC_LATENCY, scaleNotes } from './scale';

const n = (x: number | null) => (x === null ? 'unknown' : x.toLocaleString());

/** This host's rule and chain counts, and why iptables mode slows with thousands of Services. */
export function ScalePanel({ host }: { host: HostServices }) {
  const { scale } = host;
  const servicesChain = host.services.filter((s) =>
    s.service.lines.some((l) => l.kind === 'iptables' && l.chain === 'KUBE-SERVICES'),
  ).length;
  const notes = scaleNotes({
    servicePorts: host.services.length,
    natRules: scale.natRules,
    svcChains: scale.svcChains,
    sepChains: scale.sepChains,
    ipvsVirtualServers: scale.ipvsVirtualServers,
    ipvsRealServers: scale.ipvsRealServers,
    // One KUBE-SERVICES rule per Service port (plus the NodePorts rule) in iptables mode.
    servicesChainLength: host.mode.detected === 'iptables' ? servicesChain + 1 : null,
  });
  return (
    <section className="scale" data-testid="scale-panel" aria-label="Scale">
      <dl className="scale__figures">
        <div>
          <dt>Service ports</dt>
          <dd>{host.services.length}</dd>
        </div>
        <div>
          <dt>nat rules</dt>
          <dd>{n(scale.natRules)}</dd>
        </div>
        <div>
          <dt>KUBE-SVC chains</dt>
          <dd>{n(scale.svcChains)}</dd>
        </div>
        <div>
          <dt>KUBE-SEP chains</dt>
          <dd>{n(scale.sepChains)}</dd>
        </div>
        <div>
          <dt>IPVS virtual servers</dt>
          <dd>{n(scale.ipvsVirtualServers)}</dd>
        </div>
        <div>
          <dt>IPVS real servers</dt>
          <dd>{n(scale.ipvsRealServers)}</dd>
        </div>
      </dl>
      <h4 className="services__section-title">
        Why iptables mode slows down with thousands of Services
      </h4>
      <ul className="scale__notes">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <table className="services__table scale__latency">
        <caption>
          Time to add one rule, measured for the IPVS proposal (kubernetes/community#692)
        </caption>
        <thead>
          <tr>
            <th className="services__num">Services</th>
            <th className="services__num">iptables rules</th>
            <th className="services__num">iptables</th>
            <th className="services__num">IPVS</th>
          </tr>
        </thead>
        <tbody>
          {SYNC_LATENCY.map((row) => (
            <tr key={row.services}>
              <td className="services__num mono">{row.services.toLocaleString()}</td>
              <td className="services__num mono">{row.rules.toLocaleString()}</td>
              <td className="services__num mono">{row.iptables}</td>
              <td className="services__num mono">{row.ipvs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
