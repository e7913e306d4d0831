import { useMemo, useState, type FormEvent } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { Notice } from '../../ui/Notice';
import { Spinner } from '../../ui/Spinner';
import { markLabel, share, sourceSuggestions, stepRows } from './trace-view';
import { useTraceRequest } from './trace-request';
import { useTrace } from './useTrace';
import './trace.css';

/**
 * The "Trace" tab: a packet's path from a pod, node or host to a Service or pod IP, each step
 * with the rule, route or table lines it used, the endpoints with their shares, and Verify live.
 */
export function TracePanel({ workspace }: { workspace: Workspace }) {
  const suggestions = useMemo(() => sourceSuggestions(workspace.hosts), [workspace.hosts]);
  const [from, setFrom] = useState(suggestions[0] ?? '');
  const [to, setTo] = useState('');
  // "Trace from this pod" in the topology: the source is taken over, the destination kept.
  const asked = useTraceRequest((s) => s.request);
  const [takenAt, setTakenAt] = useState(0);
  if (asked !== null && asked.at !== takenAt) {
    setTakenAt(asked.at);
    setFrom(asked.from);
  }
  const { state, run } = useTrace(workspace.id);
  const rows = useMemo(
    () => (state.trace === null ? [] : stepRows(state.trace, state.verify)),
    [state.trace, state.verify],
  );
  const submit = (verify: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    if (from.trim() !== '' && to.trim() !== '') void run(from.trim(), to.trim(), verify);
  };

  return (
    <div className="trace" data-testid="trace">
      <form className="toolbar trace__form" onSubmit={submit(false)}>
        <h2 className="toolbar__title">Packet path</h2>
        <label className="trace__field">
          From
          <input
            list="trace-sources"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            placeholder="pod/NS/NAME, node/NAME or host/NAME"
            aria-label="From"
          />
          <datalist id="trace-sources">
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label className="trace__field">
          To
          <input
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="SERVICE_NAME, VIP:PORT or POD_IP[:PORT]"
            aria-label="To"
          />
        </label>
        <button type="submit" className="button" disabled={state.isRunning}>
          Trace
        </button>
        <button type="button" className="button" disabled={state.isRunning} onClick={submit(true)}>
          Verify live
        </button>
        {state.isRunning && <Spinner label="Tracing" />}
      </form>
      {state.error !== null && (
        <Notice kind="error" title="The trace failed">
          {state.error.message}
        </Notice>
      )}
      {state.trace === null && state.error === null && !state.isRunning && (
        <p className="trace__hint">
          Reads ip rule, ip route, ip addr and the nat rules (or IPVS table) of every node, then
          follows one new connection: DNS, DNAT with each endpoint&apos;s share, masquerade, policy
          routing, the destination&apos;s veth and the conntrack entry of the reply. Verify live
          runs tcpdump and conntrack on the nodes involved while one request is sent.
        </p>
      )}
      {state.trace !== null && (
        <>
          {[...state.trace.warnings, ...(state.verify?.warnings ?? [])].map((w) => (
            <p key={w} className="inline-error" role="alert">
              {w}
            </p>
          ))}
          <h3 className="trace__heading">
            {state.trace.from} → {state.trace.to}
          </h3>
          <table className="trace__endpoints" data-testid="trace-endpoints">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Share</th>
                <th>Node</th>
                <th>Egress</th>
              </tr>
            </thead>
            <tbody>
              {state.trace.endpoints.map((e) => (
                <tr key={`${e.ip}:${e.port ?? ''}`}>
                  <td>
                    {e.ip}:{e.port ?? '?'}
                  </td>
                  <td>{share(e.probability)}</td>
                  <td>{e.node ?? '—'}</td>
                  <td>{e.egressInterface ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.verify !== null && (
            <p className="trace__verify" data-testid="trace-verify">
              Request: <code>{state.verify.request.command}</code> →{' '}
              {state.verify.request.output || `exit ${state.verify.request.exitCode ?? '-'}`}; took{' '}
              {state.verify.endpoint ?? 'no endpoint seen'}
              {state.verify.conntrack !== null && (
                <>
                  ; conntrack <code>{state.verify.conntrack}</code>
                </>
              )}
            </p>
          )}
          <ol className="trace__steps" data-testid="trace-steps">
            {rows.map((r) => (
              <li key={r.n} className={`trace__step trace__step--${r.kind}`}>
                <div className="trace__step-head">
                  <span className="trace__kind">{r.kind}</span>
                  <span className="trace__host">{r.host}</span>
                  {r.endpoint !== null && <span className="trace__endpoint">{r.endpoint}</span>}
                  {r.check !== null && (
                    <span className={`trace__mark trace__mark--${r.check.status}`}>
                      {markLabel(r.check)}
                    </span>
                  )}
                </div>
                <p className="trace__text">{r.text}</p>
                {r.lines.length > 0 && <pre className="trace__lines">{r.lines.join('\n')}</pre>}
                {r.check !== null && r.check.evidence.length > 0 && (
                  <pre className="trace__evidence">{r.check.evidence.join('\n')}</pre>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
