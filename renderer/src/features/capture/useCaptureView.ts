import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { compileFilter, type FilterResult } from '../../../../shared/model/capture/filter';
import { flowKey } from '../../../../shared/model/capture/flow';
import type { CapturedPacket } from '../../../../shared/model/capture/packet';
import type { Workspace } from '../../../../shared/model/workspace';
import { useBackend } from '../../api/useBackend';
import { CaptureBuffer } from './capture-buffer';
import { CaptureSession } from './capture-session';

/** How often arrived packets are merged into the table: fast enough to read live, cheap enough at 80k packets/s. */
const FLUSH_MS = 50;
/** A hidden window paints nothing: an update unpainted this long no longer holds the next back. */
const PAINT_WAIT_MS = 1000;

/** A followed TCP flow or ICMP exchange: its flow keys (NATed legs included). */
export interface Follow {
  label: string;
  keys: ReadonlySet<string>;
}

/**
 * The capture view's state: one buffer and one session for the panel's life, a timer that merges
 * arrivals, the display filter (compiled as typed) and the followed flow.
 */
export function useCaptureView(workspace: Workspace) {
  const { api } = useBackend();
  const [buffer] = useState(() => new CaptureBuffer());
  const [session, setSession] = useState<CaptureSession | null>(null);
  const [version, setVersion] = useState(0);
  const [filterText, setFilterText] = useState('');
  const [follow, setFollow] = useState<Follow | null>(null);
  const names = useRef(new Map<string, string>());
  /** Something besides new packets changed (a run's state, the filter): re-render at the next tick. */
  const dirty = useRef(false);
  /**
   * When the last update was committed, until its frame is painted (then 0). The next merge waits
   * for that paint: when rendering falls behind, the table updates less often instead of queueing
   * renders ahead of the socket's messages (whose acks let the backend send more).
   */
  const unpaintedSince = useRef(0);

  useEffect(() => {
    names.current = new Map(workspace.hosts.map((h) => [h.id, h.name]));
  }, [workspace]);

  useEffect(() => {
    const s = new CaptureSession(
      api,
      buffer,
      (id) => names.current.get(id) ?? id,
      () => {
        dirty.current = true;
      },
    );
    setSession(s);
    const timer = setInterval(() => {
      const since = unpaintedSince.current;
      if (since !== 0 && performance.now() - since < PAINT_WAIT_MS) return;
      if (buffer.flush() || dirty.current) {
        dirty.current = false;
        unpaintedSince.current = performance.now();
        // A count, not the buffer's version: a run ending changes no packet but must show.
        setVersion((v) => v + 1);
      }
    }, FLUSH_MS);
    return () => {
      clearInterval(timer);
      s.dispose();
    };
  }, [api, buffer]);

  useLayoutEffect(() => {
    // Committed: a task queued from the next frame's callback runs once that frame is painted.
    const frame = requestAnimationFrame(() =>
      setTimeout(() => {
        unpaintedSince.current = 0;
      }, 0),
    );
    return () => cancelAnimationFrame(frame);
  }, [version]);

  const filter: FilterResult = useMemo(() => compileFilter(filterText), [filterText]);

  useEffect(() => {
    if (!filter.ok) return;
    const keys = follow?.keys;
    const match = filter.match;
    buffer.setFilter(
      keys === undefined
        ? match
        : (p: CapturedPacket) => keys.has(flowKey(p.packet) ?? '') && match(p),
    );
    dirty.current = true;
  }, [buffer, filter, follow]);

  return {
    buffer,
    session,
    version,
    filterText,
    setFilterText,
    filter,
    follow,
    setFollow,
    refresh: () => {
      dirty.current = true;
    },
  };
}
