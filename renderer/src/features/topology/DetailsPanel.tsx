import type { Topology } from '../../../../shared/model/topology';
import { useAppStore } from '../../state/app-store';
import { captureTargetOf, requestCapture } from '../capture/capture-request';
import { requestTrace, traceSourceOfPod } from '../trace/trace-request';
import { useTerminalStore } from '../terminal/terminal-store';
import { describeElement } from './element-details';
import { podKey, type ElementData } from './graph-elements';

/** The selected element's facts, their sources, and actions on its node's host. */
export function DetailsPanel({
  model,
  selected,
  hostNames,
  workspaceId,
}: {
  model: Topology;
  selected: ElementData | null;
  hostNames: ReadonlyMap<string, string>;
  workspaceId: string;
}) {
  const details = selected === null ? null : describeElement(model, selected);
  if (details === null) {
    return (
      <aside className="topology__details" aria-label="Details">
        <p className="topology__hint">
          Click an ENI, IP, pod or node for its details. Scroll to zoom, drag to pan.
        </p>
      </aside>
    );
  }
  const hostId = details.hostId;
  const hostName = hostId === undefined ? undefined : hostNames.get(hostId);
  const openTerminal = () => {
    if (hostId === undefined || hostName === undefined) return;
    useTerminalStore.getState().add({ workspaceId, hostId, hostName });
    useAppStore.getState().setTab('terminals');
  };
  const runCommand = () => {
    if (hostId === undefined) return;
    useAppStore.getState().selectHosts([hostId]);
    useAppStore.getState().setTab('run');
  };
  const captureTarget = selected === null ? undefined : captureTargetOf(model, selected);
  const tracedPod =
    selected?.kind === 'pod' ? model.pods.find((p) => podKey(p) === selected.ref) : undefined;
  return (
    <aside className="topology__details" aria-label="Details" data-testid="topology-details">
      <h3 className="topology__details-title mono">{details.title}</h3>
      <dl className="topology__facts">
        {details.rows.map(([label, value]) => (
          <div key={label} className="topology__fact">
            <dt>{label}</dt>
            <dd className={`mono${value === 'unknown' ? ' topology__unknown' : ''}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {details.lists?.map((list) => (
        <section key={list.title} className="topology__list" aria-label={list.title}>
          <h4 className="topology__sources-title">{list.title}</h4>
          {list.items === null ? (
            <p className="topology__unknown mono">unknown</p>
          ) : list.items.length === 0 ? (
            <p className="topology__hint">{list.empty}</p>
          ) : (
            <ul className="topology__list-items mono">
              {list.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {hostName !== undefined && (
        <div className="topology__actions">
          <button type="button" className="button button--small" onClick={openTerminal}>
            Open terminal on {hostName}
          </button>
          <button type="button" className="button button--small" onClick={runCommand}>
            Run a command on {hostName}
          </button>
          {captureTarget !== undefined && (
            <button
              type="button"
              className="button button--small"
              onClick={() => requestCapture(captureTarget)}
            >
              Capture on {captureTarget.iface}
            </button>
          )}
          {tracedPod !== undefined && (
            <button
              type="button"
              className="button button--small"
              onClick={() => requestTrace(traceSourceOfPod(tracedPod))}
            >
              Trace from this pod
            </button>
          )}
        </div>
      )}
      {details.sources.length > 0 && (
        <>
          <h4 className="topology__sources-title">Sources</h4>
          <ul className="topology__sources mono">
            {details.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
