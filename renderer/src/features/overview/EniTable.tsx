import type { EniView } from './overview-shape';

/** What each slot state means, for the chip's tooltip and the panel's legend. */
export const STATE_HINTS = {
  primary: "the ENI's own address",
  assigned: 'a pod’s IP, routed to its host veth',
  warm: 'free: kept ready by ipamd for the next pod',
} as const;

/** One ENI: a header line with its identity, then its IP slots as a compact table. */
export function EniTable({ eni }: { eni: EniView }) {
  const secondary = eni.assigned + eni.warm;
  return (
    <div className="eni">
      <div className="eni__header">
        <div className="eni__line">
          <span className="eni__if mono">{eni.interfaceName ?? '?'}</span>
          <span className="eni__id mono">{eni.id}</span>
          {eni.isPrimary && <span className="eni__tag">primary ENI</span>}
          <span className="eni__usage" title="secondary IPs used by pods / all secondary IPs">
            {eni.assigned}/{secondary} IPs used
          </span>
        </div>
        <div className="eni__line eni__meta">
          {eni.deviceNumber !== null && <span>device {eni.deviceNumber}</span>}
          {eni.mac !== null && <span className="mono">MAC {eni.mac}</span>}
        </div>
      </div>
      <table className="slots">
        <colgroup>
          <col className="slots__col-ip" />
          <col className="slots__col-state" />
          <col />
          <col className="slots__col-veth" />
        </colgroup>
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
                <span
                  className={`slot-state slot-state--${row.state}`}
                  title={STATE_HINTS[row.state]}
                >
                  {row.state}
                </span>
              </td>
              <td
                className="mono"
                title={row.pod === null ? undefined : `${row.pod.namespace}/${row.pod.name}`}
              >
                {row.pod !== null ? (
                  <>
                    {row.pod.name} <span className="slots__ns">{row.pod.namespace}</span>
                  </>
                ) : row.state === 'primary' ? (
                  <span className="slots__own">node’s own IP</span>
                ) : (
                  '—'
                )}
              </td>
              <td className="mono" title={row.hostVeth ?? undefined}>
                {row.hostVeth ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
