import { useMemo } from 'react';
import { flowKey } from '../../../../shared/model/capture/flow';
import { journeyOf, joinJourneys } from '../../../../shared/model/capture/journey';
import type { CaptureNames } from '../../../../shared/model/capture/names';
import type { CapturedPacket } from '../../../../shared/model/capture/packet';
import { JourneyList } from './JourneyList';
import { cellsOf } from './packet-row';

type PacketDetailsProps = {
  packet: CapturedPacket;
  retained: readonly CapturedPacket[];
  names: CaptureNames;
  onFollow: () => void;
  onSelect: (seq: number) => void;
  onClose: () => void;
};

/** The selected packet: its line as tcpdump printed it, its flow, and its journey. */
export function PacketDetails({
  packet,
  retained,
  names,
  onFollow,
  onSelect,
  onClose,
}: PacketDetailsProps) {
  const cells = cellsOf(packet);
  const journey = useMemo(() => {
    // Only packets near this one in time can be its other sightings.
    const near = retained.filter((p) => Math.abs(p.timeUs - packet.timeUs) < 1_000_000);
    return journeyOf(joinJourneys(near), packet.seq);
  }, [retained, packet]);
  const key = flowKey(packet.packet);
  return (
    <aside className="capture-details" aria-label="Packet details">
      <div className="capture-details__head">
        <strong>
          {cells.host} · <span className="mono">{cells.iface}</span> {cells.dir}
        </strong>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      <pre className="capture-details__raw mono">{packet.packet.raw}</pre>
      {key !== undefined && (
        <div className="capture-details__flow">
          <span className="mono">{key}</span>
          <button type="button" className="button button--small" onClick={onFollow}>
            Follow{' '}
            {packet.packet.protocol === 'tcp'
              ? 'TCP flow'
              : packet.packet.protocol.startsWith('icmp')
                ? 'ICMP exchange'
                : 'flow'}
          </button>
        </div>
      )}
      {journey !== undefined ? (
        <JourneyList journeys={[journey]} names={names} onSelect={onSelect} />
      ) : (
        <p className="capture-details__none">
          Seen at one point only (capture more hosts or interfaces to see its journey).
        </p>
      )}
    </aside>
  );
}
