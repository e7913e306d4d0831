import { useRef } from 'react';
import { plural } from '../../lib/format';
import { bufferText, lineCount, type LineBuffer } from './line-buffer';
import { useStickToBottom } from './useStickToBottom';
import { VirtualLines } from './VirtualLines';

/** Above this many lines the output is virtualized; below, one plain <pre> is cheaper. */
export const VIRTUALIZE_ABOVE = 2_000;

type OutputViewProps = {
  hostName: string;
  buffer: LineBuffer;
  isLive: boolean;
  isWrapping: boolean;
};

/**
 * A host's output in monospace, scrolling on its own, following new lines like a terminal.
 * Virtualized outputs never wrap: their rows must keep one fixed height.
 */
export function OutputView({ hostName, buffer, isLive, isWrapping }: OutputViewProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const { onScroll } = useStickToBottom(scrollRef, buffer);
  const count = lineCount(buffer);
  const isVirtual = count > VIRTUALIZE_ABOVE;

  return (
    <>
      {buffer.dropped > 0 && (
        <p className="output__dropped">
          {plural(buffer.dropped, 'earlier line')} dropped; the newest {plural(count, 'line')} are
          kept.
        </p>
      )}
      <div
        ref={scrollRef}
        className="output__scroll mono"
        role="region"
        aria-label={`Output of ${hostName}`}
        tabIndex={0}
        onScroll={onScroll}
      >
        {count === 0 ? (
          <p className="output__placeholder">{isLive ? 'Waiting for output…' : 'No output.'}</p>
        ) : isVirtual ? (
          <VirtualLines buffer={buffer} count={count} scrollRef={scrollRef} />
        ) : (
          <pre className={isWrapping ? 'output__pre output__pre--wrap' : 'output__pre'}>
            {bufferText(buffer)}
          </pre>
        )}
      </div>
    </>
  );
}
