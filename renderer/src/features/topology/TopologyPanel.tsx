import { useCallback, useMemo, useRef, useState } from 'react';
import type { Topology } from '../../../../shared/model/topology';
import type { Workspace } from '../../../../shared/model/workspace';
import { formatClock, formatDuration, plural } from '../../lib/format';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { Spinner } from '../../ui/Spinner';
import { WarningList } from '../overview/WarningList';
import { DetailsPanel } from './DetailsPanel';
import { EniTableView } from './EniTableView';
import {
  COLLAPSE_THRESHOLD,
  fullElementCount,
  toElements,
  type ElementData,
} from './graph-elements';
import { presetLayout, type LayoutMemory } from './graph-layout';
import { GraphView, type GraphData, type GraphHandle } from './GraphView';
import { ScaleControl } from './scale/ScaleControl';
import { CapacityDetails } from './timeline';
import { useTopologyStore } from './topology-store';
import { useTopology } from './useTopology';
import './topology.css';

/**
 * Each workspace's layout memory, kept outside React so a poll, a toggle or a remount of the tab
 * keeps every element where it was.
 */
const layoutMemory = new Map<string, LayoutMemory>();
/** The collection each workspace's graph was last built from: the same one means a view change. */
const drawnModel = new Map<string, Topology>();

function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/** The "Topology" tab: VPC ⊃ subnet ⊃ node ⊃ ENI ⊃ IP ← pod, live. */
export function TopologyPanel({
  workspace,
  isVisible,
}: {
  workspace: Workspace;
  isVisible: boolean;
}) {
  const { entry, refresh } = useTopology(workspace.id, isVisible);
  const { showServices, collapseSlots, view, setShowServices, setCollapseSlots, setView } =
    useTopologyStore();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const handleRef = useRef<GraphHandle | null>(null);
  const model = entry.data;
  const fullCount = model === null ? 0 : fullElementCount(model);
  const isCollapsed = collapseSlots ?? fullCount > COLLAPSE_THRESHOLD;

  const graph = useMemo((): GraphData | null => {
    if (model === null) return null;
    const elements = toElements(model, { showServices, collapseSlots: isCollapsed });
    const layout = presetLayout(elements, layoutMemory.get(workspace.id) ?? new Map());
    layoutMemory.set(workspace.id, layout.memory);
    const isViewChange = drawnModel.get(workspace.id) === model;
    drawnModel.set(workspace.id, model);
    return { elements, positions: layout.positions, isViewChange };
  }, [model, showServices, isCollapsed, workspace.id]);
  const selected = useMemo((): ElementData | null => {
    if (graph === null || selectedId === null) return null;
    return graph.elements.find((element) => element.data.id === selectedId)?.data ?? null;
  }, [graph, selectedId]);
  const hostNames = useMemo(
    () => new Map(workspace.hosts.map((host) => [host.id, host.name])),
    [workspace.hosts],
  );
  const onSelect = useCallback((id: string | null) => setSelectedId(id), []);

  const enis = model?.nodes.reduce((sum, node) => sum + node.enis.length, 0) ?? 0;
  return (
    <div className="topology" data-testid="topology">
      <div className="toolbar">
        <h2 className="toolbar__title">Topology</h2>
        {model !== null && (
          <span className="toolbar__meta" data-testid="topology-meta">
            {plural(model.vpcs.length, 'VPC')} · {plural(model.nodes.length, 'node')} ·{' '}
            {plural(enis, 'ENI')} · {plural(model.pods.length, 'pod')} · collected{' '}
            {formatClock(model.collectedAt)} in {formatDuration(model.durationMs)}
          </span>
        )}
        <span className="toolbar__spacer" />
        {entry.isLoading && <Spinner label="Collecting the topology" />}
        <label className="toggle">
          <input
            type="checkbox"
            checked={showServices}
            onChange={(e) => setShowServices(e.target.checked)}
          />
          Services
        </label>
        <label
          className="toggle"
          title={`Default past ${COLLAPSE_THRESHOLD.toLocaleString()} elements`}
        >
          <input
            type="checkbox"
            checked={isCollapsed}
            onChange={(e) => setCollapseSlots(e.target.checked)}
          />
          Collapse IPs
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={view === 'table'}
            onChange={(e) => setView(e.target.checked ? 'table' : 'graph')}
          />
          Table
        </label>
        <button type="button" className="button" onClick={() => handleRef.current?.fit()}>
          <Icon name="expand" size={13} />
          Fit
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            const png = handleRef.current?.png();
            if (png !== undefined) download('topology.png', png);
          }}
        >
          PNG
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            const svg = handleRef.current?.svg();
            if (svg !== undefined)
              download('topology.svg', new Blob([svg], { type: 'image/svg+xml' }));
          }}
        >
          SVG
        </button>
        <button type="button" className="button" onClick={refresh} disabled={entry.isLoading}>
          <Icon name="refresh" size={13} />
          Refresh
        </button>
      </div>
      {workspace.kind === 'demo' && (
        <ScaleControl workspaceId={workspace.id} topology={model} onScaled={refresh} />
      )}
      <p className="legend topology__legend">
        <span className="topology__key topology__key--primary">primary IP</span>
        <span className="topology__key topology__key--assigned">pod IP</span>
        <span className="topology__key topology__key--warm">warm (free)</span>
        <span className="topology__key topology__key--pod">pod</span>
        <span className="topology__key topology__key--pending">Pending</span>
        <span className="topology__key topology__key--free">free ENI place</span>
        <span className="topology__key topology__key--new">new / changed</span>
      </p>
      {entry.error !== null && model !== null && (
        <p className="inline-error" role="alert">
          <strong>The last collection failed; showing the previous one.</strong>{' '}
          {entry.error.message}
        </p>
      )}
      {model !== null && <WarningList warnings={model.warnings} hostNames={hostNames} />}
      {graph === null || model === null ? (
        entry.error !== null ? (
          <Notice kind="error" title="Could not collect the topology" onRetry={refresh}>
            {entry.error.message}
          </Notice>
        ) : (
          <Notice kind="loading" title="Collecting VPCs, nodes, ENIs and pods…">
            kubelab asks aws and kubectl on the operator host and each node; this takes a moment.
          </Notice>
        )
      ) : (
        <div className="topology__body">
          {view === 'table' ? (
            <EniTableView model={model} />
          ) : (
            <GraphView graph={graph} onSelect={onSelect} handleRef={handleRef} />
          )}
          <DetailsPanel
            model={model}
            selected={selected}
            hostNames={hostNames}
            workspaceId={workspace.id}
          />
        </div>
      )}
      {model !== null && <CapacityDetails topology={model} />}
    </div>
  );
}
