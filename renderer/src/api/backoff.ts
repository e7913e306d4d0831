/** The first reconnect waits this long; each further attempt doubles it up to `MAX_DELAY_MS`. */
export const BASE_DELAY_MS = 500;
export const MAX_DELAY_MS = 15_000;

/**
 * How long to wait before reconnect attempt `attempt` (1-based): exponential with ±20 % jitter,
 * so many tabs of one browser do not hammer a restarted server in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 16));
  const base = Math.min(BASE_DELAY_MS * 2 ** exponent, MAX_DELAY_MS);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(base * jitter);
}
