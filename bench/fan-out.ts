/**
 * `npm run bench`: group and diff a fan-out of 50 hosts × 5,000 lines (an `iptables-save`-sized
 * output per node) three ways — all identical, every host its own group with a few changed lines
 * (the worst case the view meets: 49 diffs), and five groups of ten — median of several runs.
 */
import { groupFanOut, type FanOutInput } from '../shared/model/fan-out';

const HOSTS = 50;
const LINES = 5_000;
const RUNS = 7;

function baseLines(): string[] {
  return Array.from(
    { length: LINES },
    (_, i) =>
      `-A KUBE-SEP-${(i * 7919).toString(36).toUpperCase().padStart(8, 'X')} -s 10.244.${i >> 8}.${i & 255}/32 -m comment --comment "ns-${i % 97}/svc-${i}" -j KUBE-MARK-MASQ`,
  );
}

function host(hostId: string, lines: string[]): FanOutInput {
  return { hostId, stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}

function scenario(name: string, make: (base: string[]) => FanOutInput[]): void {
  const inputs = make(baseLines());
  const times: number[] = [];
  let groups = 0;
  let hunks = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const result = groupFanOut(inputs);
    times.push(performance.now() - start);
    groups = result.groups.length;
    hunks = result.groups.reduce(
      (n, g) => n + (g.diff.kind === 'hunks' ? g.diff.hunks.length : 0),
      0,
    );
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const worst = times[times.length - 1] ?? NaN;
  console.log(
    `${name.padEnd(40)} ${median.toFixed(1).padStart(8)} ms median  ${worst.toFixed(1).padStart(8)} ms worst  ${groups} groups, ${hunks} hunks`,
  );
}

console.log(`${HOSTS} hosts × ${LINES.toLocaleString('en-US')} lines, ${RUNS} runs each`);

scenario('all identical', (base) =>
  Array.from({ length: HOSTS }, (_, h) => host(`node${h}`, base)),
);

scenario('every host differs in 3 lines', (base) =>
  Array.from({ length: HOSTS }, (_, h) => {
    const lines = [...base];
    for (const at of [10, 2_500, 4_990]) lines[at] = `${lines[at]} host${h}`;
    return host(`node${h}`, lines);
  }),
);

scenario('5 groups of 10, 50 lines inserted', (base) =>
  Array.from({ length: HOSTS }, (_, h) => {
    const g = h % 5;
    const lines = [...base];
    lines.splice(g * 1_000, 0, ...Array.from({ length: g * 10 }, (_, i) => `extra ${g}.${i}`));
    return host(`node${h}`, lines);
  }),
);
