import { useEffect, useMemo } from 'react';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { formatClock, formatDuration, plural } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { Spinner } from '../../ui/Spinner';
import { CompareView } from './CompareView';
import { ScalePanel } from './ScalePanel';
import { ServiceDetail } from './ServiceDetail';
import { ServiceList } from './ServiceList';
import {
  loadHostServices,
  takeSnapshot,
  useHostEntry,
  useServicesStore,
  type ServicesView,
} from './services-store';
import { useModeSwitch } from './useModeSwitch';
import './services.css';

const VIEWS: { id: ServicesView; label: string }[] = [
  { id: 'explorer', label: 'Explorer' },
  { id: 'compare', label: 'Side by side' },
  { id: 'scale', label: 'Scale' },
];

/** The "Services" tab: kube-proxy's Services on one host, explained; compared; at scale. */
export function ServicesPanel({
  workspace,
  isVisible,
}: {
  workspace: Workspace;
  isVisible: boolean;
}) {
  const backend = useBackend();
  const store = useServicesStore();
  const defaultHost =
    workspace.hosts.find((h) => h.role === 'node')?.id ?? workspace.hosts[0]?.id ?? null;
  const hostId =
    store.hostIds[workspace.id] !== undefined &&
    workspace.hosts.some((h) => h.id === store.hostIds[workspace.id])
      ? (store.hostIds[workspace.id] ?? null)
      : defaultHost;
  const hostName = workspace.hosts.find((h) => h.id === hostId)?.name ?? hostId ?? '';
  const entry = useHostEntry(workspace.id, hostId);
  const data = entry.data;
  const modeSwitch = useModeSwitch(workspace.id, hostId, hostName);
  const refresh = () => {
    if (hostId !== null) void loadHostServices(backend, workspace.id, hostId);
  };

  useEffect(() => {
    if (!isVisible || hostId === null) return;
    void loadHostServices(backend, workspace.id, hostId);
  }, [backend, workspace.id, hostId, isVisible]);

  const selectedKey = store.selected[workspace.id] ?? null;
  const selected = useMemo(
    () => data?.services.find((s) => s.key === selectedKey) ?? data?.services[0] ?? null,
    [data, selectedKey],
  );
  const mode = data?.mode.detected ?? null;
  const otherMode = mode === 'ipvs' ? 'iptables' : 'ipvs';
  const isDemo = workspace.kind === 'demo';

  return (
    <div className="services" data-testid="services">
      <div className="toolbar">
        <h2 className="toolbar__title">Services</h2>
        <select
          className="services__select"
          aria-label="Host"
          value={hostId ?? ''}
          onChange={(e) => store.setHost(workspace.id, e.target.value)}
        >
          {workspace.hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name} ({h.role})
            </option>
          ))}
        </select>
        {data !== null && (
          <span className="toolbar__meta" data-testid="services-meta">
            <Badge
              tone={mode === 'ipvs' ? 'accent' : mode === 'iptables' ? 'neutral' : 'warn'}
              title={data.mode.evidence.map((e) => `${e.kind}: ${e.detail}`).join('\n')}
            >
              {mode} mode
            </Badge>{' '}
            {plural(data.services.length, 'Service port')} · read {formatClock(data.collectedAt)} in{' '}
            {formatDuration(data.durationMs)}
          </span>
        )}
        <span className="toolbar__spacer" />
        <div className="services__views" role="group" aria-label="View">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className="button button--small"
              aria-pressed={store.view === v.id}
              onClick={() => store.set({ view: v.id })}
            >
              {v.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="button"
          disabled={data === null}
          onClick={() => {
            if (data === null) return;
            const snap = takeSnapshot(data, hostName);
            store.set({ left: { kind: 'snapshot', id: snap.id } });
          }}
          title="Keep this host’s Services as they are now, to compare later"
        >
          Snapshot
        </button>
        {isDemo && mode !== null && mode !== 'unknown' && (
          <button
            type="button"
            className="button"
            disabled={modeSwitch.isSwitching}
            onClick={() => void modeSwitch.switchTo(otherMode, true)}
            title={`Snapshot ${hostName}, then set the demo's kube-proxy ConfigMap to mode: ${otherMode} and restart kube-proxy`}
          >
            {modeSwitch.isSwitching ? <Spinner label="Switching" /> : null}
            Snapshot, then switch demo to {otherMode === 'ipvs' ? 'IPVS' : 'iptables'}
          </button>
        )}
        <button type="button" className="button" onClick={refresh} disabled={entry.isLoading}>
          <Icon name="refresh" size={13} />
          Refresh
        </button>
      </div>
      {modeSwitch.error !== null && (
        <p className="inline-error" role="alert">
          {modeSwitch.error}
        </p>
      )}
      {modeSwitch.commands.length > 0 && (
        <details className="services__commands" data-testid="mode-commands">
          <summary>
            kube-proxy mode switched with {modeSwitch.commands.length} kubectl commands on the
            operator
          </summary>
          {modeSwitch.commands.map((c) => (
            <code key={c} className="path__raw">
              {c}
            </code>
          ))}
        </details>
      )}
      {entry.error !== null && data !== null && (
        <p className="inline-error" role="alert">
          <strong>The last read failed; showing the previous one.</strong> {entry.error.message}
        </p>
      )}
      {data !== null && data.warnings.length > 0 && (
        <ul className="services__issues" aria-label="Warnings">
          {data.warnings.map((w, i) => (
            <li key={i}>
              {w.source}: {w.message}
            </li>
          ))}
        </ul>
      )}
      {store.view === 'compare' ? (
        <CompareView selectedKey={selected?.key ?? null} />
      ) : data === null ? (
        entry.error !== null ? (
          <Notice kind="error" title="Could not read kube-proxy’s rules" onRetry={refresh}>
            {entry.error.message}
          </Notice>
        ) : (
          <Notice kind="loading" title={`Reading kube-proxy’s rules on ${hostName}…`}>
            iptables-save, ipvsadm, ipset and kube-ipvs0 on the node; kubectl on the operator.
          </Notice>
        )
      ) : store.view === 'scale' ? (
        <ScalePanel host={data} />
      ) : (
        <div className="services__body">
          <ServiceList
            services={data.services}
            selectedKey={selected?.key ?? null}
            onSelect={(key) => store.select(workspace.id, key)}
          />
          {selected === null ? (
            <Notice kind="empty" title="No Services on this host">
              kube-proxy has programmed no Service here (or this host is not a node).
            </Notice>
          ) : (
            <ServiceDetail workspaceId={workspace.id} host={data} explained={selected} />
          )}
        </div>
      )}
    </div>
  );
}
