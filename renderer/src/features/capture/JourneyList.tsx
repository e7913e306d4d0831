import type { Journey, JourneyHop, NatChange } from '../../../../shared/model/capture/journey';
import type { CaptureNames } from '../../../../shared/model/capture/names';
import { formatTimeUs } from '../../../../shared/model/capture/packet';

const NAT_TEXT: Record<NatChange['kind'], string> = {
  DNAT: 'DNAT: destination rewritten (Service VIP → endpoint)',
  SNAT: 'SNAT: source rewritten (pod → node address)',
  'un-DNAT': 'reply: source rewritten back to the VIP',
  'un-SNAT': 'reply: destination rewritten back to the pod',
};

function Address({ addr, port, names }: { addr?: string; port?: number; names: CaptureNames }) {
  if (addr === undefined) return null;
  const name = names.addresses.get(addr);
  return (
    <span className="journey__addr">
      <span className="mono">{port === undefined ? addr : `${addr}:${port}`}</span>
      {name !== undefined && <span className="journey__name">{name}</span>}
    </span>
  );
}

function Hop(props: {
  hop: JourneyHop;
  index: number;
  names: CaptureNames;
  nat: NatChange[];
  onSelect: (seq: number) => void;
}) {
  const { hop, index, names, nat, onSelect } = props;
  const pod = names.veths.get(hop.iface);
  return (
    <li className="journey__hop">
      {nat.map((n) => (
        <div
          key={`${n.kind}-${n.before}`}
          className={`journey__nat journey__nat--${n.kind}`}
          title={NAT_TEXT[n.kind]}
        >
          <span className="badge badge--warn">{n.kind}</span>
          <span className="mono">{n.before}</span> → <span className="mono">{n.after}</span>
          <span className="journey__name">{NAT_TEXT[n.kind]}</span>
        </div>
      ))}
      <button type="button" className="journey__point" onClick={() => onSelect(hop.packetSeq)}>
        <span className="journey__where">
          <span className="journey__index">{index + 1}</span>
          <span className="journey__host">{hop.host}</span>
          <span className="mono journey__iface">{hop.iface}</span>
          <span className="journey__dir">{hop.direction ?? ''}</span>
          <span className="journey__time mono">{formatTimeUs(hop.timeUs)}</span>
          {pod !== undefined && <span className="journey__name">veth of {pod}</span>}
        </span>
        <span className="journey__flow">
          <Address addr={hop.src} port={hop.sport} names={names} />
          <span aria-hidden="true">→</span>
          <Address addr={hop.dst} port={hop.dport} names={names} />
        </span>
      </button>
    </li>
  );
}

type JourneyListProps = {
  journeys: readonly Journey[];
  names: CaptureNames;
  onSelect: (seq: number) => void;
};

/**
 * Each packet seen at several points, as one card: where it entered, every host and interface it
 * crossed in time order, and the NAT rewrites between them.
 */
export function JourneyList({ journeys, names, onSelect }: JourneyListProps) {
  return (
    <ol className="journeys" aria-label="Journeys">
      {journeys.map((j) => {
        const first = j.hops[0];
        const last = j.hops[j.hops.length - 1];
        if (first === undefined || last === undefined) return null;
        const spanMs = (last.timeUs - first.timeUs) / 1000;
        return (
          <li key={`${first.packetSeq}`} className="journey" data-testid="journey">
            <div className="journey__head">
              <span className="journey__label mono">{j.label}</span>
              <span>
                entered at <strong>{first.host}</strong> <span className="mono">{first.iface}</span>
                {' · '}left at <strong>{last.host}</strong>{' '}
                <span className="mono">{last.iface}</span>
                {' · '}
                {j.hops.length} points on {new Set(j.hops.map((h) => h.host)).size} host(s) in{' '}
                {spanMs.toFixed(3)} ms
              </span>
              {j.nat.map((n) => (
                <span
                  key={`${n.kind}-${n.hop}`}
                  className="badge badge--warn"
                  title={NAT_TEXT[n.kind]}
                >
                  {n.kind}
                </span>
              ))}
            </div>
            <ol className="journey__hops">
              {j.hops.map((h, i) => (
                <Hop
                  key={h.packetSeq}
                  hop={h}
                  index={i}
                  names={names}
                  nat={j.nat.filter((n) => n.hop === i)}
                  onSelect={onSelect}
                />
              ))}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
