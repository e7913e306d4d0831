import { hostErrorLabel } from '../../../../shared/model/command';
import type { ApiErrorShape } from '../../../../shared/api/reply';
import type { StreamEnd } from '../../../../shared/model/command';
import { EMPTY_BUFFER, appendText, finishBuffer, type LineBuffer } from './line-buffer';

export type OutputPhase = 'starting' | 'running' | 'stopping' | 'ended';

/** One host's part of a run: its stream, its output so far and, once over, how it ended. */
export interface HostOutput {
  readonly hostId: string;
  readonly streamId: string | null;
  readonly phase: OutputPhase;
  readonly buffer: LineBuffer;
  readonly startedAt: number;
  readonly end: StreamEnd | null;
}

/** One command started on some hosts: what the command panel shows. */
export interface Run {
  readonly id: number;
  readonly command: string;
  readonly hostIds: readonly string[];
  readonly startedAt: number;
  /** Set when `command:start` itself failed (invalid params, backend gone): no host ran it. */
  readonly error: ApiErrorShape | null;
  readonly outputs: Readonly<Record<string, HostOutput>>;
}

export function startRun(id: number, command: string, hostIds: string[], now: number): Run {
  const outputs: Record<string, HostOutput> = {};
  for (const hostId of hostIds) {
    outputs[hostId] = {
      hostId,
      streamId: null,
      phase: 'starting',
      buffer: EMPTY_BUFFER,
      startedAt: now,
      end: null,
    };
  }
  return { id, command, hostIds, startedAt: now, error: null, outputs };
}

function withOutput(run: Run, hostId: string, change: (output: HostOutput) => HostOutput): Run {
  const output = run.outputs[hostId];
  if (output === undefined) return run;
  const next = change(output);
  return next === output ? run : { ...run, outputs: { ...run.outputs, [hostId]: next } };
}

/** The backend started the streams; a host it left out is reported as not started. */
export function runStarted(
  run: Run,
  streams: readonly { hostId: string; streamId: string }[],
  now: number,
): Run {
  let next = run;
  for (const hostId of run.hostIds) {
    const stream = streams.find((entry) => entry.hostId === hostId);
    next = withOutput(next, hostId, (output) =>
      stream !== undefined
        ? { ...output, streamId: stream.streamId, phase: 'running' }
        : {
            ...output,
            phase: 'ended',
            end: {
              streamId: '',
              hostId,
              exitCode: null,
              durationMs: now - output.startedAt,
              error: { code: 'internal', message: 'The backend started no stream for this host.' },
            },
          },
    );
  }
  return next;
}

export function runFailed(run: Run, error: ApiErrorShape): Run {
  return { ...run, error, outputs: {} };
}

export function appendOutput(run: Run, hostId: string, text: string, maxLines?: number): Run {
  return withOutput(run, hostId, (output) => ({
    ...output,
    buffer: appendText(output.buffer, text, maxLines),
  }));
}

export function outputEnded(run: Run, end: StreamEnd): Run {
  return withOutput(run, end.hostId, (output) =>
    output.streamId !== end.streamId
      ? output
      : { ...output, phase: 'ended', end, buffer: finishBuffer(output.buffer) },
  );
}

export function outputStopping(run: Run, hostId: string): Run {
  return withOutput(run, hostId, (output) =>
    output.phase === 'running' ? { ...output, phase: 'stopping' } : output,
  );
}

/** The backend connection dropped: no end event will come, so every live output ends here. */
export function connectionLost(run: Run, now: number): Run {
  let next = run;
  for (const hostId of run.hostIds) {
    next = withOutput(next, hostId, (output) =>
      output.phase === 'ended'
        ? output
        : {
            ...output,
            phase: 'ended',
            buffer: finishBuffer(output.buffer),
            end: {
              streamId: output.streamId ?? '',
              hostId,
              exitCode: null,
              durationMs: now - output.startedAt,
              error: { code: 'unreachable', message: 'The connection to kubelab was lost.' },
            },
          },
    );
  }
  return next;
}

export function isLive(output: HostOutput): boolean {
  return output.phase !== 'ended';
}

/** The streams of a run that are still producing output. */
export function liveStreams(run: Run): { hostId: string; streamId: string }[] {
  return Object.values(run.outputs).flatMap((output) =>
    isLive(output) && output.streamId !== null
      ? [{ hostId: output.hostId, streamId: output.streamId }]
      : [],
  );
}

/** How an output's header sums it up. */
export type Outcome =
  | { kind: 'running' }
  | { kind: 'stopping' }
  | { kind: 'exit'; code: number; isSuccess: boolean }
  | { kind: 'signal'; signal: string }
  | { kind: 'error'; code: string; message: string };

export function outcomeOf(output: HostOutput): Outcome {
  if (output.phase === 'starting' || output.phase === 'running') return { kind: 'running' };
  if (output.phase === 'stopping') return { kind: 'stopping' };
  const end = output.end;
  if (end === null) return { kind: 'error', code: 'internal', message: 'No result.' };
  if (end.error !== undefined) {
    return { kind: 'error', code: end.error.code, message: end.error.message };
  }
  if (end.exitCode !== null) {
    return { kind: 'exit', code: end.exitCode, isSuccess: end.exitCode === 0 };
  }
  return { kind: 'signal', signal: end.signal ?? 'killed' };
}

/** True once every host of the run has ended (or the run never started). */
export function isFinished(run: Run): boolean {
  return Object.values(run.outputs).every((output) => !isLive(output));
}

/** One line for the status bar once a run is over: `ip rule: 2 ok, 1 failed`. */
export function summarizeRun(run: Run): string {
  if (run.error !== null) return `${run.command}: ${run.error.message}`;
  const counts = new Map<string, number>([
    ['ok', 0],
    ['failed', 0],
    ['stopped', 0],
  ]);
  const count = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const output of Object.values(run.outputs)) {
    const outcome = outcomeOf(output);
    if (outcome.kind === 'exit') count(outcome.isSuccess ? 'ok' : 'failed');
    else if (outcome.kind === 'signal') count('stopped');
    else if (outcome.kind === 'error') {
      count(outcome.code === 'cancelled' ? 'stopped' : hostErrorLabel(outcome.code));
    }
  }
  const parts = [...counts]
    .filter(([, count]) => count > 0)
    .map(([label, count]) => `${count} ${label}`);
  return `${run.command}: ${parts.length > 0 ? parts.join(', ') : 'no hosts'}`;
}
