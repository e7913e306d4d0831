import type { Topology } from '../../../../shared/model/topology';
import { nodeKey } from './graph-elements';

/** The table a big cluster switches to: one row per ENI with its counts. */
export function EniTableView({ model }: { model: Topology }) {
  return (
    <div className="topology__table-wrap">
      <table className="topology__table" data-testid="topology-table">
        <thead>
          <tr>
            <th>Node</th>
            <th>Type</th>
            <th>ENI</th>
            <th>Device</th>
            <th>Interface</th>
            <th>Subnet</th>
            <th>Primary IP</th>
            <th>IPs</th>
            <th>Pods</th>
            <th>Warm</th>
          </tr>
        </thead>
        <tbody>
          {model.nodes.flatMap((node, index) =>
            node.enis.map((eni, eniIndex) => {
              const used = eni.slots.filter((slot) => slot.state === 'assigned').length;
              const warm = eni.slots.filter((slot) => slot.state === 'warm').length;
              return (
                <tr key={`${nodeKey(node, index)}/${eni.id ?? eniIndex}`}>
                  <td>{nodeKey(node, index)}</td>
                  <td>{node.instanceType ?? '?'}</td>
                  <td className="mono">{eni.id ?? '?'}</td>
                  <td>{eni.deviceNumber ?? '?'}</td>
                  <td className="mono">{eni.interfaceName ?? '?'}</td>
                  <td className="mono">{eni.subnetId ?? '?'}</td>
                  <td className="mono">{eni.primaryIp ?? '?'}</td>
                  <td>{eni.slots.length}</td>
                  <td>{used}</td>
                  <td>{warm}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
