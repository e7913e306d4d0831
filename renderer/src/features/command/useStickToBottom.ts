import { useCallback, useLayoutEffect, useRef, type RefObject } from 'react';
import { isAtBottom } from './scroll';

/**
 * Keeps a scroll container at its end while new output arrives, like a terminal, unless the
 * user has scrolled up to read; scrolling back down re-attaches it.
 */
export function useStickToBottom(
  ref: RefObject<HTMLElement | null>,
  contentVersion: unknown,
): { onScroll: () => void } {
  const isStuck = useRef(true);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element !== null && isStuck.current) element.scrollTop = element.scrollHeight;
  }, [ref, contentVersion]);

  const onScroll = useCallback(() => {
    const element = ref.current;
    if (element === null) return;
    isStuck.current = isAtBottom(element.scrollTop, element.clientHeight, element.scrollHeight);
  }, [ref]);

  return { onScroll };
}
