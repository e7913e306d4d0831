import { quote } from 'shell-quote';
import type { Params } from '../../shared/api/contract';
import type { TrafficState } from '../../shared/api/contract-kube-proxy';
import { ApiError } from '../../shared/api/reply';
import type { Host } from '../hosts/host';

type StartParams = Extract<Params<'kubeproxy:traffic'>, { action: 'start' }>;

/** How long one request may take: curl's own `-m 2` plus kubectl exec's round trip. */
const REQUEST_TIMEOUT_MS = 10_000;
/** At most this many loops per session, so a stuck UI cannot flood a cluster. */
const MAX_LOOPS = 8;
/** Ended loops remembered per session. */
const KEPT_ENDED = 32;

/** The command one request runs on the operator host (values validated by the contract, quoted here). */
export function trafficCommand(p: Pick<StartParams, 'from' | 'to'>): string {
  return quote([
    'kubectl',
    'exec',
    '-n',
    p.from.namespace,
    p.from.pod,
    '--',
    'curl',
    '-s',
    '-m',
    '2',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    `http://${p.to.ip}:${p.to.port}/`,
  ]);
}

interface Loop {
  state: TrafficState;
  abort: AbortController;
}

/**
 * Request loops from a pod to a Service: each request is `kubectl exec POD -- curl` on the
 * operator host, one at a time at the asked rate. A loop ends when stopped, after its request
 * budget, or when `stopAll` runs (the session closed); the request in flight is aborted, which
 * ends the remote process.
 */
export class TrafficLoops {
  private readonly loops = new Map<string, Loop>();
  private next = 1;

  constructor(private readonly emit: (state: TrafficState) => void) {}

  start(workspaceId: string, operator: Host, p: StartParams): TrafficState {
    const running = [...this.loops.values()].filter((l) => l.state.isRunning).length;
    if (running >= MAX_LOOPS)
      throw new ApiError('invalid-params', `at most ${MAX_LOOPS} traffic loops run at once`);
    // Ended loops are kept for `stop` to answer; the oldest go once there are many.
    const ended = [...this.loops.values()].filter((l) => !l.state.isRunning);
    for (const loop of ended.slice(0, Math.max(0, ended.length - KEPT_ENDED)))
      this.loops.delete(loop.state.trafficId);
    const trafficId = `tr${this.next++}`;
    const loop: Loop = {
      abort: new AbortController(),
      state: {
        trafficId,
        workspaceId,
        isRunning: true,
        command: trafficCommand(p),
        sent: 0,
        succeeded: 0,
        failed: 0,
        lastError: null,
        endReason: null,
      },
    };
    this.loops.set(trafficId, loop);
    void this.run(loop, operator, 1000 / p.ratePerSecond, p.maxRequests);
    return { ...loop.state };
  }

  stop(trafficId: string): TrafficState {
    const loop = this.loops.get(trafficId);
    if (loop === undefined) throw new ApiError('not-found', `no traffic loop ${trafficId}`);
    this.end(loop, 'stopped');
    return { ...loop.state };
  }

  stopAll(reason: string): void {
    for (const loop of this.loops.values()) this.end(loop, reason);
  }

  private end(loop: Loop, reason: string): void {
    if (!loop.state.isRunning) return;
    loop.state.isRunning = false;
    loop.state.endReason = reason;
    loop.abort.abort();
    this.emit({ ...loop.state });
  }

  private async run(
    loop: Loop,
    operator: Host,
    intervalMs: number,
    maxRequests: number | undefined,
  ): Promise<void> {
    const signal = loop.abort.signal;
    while (!signal.aborted) {
      const started = performance.now();
      loop.state.sent += 1;
      try {
        const r = await operator.exec(loop.state.command, {
          signal,
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        if (signal.aborted) break;
        const code = r.stdout.trim();
        if (r.exitCode === 0 && /^[23]\d\d$/.test(code)) loop.state.succeeded += 1;
        else {
          loop.state.failed += 1;
          loop.state.lastError =
            (r.stderr.trim().split('\n')[0] ?? '') ||
            (code ? `HTTP ${code}` : `exit ${String(r.exitCode)}`);
        }
      } catch (cause) {
        if (signal.aborted) break;
        loop.state.failed += 1;
        loop.state.lastError = cause instanceof Error ? cause.message : String(cause);
      }
      this.emit({ ...loop.state });
      if (maxRequests !== undefined && loop.state.sent >= maxRequests) {
        this.end(loop, `sent ${maxRequests} requests`);
        break;
      }
      const wait = intervalMs - (performance.now() - started);
      if (wait > 0) await sleep(wait, signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
