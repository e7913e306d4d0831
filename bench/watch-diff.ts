/**
 * `npm run bench`: one `watch -d` frame for a 5,000-line output (an `iptables -L -v -n -x`
 * with busy counters): cell-by-cell compare with the previous run, plain and cumulative.
 */
import { diffWatch } from '../shared/model/watch-diff';

const LINES = 5_000;
const RUNS = 21;

function output(run: number): string {
  return Array.from({ length: LINES }, (_, i) => {
    const packets = i % 50 === 0 ? 1000 + i + run * 7 : 1000 + i;
    return `${String(packets).padStart(8)} ${String(packets * 60).padStart(10)} KUBE-SEP-${i.toString(36).toUpperCase().padStart(6, 'X')}  all  --  *      *       0.0.0.0/0            10.244.${i >> 8}.${i & 255}/32`;
  }).join('\n');
}

const outputs = Array.from({ length: RUNS + 1 }, (_, run) => output(run));
for (const isCumulative of [false, true]) {
  const times: number[] = [];
  let marks;
  let lit = 0;
  for (let run = 1; run <= RUNS; run++) {
    const start = performance.now();
    const frame = diffWatch(outputs[run - 1] ?? null, outputs[run] ?? '', { isCumulative, marks });
    times.push(performance.now() - start);
    marks = frame.marks;
    lit = frame.litCells;
  }
  times.sort((a, b) => a - b);
  console.log(
    `${LINES.toLocaleString('en-US')} lines, ${isCumulative ? 'cumulative' : 'plain     '}  ${(times[Math.floor(RUNS / 2)] ?? NaN).toFixed(1).padStart(6)} ms median  ${(times[RUNS - 1] ?? NaN).toFixed(1).padStart(6)} ms worst  ${lit} cells lit`,
  );
}
