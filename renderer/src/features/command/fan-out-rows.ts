import { hunkHeader, type DiffHunk, type FanOutInput } from '../../../../shared/model/fan-out';
import { bufferText } from './line-buffer';
import { isLive, type Run } from './run-model';

/**
 * A finished run as the grouping reads it; null while any host is still running. Streams carry
 * stdout and stderr interleaved, so the whole text counts as stdout here.
 */
export function runResults(run: Run): FanOutInput[] | null {
  const inputs: FanOutInput[] = [];
  for (const hostId of run.hostIds) {
    const output = run.outputs[hostId];
    if (output === undefined) continue;
    if (isLive(output) || output.end === null) return null;
    const { end } = output;
    inputs.push({
      hostId,
      stdout: bufferText(output.buffer),
      stderr: '',
      exitCode: end.exitCode,
      signal: end.signal,
      error: end.error,
    });
  }
  return inputs;
}

/** One row of the diff view: a hunk header or a line with its numbers. */
export type DiffRow =
  | { kind: 'hunk'; text: string }
  | {
      kind: 'context' | 'added' | 'removed';
      text: string;
      oldLine: number | null;
      newLine: number | null;
    };

/** Hunks flattened into rows, so long diffs can be virtualized like any output. */
export function diffRows(hunks: readonly DiffHunk[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const hunk of hunks) {
    rows.push({ kind: 'hunk', text: hunkHeader(hunk) });
    for (const line of hunk.lines) rows.push(line);
  }
  return rows;
}
