import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
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
 * The packet table: only the rows in view are in the DOM, coloured by flow, kept at its end
 * while packets arrive unless the user scrolled up to read.
 */
export function PacketTable({ buffer, version, selectedSeq, onSelect }: PacketTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const isStuck = useRef(true);
  const count = buffer.length;
  // The virtualizer returns functions React Compiler must not memoize; the table re-renders on
  // every merged batch anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 20,
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el !== null && isStuck.current) el.scrollTop = el.scrollHeight;
  }, [version, count]);

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
          if (el !== null)
            isStuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT_PX * 2;
        }}
        data-testid="capture-rows"
      >
        <div className="capture-table__virtual" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const p = buffer.at(item.index);
            if (p === undefined) return null;
            const cells = cellsOf(p);
            const color = flowColor(flowKey(p.packet));
            return (
              <div
                key={p.seq}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={p.seq === selectedSeq}
                className={`capture-row flow-${color}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(p.seq)}
                data-seq={p.seq}
              >
                {COLUMNS.map((c) => (
                  <span key={c.key} role="cell" className={`capture-cell capture-cell--${c.key}`}>
                    {cells[c.key]}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
