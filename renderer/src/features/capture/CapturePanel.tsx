import { useEffect, useRef, useState } from 'react';
import { flowKey } from '../../../../shared/model/capture/flow';
import type { Journey } from '../../../../shared/model/capture/journey';
import {
  emptyNames,
  namesFromTopology,
  type CaptureNames,
} from '../../../../shared/model/capture/names';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { download, followKeys, fromBase64, visibleJourneys } from './capture-actions';
import { CaptureRuns } from './CaptureRuns';
import { JourneyList } from './JourneyList';
import { PacketDetails } from './PacketDetails';
import { PacketTable } from './PacketTable';
import { exportJson } from './packet-row';
import { StartForm, type StartRequest } from './StartForm';
import { useCaptureView } from './useCaptureView';
import { Throttle } from '../../lib/throttle';
import './capture.css';

/** Journeys are recomputed at most this often while packets stream in. */
const JOURNEY_REFRESH_MS = 1000;

/** Names for addresses and veths from one topology collection, fetched once per workspace. */
function useNames(workspaceId: string, isVisible: boolean): CaptureNames {
  const { api } = useBackend();
  const [names, setNames] = useState<CaptureNames>(emptyNames);
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (!isVisible || asked.current === workspaceId) return;
    asked.current = workspaceId;
    void api.labTopology({ workspaceId }).then((r) => {
      if (r.ok) setNames(namesFromTopology(r.value));
    });
  }, [api, workspaceId, isVisible]);
  return names;
}

/**
 * The Capture tab: tcpdump on several hosts × interfaces merged on one timeline, a display
 * filter, pause, follow a flow, the journey of each packet across hosts, and export.
 */
export function CapturePanel({
  workspace,
  isVisible,
}: {
  workspace: Workspace;
  isVisible: boolean;
}) {
  const { api } = useBackend();
  const view = useCaptureView(workspace);
  const { buffer, session, version, filter } = view;
  const names = useNames(workspace.id, isVisible);
  const [tab, setTab] = useState<'packets' | 'journeys'>('packets');
  const [selected, setSelected] = useState<number | null>(null);
  const [onlyNat, setOnlyNat] = useState(false);
  const [journeys, setJourneys] = useState<Journey[]>([]);
  const hostName = (id: string) => workspace.hosts.find((h) => h.id === id)?.name ?? id;

  // Throttled, not debounced: while packets stream in, `version` changes faster than the refresh
  // period (see Throttle). A changed filter or option is applied at once.
  const [journeyThrottle] = useState(() => new Throttle(JOURNEY_REFRESH_MS));
  const journeyQuestion = useRef({ filter, onlyNat });
  useEffect(() => {
    if (!isVisible || tab !== 'journeys' || !filter.ok) return journeyThrottle.cancel();
    const asked = journeyQuestion.current;
    const isNewQuestion = asked.filter !== filter || asked.onlyNat !== onlyNat;
    journeyQuestion.current = { filter, onlyNat };
    journeyThrottle.schedule(
      () => setJourneys(visibleJourneys(buffer.retained(), filter.match, onlyNat)),
      isNewQuestion,
    );
  }, [journeyThrottle, buffer, filter, onlyNat, isVisible, tab, version]);
  useEffect(() => () => journeyThrottle.cancel(), [journeyThrottle]);

  async function start(r: StartRequest): Promise<string | undefined> {
    if (session === null) return 'not connected';
    if (!session.isRunning) {
      buffer.clear();
      session.forgetEnded();
      setSelected(null);
    }
    const problem = await session.start(
      {
        workspaceId: workspace.id,
        hostIds: r.hostIds,
        maxPackets: r.maxPackets,
        maxSeconds: r.maxSeconds,
        ...(r.filter === '' ? {} : { filter: r.filter }),
        ...(r.keepPcap ? { keepPcap: true } : {}),
      },
      r.ifaces,
    );
    view.refresh();
    return problem;
  }

  async function pcap(streamId: string) {
    const r = await api.capturePcap({ streamId });
    if (r.ok) download(r.value.fileName, fromBase64(r.value.data), 'application/vnd.tcpdump.pcap');
  }

  const stats = buffer.stats();
  const backend = session?.backendCounts() ?? { total: 0, dropped: 0 };
  const selectedPacket =
    selected === null ? undefined : buffer.retained().find((p) => p.seq === selected);

  return (
    <section className="capture" aria-label="Capture">
      <StartForm
        workspace={workspace}
        vethNames={names.veths}
        isRunning={session?.isRunning ?? false}
        onStart={start}
        onStop={() => void session?.stop()}
      />
      <CaptureRuns
        runs={session?.runs ?? []}
        hostName={hostName}
        onStop={(id) => void session?.stop(id)}
        onPcap={(id) => void pcap(id)}
      />
      <div className="capture-bar">
        <div className="capture-bar__filter">
          <input
            className="mono"
            value={view.filterText}
            onChange={(e) => view.setFilterText(e.target.value)}
            placeholder="display filter: port 80 and not iface ens5, proto icmp, flags S, host 10.100.0.10"
            aria-label="Display filter"
            aria-invalid={!filter.ok}
            spellCheck={false}
          />
          {!filter.ok && (
            <span className="capture-bar__error" role="alert">
              {filter.message} (at {filter.position + 1})
            </span>
          )}
        </div>
        {view.follow !== null && (
          <span className="chip" data-testid="capture-follow">
            following {view.follow.label}
            <button
              type="button"
              className="link-button"
              onClick={() => view.setFollow(null)}
              aria-label="Stop following"
            >
              ×
            </button>
          </span>
        )}
        <button
          type="button"
          className="button"
          aria-pressed={buffer.paused}
          onClick={() => {
            buffer.setPaused(!buffer.paused);
            view.refresh();
          }}
        >
          {buffer.paused ? `Resume (${stats.pending} waiting)` : 'Pause'}
        </button>
        <button
          type="button"
          className="button"
          disabled={stats.shown === 0}
          onClick={() =>
            download(
              `kubelab-capture-${Date.now()}.json`,
              exportJson(buffer.visible()),
              'application/json',
            )
          }
        >
          Export JSON
        </button>
        <span
          className="capture-bar__stats"
          data-testid="capture-stats"
          data-received={stats.received}
          data-retained={stats.retained}
          data-shown={stats.shown}
          data-pending={stats.pending}
          data-dropped={stats.dropped}
          data-backend-total={backend.total}
          data-backend-dropped={backend.dropped}
          data-running={session?.isRunning ?? false}
        >
          {stats.shown} shown of {stats.retained} · {stats.received} received
          {stats.dropped > 0 && <strong> · {stats.dropped} dropped from view</strong>}
          {backend.dropped > 0 && <strong> · {backend.dropped} dropped by backend</strong>}
        </span>
      </div>
      <div className="capture-views" role="tablist" aria-label="Capture views">
        {(['packets', 'journeys'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className="capture-views__tab"
            onClick={() => setTab(t)}
          >
            {t === 'packets'
              ? `Packets (${stats.shown})`
              : `Journeys${tab === 'journeys' ? ` (${journeys.length})` : ''}`}
          </button>
        ))}
        {tab === 'journeys' && (
          <label className="check-chip" data-checked={onlyNat}>
            <input type="checkbox" checked={onlyNat} onChange={() => setOnlyNat(!onlyNat)} />
            <span>only with NAT</span>
          </label>
        )}
      </div>
      <div className="capture-main">
        {tab === 'packets' ? (
          <PacketTable
            buffer={buffer}
            version={version}
            selectedSeq={selected}
            onSelect={setSelected}
          />
        ) : (
          <JourneyList
            journeys={journeys}
            names={names}
            onSelect={(seq) => {
              setSelected(seq);
            }}
          />
        )}
        {selectedPacket !== undefined && (
          <PacketDetails
            packet={selectedPacket}
            retained={buffer.retained()}
            names={names}
            onFollow={() => {
              const keys = followKeys(buffer.retained(), selectedPacket.seq);
              view.setFollow({ label: flowKey(selectedPacket.packet) ?? 'packet', keys });
              setTab('packets');
            }}
            onSelect={setSelected}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </section>
  );
}
