import { useEffect, useMemo } from 'react';
import type { ExplainedService, HostServices } from '../../../../shared/api/contract-kube-proxy';
import type { ServiceEndpoint } from '../../../../shared/model/kube-proxy/types';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { useAppStore } from '../../state/app-store';
import { Notice } from '../../ui/Notice';
import { compareServices, endpointCell } from './compare';
import { serviceTitle, shortNode } from './service-list';
import { entryKey, loadHostServices, useServicesStore, type CompareSource } from './services-store';

const sourceId = (s: CompareSource | null) =>
  s === null ? '' : s.kind === 'live' ? `live:${s.workspaceId}/${s.hostId}` : `snap:${s.id}`;

function parseSource(id: string): CompareSource | null {
  if (id.startsWith('snap:')) return { kind: 'snapshot', id: id.slice(5) };
  const m = /^live:([^/]+)\/(.+)$/.exec(id);
  return m === null ? null : { kind: 'live', workspaceId: m[1] ?? '', hostId: m[2] ?? '' };
}

/** The host data a side shows: a snapshot's, or the last read of a live host. */
function useSide(source: CompareSource | null): HostServices | null {
  const backend = useBackend();
  const snapshots = useServicesStore((s) => s.snapshots);
  const entries = useServicesStore((s) => s.entries);
  const liveKey = source?.kind === 'live' ? entryKey(source.workspaceId, source.hostId) : null;
  useEffect(() => {
    if (source?.kind !== 'live') return;
    if (useServicesStore.getState().entries[entryKey(source.workspaceId, source.hostId)]?.data)
      return;
    void loadHostServices(backend, source.workspaceId, source.hostId);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by liveKey
  }, [backend, liveKey]);
  if (source === null) return null;
  if (source.kind === 'snapshot') return snapshots.find((s) => s.id === source.id)?.data ?? null;
  return entries[entryKey(source.workspaceId, source.hostId)]?.data ?? null;
}

function SourcePicker({
  label,
  value,
  onChange,
  workspaces,
}: {
  label: string;
  value: CompareSource | null;
  onChange: (s: CompareSource | null) => void;
  workspaces: readonly Workspace[];
}) {
  const snapshots = useServicesStore((s) => s.snapshots);
  return (
    <label className="compare__picker">
      <span className="field-label">{label}</span>
      <select
        className="services__select"
        aria-label={label}
        value={sourceId(value)}
        onChange={(e) => onChange(parseSource(e.target.value))}
      >
        <option value="">Choose…</option>
        {snapshots.length > 0 && (
          <optgroup label="Snapshots">
            {snapshots.map((s) => (
              <option key={s.id} value={`snap:${s.id}`}>
                {s.label}
              </option>
            ))}
          </optgroup>
        )}
        {workspaces.map((w) => (
          <optgroup key={w.id} label={`${w.name} (now)`}>
            {w.hosts.map((h) => (
              <option key={h.id} value={`live:${w.id}/${h.id}`}>
                {h.name} — now
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

/** The line that picks this endpoint, as the host printed it (KUBE-SVC rule or `-> …` line). */
function printedLine(side: ExplainedService | null, e: ServiceEndpoint | null): string {
  const first = e?.lines[0];
  if (side === null || first === undefined) return '';
  return (
    side.cited.find((c) => c.source === first.kind && c.line === first.line)?.text.trim() ?? ''
  );
}

function modeOf(side: HostServices | null): string {
  return side === null ? '' : ` · ${side.mode.detected} mode`;
}

/** The same Service on two hosts, two workspaces, or before/after a mode switch, aligned. */
export function CompareView({ selectedKey }: { selectedKey: string | null }) {
  const workspaces = useAppStore((s) => (s.workspaces.kind === 'ready' ? s.workspaces.value : []));
  const { left, right, set } = useServicesStore();
  const leftData = useSide(left);
  const rightData = useSide(right);
  const keys = useMemo(() => {
    const all = new Map<string, ExplainedService>();
    for (const s of [...(leftData?.services ?? []), ...(rightData?.services ?? [])])
      if (!all.has(s.key)) all.set(s.key, s);
    return [...all.values()];
  }, [leftData, rightData]);
  const compareKey = useServicesStore((s) => s.selected['compare'] ?? selectedKey);
  const key = keys.some((k) => k.key === compareKey) ? compareKey : (keys[0]?.key ?? null);
  const l = leftData?.services.find((s) => s.key === key) ?? null;
  const r = rightData?.services.find((s) => s.key === key) ?? null;
  const comparison = compareServices(l?.service ?? null, r?.service ?? null);
  const ownerOf = (side: ExplainedService | null, ip: string) => {
    const i = side?.service.endpoints.findIndex((e) => `${e.ip ?? '?'}:${e.port ?? '?'}` === ip);
    const owner = i === undefined || i < 0 ? undefined : side?.owners[i];
    return owner?.podName == null
      ? null
      : `${owner.podName} on ${owner.nodeName === null ? '?' : shortNode(owner.nodeName)}`;
  };

  return (
    <section className="compare" data-testid="compare-view" aria-label="Side by side">
      <div className="compare__pickers">
        <SourcePicker
          label="Left"
          value={left}
          onChange={(s) => set({ left: s })}
          workspaces={workspaces}
        />
        <SourcePicker
          label="Right"
          value={right}
          onChange={(s) => set({ right: s })}
          workspaces={workspaces}
        />
        <label className="compare__picker">
          <span className="field-label">Service</span>
          <select
            className="services__select"
            aria-label="Service to compare"
            value={key ?? ''}
            onChange={(e) => useServicesStore.getState().select('compare', e.target.value)}
          >
            {keys.map((k) => (
              <option key={k.key} value={k.key}>
                {serviceTitle(k.service)} ({k.key})
              </option>
            ))}
          </select>
        </label>
      </div>
      {left === null || right === null ? (
        <Notice kind="empty" title="Choose two sides">
          A host now, another host, another workspace, or a snapshot — e.g. snapshot a node in
          iptables mode, switch the demo to IPVS, and compare the snapshot with the node now.
        </Notice>
      ) : leftData === null || rightData === null ? (
        <Notice kind="loading" title="Reading kube-proxy’s rules…" />
      ) : (
        <>
          <p className="compare__summary" data-testid="compare-summary">
            {comparison.differenceCount === 0
              ? 'Same endpoints and shares on both sides.'
              : `${comparison.differenceCount} difference${comparison.differenceCount === 1 ? '' : 's'} marked.`}
          </p>
          <p className="services__hint">
            Rows in blue differ because the data plane does; rows in amber are real differences.
          </p>
          <table className="services__table compare__table" data-testid="compare-fields">
            <thead>
              <tr>
                <th />
                <th>Left{modeOf(leftData)}</th>
                <th>Right{modeOf(rightData)}</th>
              </tr>
            </thead>
            <tbody>
              {comparison.fields.map((f) => (
                <tr
                  key={f.label}
                  className={
                    !f.isDifferent
                      ? undefined
                      : f.isMechanism
                        ? 'compare__mechanism'
                        : 'compare__diff'
                  }
                >
                  <th scope="row">{f.label}</th>
                  <td className="mono">{f.left}</td>
                  <td className="mono">{f.right}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="services__table compare__table" data-testid="compare-endpoints">
            <thead>
              <tr>
                <th>Endpoint</th>
                <th>Left</th>
                <th>Right</th>
                <th>Difference</th>
              </tr>
            </thead>
            <tbody>
              {comparison.rows.map((row) => (
                <tr
                  key={row.key}
                  className={row.differences.length > 0 ? 'compare__diff' : undefined}
                >
                  <td className="mono">
                    {row.key}
                    <div className="services__hint">
                      {ownerOf(l, row.key) ?? ownerOf(r, row.key) ?? ''}
                    </div>
                  </td>
                  <td className="mono">
                    {endpointCell(row.left, l?.service ?? null)}
                    <code className="compare__raw">{printedLine(l, row.left)}</code>
                  </td>
                  <td className="mono">
                    {endpointCell(row.right, r?.service ?? null)}
                    <code className="compare__raw">{printedLine(r, row.right)}</code>
                  </td>
                  <td>{row.differences.length === 0 ? 'same' : row.differences.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
