import type { EniView } from './overview-shape';

/** One ENI: a header line with its identity, then its IP slots as a compact table. */
export function EniTable({ eni }: { eni: EniView }) {
  const secondary = eni.assigned + eni.warm;
  return (
    <div className="eni">
      <div className="eni__header">
        <span className="eni__if mono">{eni.interfaceName ?? '?'}</span>
        <span className="eni__id mono">{eni.id}</span>
        <span className="eni__meta">device {eni.deviceNumber}</span>
        {eni.mac !== null && <span className="eni__meta mono">{eni.mac}</span>}
        {eni.isPrimary && <span className="eni__tag">primary ENI</span>}
        <span className="eni__usage" title="secondary IPs used by pods / all secondary IPs">
          {eni.assigned}/{secondary} IPs used
        </span>
      </div>
      <table className="slots">
        <caption className="sr-only">
          IP addresses of {eni.id} ({eni.interfaceName ?? 'unknown interface'})
        </caption>
        <thead>
          <tr>
            <th scope="col">IP</th>
            <th scope="col">State</th>
            <th scope="col">Pod</th>
            <th scope="col">Host veth</th>
          </tr>
        </thead>
        <tbody>
          {eni.rows.map((row) => (
            <tr key={row.address} className={`slots__row slots__row--${row.state}`}>
              <td className="mono">{row.address}</td>
              <td>
                <span className={`slot-state slot-state--${row.state}`}>
                  {row.state === 'warm' ? 'warm · free' : row.state}
                </span>
              </td>
              <td className="mono">{row.pod ?? (row.state === 'primary' ? 'node' : '—')}</td>
              <td className="mono">{row.hostVeth ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
