import { describe, expect, it } from 'vitest';
import { groupFanOut } from '../../../../shared/model/fan-out';
import { diffRows, runResults } from './fan-out-rows';
import { appendOutput, outputEnded, runStarted, startRun } from './run-model';

describe('runResults', () => {
  it('is null while a host is still running, then gives each host’s text and exit', () => {
    let run = startRun(1, 'uname -r', ['node1', 'node2'], 0);
    run = runStarted(
      run,
      [
        { hostId: 'node1', streamId: 's1' },
        { hostId: 'node2', streamId: 's2' },
      ],
      0,
    );
    run = appendOutput(run, 'node1', '6.1.134-152.225.amzn2023.x86_64\n');
    run = outputEnded(run, { streamId: 's1', hostId: 'node1', exitCode: 0, durationMs: 40 });
    expect(runResults(run)).toBeNull();
    run = appendOutput(run, 'node2', '6.1.134-152.225.amzn2023.x86_64\n');
    run = outputEnded(run, { streamId: 's2', hostId: 'node2', exitCode: 0, durationMs: 52 });
    const results = runResults(run);
    expect(results?.map((r) => [r.hostId, r.exitCode])).toEqual([
      ['node1', 0],
      ['node2', 0],
    ]);
    expect(groupFanOut(results ?? []).isUnanimous).toBe(true);
  });
});

describe('diffRows', () => {
  it('flattens hunks into a header row and numbered lines', () => {
    const { groups } = groupFanOut([
      { hostId: 'node1', stdout: 'a\nb\nc\n', stderr: '', exitCode: 0 },
      { hostId: 'node2', stdout: 'a\nB\nc\n', stderr: '', exitCode: 0 },
      { hostId: 'node3', stdout: 'a\nb\nc\n', stderr: '', exitCode: 0 },
    ]);
    const diff = groups[1]?.diff;
    if (diff?.kind !== 'hunks') throw new Error('expected a diff');
    expect(diffRows(diff.hunks)).toEqual([
      { kind: 'hunk', text: '@@ -1,3 +1,3 @@' },
      { kind: 'context', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2, newLine: null },
      { kind: 'added', text: 'B', oldLine: null, newLine: 2 },
      { kind: 'context', text: 'c', oldLine: 3, newLine: 3 },
    ]);
  });
});
