import { describe, expect, it } from 'vitest';
import type { StreamEnd } from '../../../../shared/model/command';
import { lineCount } from './line-buffer';
import {
  appendOutput,
  connectionLost,
  isFinished,
  liveStreams,
  outcomeOf,
  outputEnded,
  outputStopping,
  runFailed,
  runStarted,
  startRun,
  summarizeRun,
  type HostOutput,
} from './run-model';

const started = runStarted(
  startRun(1, 'ping -c 3 10.0.0.1', ['n1', 'n2'], 1000),
  [
    { hostId: 'n1', streamId: 's1' },
    { hostId: 'n2', streamId: 's2' },
  ],
  1010,
);

function end(hostId: string, streamId: string, extra: Partial<StreamEnd> = {}): StreamEnd {
  return { hostId, streamId, exitCode: 0, durationMs: 42, ...extra };
}

describe('a run', () => {
  it('starts with every host starting, then running with its stream', () => {
    const run = startRun(1, 'ip -br addr', ['n1', 'n2'], 1000);
    expect(Object.values(run.outputs).map((o) => o.phase)).toEqual(['starting', 'starting']);
    expect(started.outputs.n1?.phase).toBe('running');
    expect(started.outputs.n2?.streamId).toBe('s2');
    expect(liveStreams(started)).toEqual([
      { hostId: 'n1', streamId: 's1' },
      { hostId: 'n2', streamId: 's2' },
    ]);
  });

  it('ends a host the backend started no stream for', () => {
    const run = runStarted(
      startRun(1, 'x', ['n1', 'n2'], 0),
      [{ hostId: 'n1', streamId: 's1' }],
      5,
    );
    expect(run.outputs.n2?.phase).toBe('ended');
    expect(outcomeOf(run.outputs.n2 as HostOutput).kind).toBe('error');
  });

  it('appends output per host and finishes it at the end', () => {
    let run = appendOutput(started, 'n1', 'PING 10.0.0.1\n64 bytes');
    run = appendOutput(run, 'unknown', 'ignored');
    expect(lineCount(run.outputs.n1?.buffer ?? { lines: [], partial: '', dropped: 0 })).toBe(2);
    run = outputEnded(run, end('n1', 's1'));
    expect(run.outputs.n1?.buffer.lines).toEqual(['PING 10.0.0.1', '64 bytes']);
    expect(run.outputs.n1?.phase).toBe('ended');
    expect(run.outputs.n2?.phase).toBe('running');
  });

  it('ignores an end from an older stream of the same host', () => {
    expect(outputEnded(started, end('n1', 's9'))).toBe(started);
  });

  it('drops its outputs when it could not start', () => {
    const run = runFailed(startRun(1, 'x', ['n1'], 0), { code: 'invalid-params', message: 'no' });
    expect(run.outputs).toEqual({});
    expect(run.error?.code).toBe('invalid-params');
  });

  it('ends live outputs when the connection drops', () => {
    const run = connectionLost(outputEnded(started, end('n1', 's1')), 1500);
    expect(outcomeOf(run.outputs.n1 as HostOutput)).toEqual({
      kind: 'exit',
      code: 0,
      isSuccess: true,
    });
    expect(run.outputs.n2?.end?.durationMs).toBe(500);
    expect(outcomeOf(run.outputs.n2 as HostOutput).kind).toBe('error');
    expect(liveStreams(run)).toEqual([]);
  });
});

describe('outcomeOf', () => {
  const cases: [string, HostOutput, string][] = [
    ['running', started.outputs.n1 as HostOutput, 'running'],
    ['stopping', outputStopping(started, 'n1').outputs.n1 as HostOutput, 'stopping'],
    ['exit 0', outputEnded(started, end('n1', 's1')).outputs.n1 as HostOutput, 'exit'],
    [
      'signal',
      outputEnded(started, end('n1', 's1', { exitCode: null, signal: 'TERM' })).outputs
        .n1 as HostOutput,
      'signal',
    ],
    [
      'error',
      outputEnded(
        started,
        end('n1', 's1', { exitCode: null, error: { code: 'unreachable', message: 'down' } }),
      ).outputs.n1 as HostOutput,
      'error',
    ],
  ];
  it.each(cases)('%s', (_name, output, kind) => {
    expect(outcomeOf(output).kind).toBe(kind);
  });

  it('tells success from failure by the exit code', () => {
    const failed = outputEnded(started, end('n1', 's1', { exitCode: 2 })).outputs.n1 as HostOutput;
    expect(outcomeOf(failed)).toEqual({ kind: 'exit', code: 2, isSuccess: false });
  });
});

describe('summarizeRun', () => {
  it('counts outcomes per kind', () => {
    let run = runStarted(
      startRun(2, 'ip rule', ['a', 'b', 'c', 'd'], 0),
      ['a', 'b', 'c', 'd'].map((hostId) => ({ hostId, streamId: `s-${hostId}` })),
      0,
    );
    expect(isFinished(run)).toBe(false);
    run = outputEnded(run, end('a', 's-a'));
    run = outputEnded(run, end('b', 's-b', { exitCode: 1 }));
    run = outputEnded(run, end('c', 's-c', { exitCode: null, signal: 'TERM' }));
    run = outputEnded(
      run,
      end('d', 's-d', { exitCode: null, error: { code: 'unreachable', message: 'no route' } }),
    );
    expect(isFinished(run)).toBe(true);
    expect(summarizeRun(run)).toBe('ip rule: 1 ok, 1 failed, 1 stopped, 1 unreachable');
  });

  it('reports a run that could not start', () => {
    const run = runFailed(startRun(1, 'x', ['a'], 0), { code: 'invalid-params', message: 'bad' });
    expect(summarizeRun(run)).toBe('x: bad');
    expect(isFinished(run)).toBe(true);
  });
});
