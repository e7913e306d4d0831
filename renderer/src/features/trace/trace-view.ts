import type { StepCheck, Trace, VerifyResult } from '../../../../shared/model/trace';

/** One step as the panel lists it: number, what, where, the cited lines and the live mark. */
export interface StepRow {
  n: number;
  kind: string;
  host: string;
  text: string;
  lines: string[];
  endpoint: string | null;
  check: StepCheck | null;
}

/** The trace's steps with verify live's marks beside them (by step index). */
export function stepRows(trace: Trace, verify: VerifyResult | null): StepRow[] {
  const checks = new Map(verify?.checks.map((c) => [c.step, c]) ?? []);
  return trace.steps.map((s, i) => ({
    n: i + 1,
    kind: s.kind,
    host: s.host,
    text: s.text,
    lines: s.lines,
    endpoint: s.endpoint ?? null,
    check: checks.get(i) ?? null,
  }));
}

/** Sources to offer in the form: every node and every other host of the workspace. */
export function sourceSuggestions(hosts: readonly { id: string; role: string }[]): string[] {
  return hosts
    .filter((h) => h.role !== 'operator')
    .map((h) => (h.role === 'node' ? `node/${h.id}` : `host/${h.id}`));
}

/** `12.5%` with one decimal, `100%` and `0%` bare. */
export function share(p: number): string {
  return p === 1 || p === 0 ? `${p * 100}%` : `${(p * 100).toFixed(1)}%`;
}

/** Short label of a live mark. */
export function markLabel(check: StepCheck): string {
  switch (check.status) {
    case 'seen':
      return 'seen';
    case 'not-seen':
      return 'not seen';
    case 'not-exercised':
      return 'not taken';
  }
}
