import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode, type RefObject } from 'react';
import { VIRTUALIZE_ABOVE } from './OutputView';
import { LINE_HEIGHT_PX } from './VirtualLines';

type RowsViewProps = {
  count: number;
  renderRow: (index: number) => ReactNode;
  label: string;
  className?: string;
};

/**
 * Rows of monospace text (a diff, a watch frame) in their own scroll box; past
 * VIRTUALIZE_ABOVE rows only the rows in view are in the DOM.
 */
export function RowsView({ count, renderRow, label, className = '' }: RowsViewProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  return (
    <div
      ref={scrollRef}
      className={`output__scroll mono ${className}`}
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      {count > VIRTUALIZE_ABOVE ? (
        <VirtualRows count={count} renderRow={renderRow} scrollRef={scrollRef} />
      ) : (
        <div className="rows">
          {Array.from({ length: count }, (_, index) => (
            <div key={index} className="rows__row">
              {renderRow(index)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function VirtualRows({
  count,
  renderRow,
  scrollRef,
}: Omit<RowsViewProps, 'label'> & { scrollRef: RefObject<HTMLDivElement | null> }) {
  // The virtualizer returns functions React Compiler must not memoize.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT_PX,
    overscan: 30,
  });
  return (
    <div className="rows rows--virtual" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => (
        <div
          key={item.key}
          className="rows__row"
          style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)` }}
        >
          {renderRow(item.index)}
        </div>
      ))}
    </div>
  );
}
