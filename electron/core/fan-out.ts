import type { ExecResult, HostError } from '../../shared/model/command';
import { HostUnavailableError, type Host } from '../hosts/host';
import { mapLimit } from './limit';

/** How many hosts a fan-out talks to at once. */
export const FAN_OUT_CONCURRENCY = 32;

/**
 * Runs one command on every host in parallel and returns one result per host, in order. A host
 * that cannot run it yields a result with `error`; it never makes the others fail.
 */
export async function execOnHosts(
  hosts: readonly Host[],
  command: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ExecResult[]> {
  return mapLimit(hosts, FAN_OUT_CONCURRENCY, async (host) => {
    const hostId = host.description.id;
    const started = performance.now();
    try {
      const r = await host.exec(command, options);
      return {
        hostId,
        ok: r.exitCode === 0,
        exitCode: r.exitCode,
        ...(r.signal === undefined ? {} : { signal: r.signal }),
        stdout: r.stdout,
        stderr: r.stderr,
        durationMs: r.durationMs,
      };
    } catch (cause) {
      return {
        hostId,
        ok: false,
        exitCode: null,
        stdout: '',
        stderr: '',
        durationMs: performance.now() - started,
        error: toHostError(cause),
      };
    }
  });
}

/** What a host's failure looks like on the wire. */
export function toHostError(cause: unknown): HostError {
  if (cause instanceof HostUnavailableError) return { code: cause.code, message: cause.message };
  if (cause instanceof Error && cause.name === 'AbortError') {
    return { code: 'cancelled', message: 'cancelled' };
  }
  return { code: 'internal', message: cause instanceof Error ? cause.message : String(cause) };
}
