import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';
import { lineAt, type LineBuffer } from './line-buffer';

/** Must match `--output-line-height` in command.css. */
export const LINE_HEIGHT_PX = 18;

type VirtualLinesProps = {
  buffer: LineBuffer;
  count: number;
  scrollRef: RefObject<HTMLDivElement | null>;
};

/** Long outputs: only the lines in view (and a margin) are in the DOM. */
export function VirtualLines({ buffer, count, scrollRef }: VirtualLinesProps) {
  // The virtualizer returns functions React Compiler must not memoize; this view re-renders
  // on every output change anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LINE_HEIGHT_PX,
    overscan: 30,
  });
  return (
    <div className="output__virtual" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => (
        <div
          key={item.key}
          className="output__line"
          style={{ transform: `translateY(${item.start}px)` }}
        >
          {lineAt(buffer, item.index)}
        </div>
      ))}
    </div>
  );
}
