import { useId, useMemo, useState } from 'react';
import type { ExplainedService, HostServices } from '../../../../shared/api/contract-kube-proxy';
import { Spinner } from '../../ui/Spinner';
import { endpointColor } from './chart-options';
import { DistributionChart } from './DistributionChart';
import {
  distributionColumns,
  distributionRows,
  expectedLines,
  parsePod,
  totalHits,
} from './distribution';
import { endpointKey } from './iptables-path';
import { expectedPattern } from './schedulers';
import { useDistribution } from './useDistribution';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Pods known from the host's Services (endpoint owners): where a traffic loop can start. */
function clientPods(host: HostServices): { namespace: string; pod: string }[] {
  const seen = new Map<string, { namespace: string; pod: string }>();
  for (const s of host.services)
    for (const o of s.owners)
      if (o.podName !== null && o.podNamespace !== null)
        seen.set(`${o.podNamespace}/${o.podName}`, { namespace: o.podNamespace, pod: o.podName });
  return [...seen.values()].sort((a, b) =>
    `${a.namespace}/${a.pod}`.localeCompare(`${b.namespace}/${b.pod}`),
  );
}

/** Zero the counters, send traffic (built-in loop or your own), watch hits against the share. */
export function DistributionPanel({
  workspaceId,
  host,
  explained,
}: {
  workspaceId: string;
  host: HostServices;
  explained: ExplainedService;
}) {
  const { service, counters } = explained;
  const live = useDistribution(workspaceId, host.hostId, counters);
  const pods = useMemo(() => clientPods(host), [host]);
  const listId = useId();
  const [useLoop, setUseLoop] = useState(true);
  const [from, setFrom] = useState<string | null>(null);
  const [rate, setRate] = useState(10);
  const fromText = from ?? (pods[0] === undefined ? '' : `${pods[0].namespace}/${pods[0].pod}`);
  const client = parsePod(fromText);
  const rows = distributionRows(service.endpoints, live.reads);
  const columns = useMemo(
    () => distributionColumns(service.endpoints, live.reads),
    [service.endpoints, live.reads],
  );
  const labels = useMemo(
    () => service.endpoints.map((e) => endpointKey(e.ip, e.port)),
    [service.endpoints],
  );
  const expected = useMemo(() => expectedLines(service.endpoints), [service.endpoints]);
  const canLoop = client !== null && service.clusterIP !== '' && service.port !== null;

  if (counters === null)
    return (
      <p className="services__hint">
        This Service port has no chain or virtual server whose counters can be read.
      </p>
    );
  const start = () =>
    void live.start(
      useLoop && canLoop && client !== null && service.port !== null
        ? {
            from: client,
            to: { ip: service.clusterIP, port: service.port },
            ratePerSecond: rate,
          }
        : null,
    );
  return (
    <div className="distribution" data-testid="distribution">
      <div className="distribution__controls">
        <label className="toggle">
          <input
            type="checkbox"
            checked={useLoop}
            disabled={live.isRunning}
            onChange={(e) => setUseLoop(e.target.checked)}
          />
          Send requests from
        </label>
        <input
          className="services__input services__input--pod"
          aria-label="Client pod (namespace/name)"
          placeholder="namespace/pod"
          list={listId}
          value={fromText}
          disabled={!useLoop || live.isRunning}
          onChange={(e) => setFrom(e.target.value)}
        />
        <datalist id={listId}>
          {pods.map((p) => (
            <option key={`${p.namespace}/${p.pod}`} value={`${p.namespace}/${p.pod}`} />
          ))}
        </datalist>
        <label className="distribution__rate">
          <input
            className="services__input services__input--narrow"
            type="number"
            min={0.2}
            max={20}
            step={1}
            value={rate}
            disabled={!useLoop || !canLoop || live.isRunning}
            aria-label="Requests per second"
            onChange={(e) => setRate(Math.min(20, Math.max(0.2, Number(e.target.value) || 1)))}
          />
          per second
        </label>
        <span className="toolbar__spacer" />
        {live.isRunning ? (
          <button type="button" className="button button--danger" onClick={() => void live.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" className="button button--primary" onClick={start}>
            Zero counters and start
          </button>
        )}
      </div>
      <p className="path__explain">{expectedPattern(service.source, service.scheduler ?? null)}</p>
      {useLoop && !live.isRunning && !canLoop && (
        <p className="services__hint">
          {client === null
            ? 'Type the client pod as namespace/name, or untick to send your own traffic.'
            : 'This Service port has no cluster IP and port to send requests to.'}
        </p>
      )}
      {live.error !== null && (
        <p className="inline-error" role="alert">
          {live.error}
        </p>
      )}
      <p className="distribution__status mono" data-testid="distribution-status">
        {live.isRunning && <Spinner label="Polling the counters" />}
        {live.sample === null
          ? 'Not started: the counters are read once a second after zeroing.'
          : `${totalHits(rows)} new connections since zero, read with ${live.sample.command}`}
        {live.traffic !== null &&
          ` · built-in loop: ${live.traffic.sent} requests sent, ${live.traffic.failed} failed${live.traffic.endReason === null ? '' : ` (${live.traffic.endReason})`}`}
      </p>
      {live.traffic?.lastError != null && (
        <p className="services__hint">Last request error: {live.traffic.lastError}</p>
      )}
      <DistributionChart columns={columns} labels={labels} expected={expected} />
      <table className="services__table" data-testid="distribution-table">
        <thead>
          <tr>
            <th>Endpoint</th>
            <th className="services__num">Hits</th>
            <th className="services__num">Observed</th>
            <th className="services__num">Expected</th>
            <th>Within random noise (2σ)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key}>
              <td className="mono">
                <span className="distribution__swatch" style={{ background: endpointColor(i) }} />
                {r.key}
              </td>
              <td className="services__num mono">{r.hits}</td>
              <td className="services__num mono">{pct(r.observed)}</td>
              <td className="services__num mono">{pct(r.expected)}</td>
              <td>
                {totalHits(rows) === 0
                  ? '—'
                  : r.isWithinTolerance
                    ? `yes (±${pct(r.tolerance)})`
                    : `no (±${pct(r.tolerance)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
