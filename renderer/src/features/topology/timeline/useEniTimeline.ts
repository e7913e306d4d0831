import { useState } from 'react';
import {
  appendSnapshot,
  emptyTimeline,
  type EniTimeline,
  type TimelineSnapshot,
} from '../../../../../shared/model/eni-timeline';

/**
 * Folds each new topology snapshot (a new `collectedAt`) into the timeline, adjusting state during
 * render as React advises for values derived from changing props (no effect, no extra commit).
 */
export function useEniTimeline(snapshot: TimelineSnapshot | null): EniTimeline {
  const [state, setState] = useState<{ timeline: EniTimeline; seen: string | null }>({
    timeline: emptyTimeline(),
    seen: null,
  });
  if (snapshot !== null && snapshot.collectedAt !== state.seen) {
    const next = {
      timeline: appendSnapshot(state.timeline, snapshot),
      seen: snapshot.collectedAt,
    };
    setState(next);
    return next.timeline;
  }
  return state.timeline;
}
