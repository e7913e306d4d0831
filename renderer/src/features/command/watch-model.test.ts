import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../../shared/model/command';
import { applyWatchResults, setCumulative, startSession } from './watch-model';

const answer = (hostId: string, stdout: string): ExecResult => ({
  hostId,
  ok: true,
  exitCode: 0,
  stdout,
  stderr: '',
  durationMs: 12,
});

describe('watch sessions', () => {
  it('lights what changed on each host since its own previous run', () => {
    let session = startSession(1, 'kubectl get pods -o wide | wc -l', ['operator'], 2000, false);
    session = applyWatchResults(session, [answer('operator', '4\n')], 1000);
    expect(session.hosts.operator?.frame?.litCells).toBe(0);
    session = applyWatchResults(session, [answer('operator', '11\n')], 3000);
    expect(session.runCount).toBe(2);
    expect(session.lastRunAt).toBe(3000);
    expect(session.hosts.operator?.frame?.lines[0]?.changed).toEqual([{ start: 0, end: 2 }]);
  });

  it('keeps the last output of a host that timed out, so the next answer is compared with it', () => {
    let session = startSession(1, 'conntrack -C', ['node1'], 2000, false);
    session = applyWatchResults(session, [answer('node1', '10\n')], 1);
    session = applyWatchResults(
      session,
      [
        {
          hostId: 'node1',
          ok: false,
          exitCode: null,
          stdout: '',
          stderr: '',
          durationMs: 30_000,
          error: { code: 'timeout', message: 'no answer in 30 s' },
        },
      ],
      2,
    );
    expect(session.hosts.node1?.text).toBe('10\n');
    expect(session.hosts.node1?.result?.error?.code).toBe('timeout');
    session = applyWatchResults(session, [answer('node1', '12\n')], 3);
    expect(session.hosts.node1?.frame?.changedCells).toBe(1);
  });

  it('carries lit cells across runs in cumulative mode, and forgets them when it is turned off', () => {
    let session = startSession(1, 'date +%S', ['node1'], 1000, true);
    session = applyWatchResults(session, [answer('node1', '10\n')], 1);
    session = applyWatchResults(session, [answer('node1', '11\n')], 2);
    session = applyWatchResults(session, [answer('node1', '21\n')], 3);
    expect(session.hosts.node1?.frame?.litCells).toBe(2);
    session = applyWatchResults(session, [answer('node1', '21\n')], 4);
    expect(session.hosts.node1?.frame?.litCells).toBe(2);
    session = setCumulative(session, false);
    session = applyWatchResults(session, [answer('node1', '21\n')], 5);
    expect(session.hosts.node1?.frame?.litCells).toBe(0);
  });
});
