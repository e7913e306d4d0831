import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flowColor, flowKey } from '../../../../shared/model/capture/flow';
import type { CaptureBuffer } from './capture-buffer';
import { cellsOf, type PacketCells } from './packet-row';

/** Must match `--capture-row-height` in capture.css. */
const ROW_HEIGHT_PX = 20;

const COLUMNS: readonly { key: keyof PacketCells; label: string }[] = [
  { key: 'time', label: 'Time' },
  { key: 'host', label: 'Host' },
  { key: 'iface', label: 'Interface' },
  { key: 'dir', label: 'Dir' },
  { key: 'src', label: 'Source' },
  { key: 'dst', label: 'Destination' },
  { key: 'proto', label: 'Proto' },
  { key: 'flags', label: 'Flags' },
  { key: 'length', label: 'Len' },
  { key: 'info', label: 'Info' },
];

type PacketTableProps = {
  buffer: CaptureBuffer;
  /** Re-render key: the buffer's version when it was last read. */
  version: number;
  selectedSeq: number | null;
  onSelect: (seq: number) => void;
};

/**
 * The packet table: fixed-height rows, so the window in view is plain arithmetic (no per-row
 * measurement, which would cost O(rows) on every batch at 80k packets/s); only those rows are in
 * the DOM, keyed by their place in the window so a batch updates text instead of rebuilding rows.
 * It stays at its end while packets arrive unless the user scrolled up to read.
 */
export function PacketTable({ buffer, version, selectedSeq, onSelect }: PacketTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [isStuck, setStuck] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const count = buffer.length;

  useEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    // The entry's size, not clientHeight: reading layout here would force it on every change.
    const observer = new ResizeObserver(([entry]) => {
      if (entry !== undefined) setHeight(entry.contentRect.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null || !isStuck) return;
    // The end is known from the row count; reading scrollHeight would force a layout.
    el.scrollTop = count * ROW_HEIGHT_PX;
  }, [version, count, isStuck]);

  const { first, last } = visibleWindow(
    isStuck ? Math.max(0, count * ROW_HEIGHT_PX - height) : scrollTop,
    height,
    count,
  );
  const rows = [];
  for (let i = first; i < last; i++) {
    const p = buffer.at(i);
    if (p === undefined) continue;
    const cells = cellsOf(p);
    const flow = flowKey(p.packet);
    rows.push(
      <div
        // Keyed by place in the window: while packets stream past, the same DOM rows get new
        // text (no rows created, no style resolved for new elements at every flush).
        key={i - first}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={p.seq === selectedSeq}
        className={`capture-row flow-${flowColor(flow)}`}
        style={{ transform: `translateY(${i * ROW_HEIGHT_PX}px)` }}
        onClick={() => onSelect(p.seq)}
        data-seq={p.seq}
        data-flow={flow}
      >
        {COLUMNS.map((c) => (
          <span key={c.key} role="cell" className={`capture-cell capture-cell--${c.key}`}>
            {cells[c.key]}
          </span>
        ))}
      </div>,
    );
  }

  return (
    <div className="capture-table" role="table" aria-label="Packets" aria-rowcount={count + 1}>
      <div className="capture-table__head" role="row">
        {COLUMNS.map((c) => (
          <span key={c.key} role="columnheader" className={`capture-cell capture-cell--${c.key}`}>
            {c.label}
          </span>
        ))}
      </div>
      <div
        className="capture-table__body"
        ref={scrollRef}
        onScroll={() => {
          const el = scrollRef.current;
          if (el === null) return;
          // Known sizes, not scrollHeight/clientHeight (each read would force a layout), and no
          // state change for the scroll our own stick-to-end caused (one render per flush, not two).
          const top = el.scrollTop;
          const isAtEnd = count * ROW_HEIGHT_PX - top - height < ROW_HEIGHT_PX * 2;
          setStuck(isAtEnd);
          if (!isAtEnd) setScrollTop(top);
        }}
        data-testid="capture-rows"
      >
        <div className="capture-table__virtual" style={{ height: count * ROW_HEIGHT_PX }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

/** Extra rows rendered above and below the view, so a fast scroll shows no gap. */
const OVERSCAN = 10;
/** At most this many rows are rendered (more than ever fit in view plus overscan). */
const SLOTS = 512;

/** The rows `[first, last)` to render for a scroll position. */
export function visibleWindow(
  scrollTop: number,
  height: number,
  count: number,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT_PX) + OVERSCAN);
  return { first, last: Math.min(last, first + SLOTS) };
}
