import type { ExecResult } from '../../../../shared/model/command';
import { outputText } from '../../../../shared/model/fan-out';
import { diffWatch, type WatchFrame } from '../../../../shared/model/watch-diff';
import type { WatchLoopState } from './watch-loop';

/** The intervals offered, as in `watch -n`; 2 s is watch's default. */
export const WATCH_INTERVALS_MS = [1_000, 2_000, 5_000, 10_000] as const;
export const DEFAULT_WATCH_INTERVAL_MS = 2_000;

/** One host under watch: its last answer and what changed since the one before. */
export interface WatchHost {
  readonly hostId: string;
  /** The last output the host printed (kept across failed runs, so changes stay comparable). */
  readonly text: string | null;
  readonly frame: WatchFrame | null;
  readonly result: ExecResult | null;
}

/** A command re-run every interval on some hosts, like `watch -d`. */
export interface WatchSession {
  readonly id: number;
  readonly command: string;
  readonly hostIds: readonly string[];
  readonly intervalMs: number;
  readonly isCumulative: boolean;
  readonly state: WatchLoopState;
  readonly isBusy: boolean;
  readonly runCount: number;
  readonly lastRunAt: number | null;
  /** Set when the whole run failed (no host answered: invalid command, backend gone). */
  readonly error: string | null;
  readonly hosts: Readonly<Record<string, WatchHost>>;
}

export function startSession(
  id: number,
  command: string,
  hostIds: readonly string[],
  intervalMs: number,
  isCumulative: boolean,
): WatchSession {
  const hosts: Record<string, WatchHost> = {};
  for (const hostId of hostIds) hosts[hostId] = { hostId, text: null, frame: null, result: null };
  return {
    id,
    command,
    hostIds,
    intervalMs,
    isCumulative,
    state: 'running',
    isBusy: false,
    runCount: 0,
    lastRunAt: null,
    error: null,
    hosts,
  };
}

/** One run's answers folded in: each host's output is compared with its previous one. */
export function applyWatchResults(
  session: WatchSession,
  results: readonly ExecResult[],
  at: number,
): WatchSession {
  const hosts: Record<string, WatchHost> = { ...session.hosts };
  for (const result of results) {
    const host = hosts[result.hostId];
    if (host === undefined) continue;
    if (result.error !== undefined) {
      hosts[result.hostId] = { ...host, result };
      continue;
    }
    const text = outputText(result);
    const frame = diffWatch(host.text, text, {
      isCumulative: session.isCumulative,
      ...(host.frame === null ? {} : { marks: host.frame.marks }),
    });
    hosts[result.hostId] = { hostId: result.hostId, text, frame, result };
  }
  return { ...session, hosts, runCount: session.runCount + 1, lastRunAt: at, error: null };
}

/** Turning cumulative mode off forgets what earlier runs lit; the next run starts afresh. */
export function setCumulative(session: WatchSession, isCumulative: boolean): WatchSession {
  if (isCumulative) return { ...session, isCumulative };
  const hosts: Record<string, WatchHost> = {};
  for (const [hostId, host] of Object.entries(session.hosts)) {
    hosts[hostId] =
      host.frame === null || host.text === null
        ? host
        : { ...host, frame: { ...host.frame, marks: [] } };
  }
  return { ...session, isCumulative, hosts };
}
