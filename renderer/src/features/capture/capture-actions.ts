/**
 * What the panel's buttons compute: the journeys a filter lets through, the flow keys a "follow"
 * covers (NATed legs of the same connection included), and file downloads.
 */
import { flowKey } from '../../../../shared/model/capture/flow';
import { joinJourneys, type Journey } from '../../../../shared/model/capture/journey';
import type { CapturedPacket } from '../../../../shared/model/capture/packet';

/** Journeys over every retained packet, kept when one of their packets passes `match`. */
export function visibleJourneys(
  retained: readonly CapturedPacket[],
  match: (p: CapturedPacket) => boolean,
  onlyNat: boolean,
  limit = 500,
): Journey[] {
  const bySeq = new Map(retained.map((p) => [p.seq, p]));
  const all = joinJourneys(retained);
  const kept = all.filter(
    (j) =>
      (!onlyNat || j.nat.length > 0) &&
      j.hops.some((h) => {
        const p = bySeq.get(h.packetSeq);
        return p !== undefined && match(p);
      }),
  );
  return kept.slice(-limit);
}

/**
 * The flow keys to follow from one packet: its own flow, plus every flow that shares a journey
 * with it, so following a request to a Service VIP also shows its DNATed leg to the endpoint.
 */
export function followKeys(retained: readonly CapturedPacket[], seq: number): Set<string> {
  const bySeq = new Map(retained.map((p) => [p.seq, p]));
  const start = bySeq.get(seq);
  const own = start === undefined ? undefined : flowKey(start.packet);
  const keys = new Set<string>(own === undefined ? [] : [own]);
  if (own === undefined) return keys;
  const related = retained.filter((p) => {
    const k = flowKey(p.packet);
    return k !== undefined && (k === own || p.packet.protocol === start?.packet.protocol);
  });
  for (const j of joinJourneys(related)) {
    const flows = j.hops.map((h) => {
      const p = bySeq.get(h.packetSeq);
      return p === undefined ? undefined : flowKey(p.packet);
    });
    if (flows.includes(own)) for (const f of flows) if (f !== undefined) keys.add(f);
  }
  return keys;
}

/** Offers a file to the user (a download in the browser, a save in Electron). */
export function download(fileName: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** base64 (as `capture:pcap` answers) → bytes. */
export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
