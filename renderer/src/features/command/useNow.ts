import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while `isTicking` (a running command's clock);
 * it stands still otherwise, so callers use it only while ticking.
 */
export function useNow(isTicking: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!isTicking) return;
    const tick = () => setNow(Date.now());
    // The first tick right away: the clock may have stood still since the last time it ran.
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [isTicking, intervalMs]);
  return now;
}
