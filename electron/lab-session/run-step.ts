/**
 * One step of a runbook: its commands (a watch repeats until the step's expectations pass), its
 * bindings, a snapshot at its end, its expectations, then its cleanup.
 */
import type { CommandEntry } from '../../shared/model/runbook/journal';
import {
  evaluateExpectation,
  type ExpectResult,
  type StepOutput,
} from '../../shared/model/runbook/predicates';
import type { Expectation, RunItem, Step } from '../../shared/model/runbook/schema';
import { bindFromOutput, substitute, type Variables } from '../../shared/model/runbook/variables';
import type { Topology } from '../../shared/model/topology';
import {
  commandFailure,
  commandLine,
  resolveHosts,
  runOnHosts,
  startCapture,
  type RunningCapture,
} from './commands';
import type { RunOptions } from './runner';

/** What carries from step to step. */
export interface StepState {
  vars: Variables;
  snapshotOf: (() => Promise<Topology>) | undefined;
  runStart?: Topology;
  /** The newest snapshot: the start of the next step. */
  last?: Topology;
}

const DEFAULT_WATCH = { interval: 2, count: 10 };
/** How long a capture gets to start listening before the step's next command. */
const CAPTURE_SETTLE_MS = 500;
/** How long a capture may go on after the step's other commands, unless `timeout` says. */
const CAPTURE_GRACE_S = 2;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Runs step `index`; returns why it failed, or undefined when it passed. */
export async function runStep(
  index: number,
  step: Step,
  o: RunOptions,
  state: StepState,
): Promise<string | undefined> {
  const started = performance.now();
  const { journal, events } = o;
  journal.append({ kind: 'step-start', step: index, title: step.title });
  events?.stepStart?.(index, step.title);
  const stepStart = state.last;
  const outputs = new Map<string, StepOutput>();
  const problems: string[] = [];
  const captures: { r: number; running: RunningCapture; item: RunItem }[] = [];

  const record = (key: number, ran: { entry: CommandEntry }[]) => {
    for (const { entry } of ran) {
      outputs.set(`${key}:${entry.hostId}`, {
        hostId: entry.hostId,
        command: entry.command,
        stdout: entry.stdout,
        stderr: entry.stderr,
        exitCode: entry.exitCode,
      });
      events?.command?.({
        hostId: entry.hostId,
        command: entry.command,
        exitCode: entry.exitCode,
        ...(entry.iteration === undefined ? {} : { iteration: entry.iteration }),
      });
    }
  };
  const check = (list: readonly Expectation[], current: Topology | undefined): ExpectResult[] =>
    list.map((e) => evaluate(e, [...outputs.values()], state, stepStart, current, o));

  for (const [r, item] of step.run.entries()) {
    if (o.signal?.aborted) break;
    const target = resolveHosts(item.on, o.hosts, state.vars);
    const line = commandLine(item, state.vars);
    if ('error' in target || !line.ok) {
      problems.push(`run[${r}] ${'error' in target ? target.error : line.ok ? '' : line.error}`);
      break;
    }
    if (item.mode === 'capture') {
      captures.push({
        r,
        running: startCapture(target.hosts, line.value, { step: index }, journal, o.signal),
        item,
      });
      // Let tcpdump open its socket before the traffic it is meant to see.
      await sleep(CAPTURE_SETTLE_MS, o.signal);
      continue;
    }
    const watch = item.mode === 'watch';
    const count = watch ? (item.count ?? DEFAULT_WATCH.count) : 1;
    const until = item.until ?? step.expect;
    const needsTopology = until.some((e) => e.eniCountIncreased !== undefined);
    let last: { entry: CommandEntry }[] = [];
    for (let n = 1; n <= count && !o.signal?.aborted; n++) {
      last = await runOnHosts(
        target.hosts,
        line.value,
        item,
        { source: 'runbook', step: index, ...(watch ? { iteration: n } : {}) },
        journal,
        o.signal,
      );
      record(r, last);
      if (!watch || n === count) break;
      let current: Topology | undefined;
      if (needsTopology && state.snapshotOf) {
        current = await state.snapshotOf();
        journal.append({ kind: 'snapshot', step: index, reason: 'watch', topology: current });
      }
      if (check(until, current).every((x) => x.ok)) break;
      await sleep((item.interval ?? DEFAULT_WATCH.interval) * 1000, o.signal);
    }
    for (const { entry } of last) {
      const failed = item.allowFailure ? undefined : commandFailure(entry);
      if (failed) problems.push(failed);
    }
    bind(item, last, index, o, state, problems);
    if (problems.length > 0) break;
  }

  for (const c of captures) {
    const ran = await c.running.stop((c.item.timeout ?? CAPTURE_GRACE_S) * 1000);
    record(c.r, ran);
    for (const { entry } of ran) {
      const failed = c.item.allowFailure ? undefined : commandFailure(entry);
      if (failed) problems.push(failed);
    }
    bind(c.item, ran, index, o, state, problems);
  }

  if (state.snapshotOf) {
    state.last = await state.snapshotOf();
    journal.append({ kind: 'snapshot', step: index, reason: 'step-end', topology: state.last });
  }
  if (problems.length === 0)
    check(step.expect, state.last).forEach((result, i) => {
      journal.append({ kind: 'expect', step: index, index: i, ...result });
      events?.expect?.(index, result);
      if (!result.ok) problems.push(`expected ${result.name}: ${result.why}`);
    });
  await cleanup(index, step, o, state);
  const ok = problems.length === 0;
  journal.append({
    kind: 'step-end',
    step: index,
    ok,
    durationMs: performance.now() - started,
    ...(ok ? {} : { error: problems.join('; ') }),
  });
  events?.stepEnd?.(index, ok, problems);
  return ok ? undefined : problems.join('; ');
}

function evaluate(
  e: Expectation,
  all: StepOutput[],
  state: StepState,
  stepStart: Topology | undefined,
  current: Topology | undefined,
  o: RunOptions,
): ExpectResult {
  const resolved = substituteDeep(e, state.vars) as Expectation;
  let outputs = all;
  if (resolved.on !== undefined) {
    const hosts = resolveHosts(resolved.on, o.hosts, state.vars);
    const ids = new Set('error' in hosts ? [] : hosts.hosts.map((h) => h.description.id));
    outputs = all.filter((x) => ids.has(x.hostId));
  }
  return evaluateExpectation(resolved, {
    outputs,
    allOutputs: all,
    ...(state.runStart ? { runStart: state.runStart } : {}),
    ...(stepStart ? { stepStart } : {}),
    ...(current ? { current } : {}),
  });
}

/** `${vars}` replaced in every string of an expectation (left as written when unbound). */
function substituteDeep(value: unknown, vars: Variables): unknown {
  if (typeof value === 'string') {
    const s = substitute(value, vars);
    return s.ok ? s.value : value;
  }
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, vars)]));
  return value;
}

function bind(
  item: RunItem,
  ran: { entry: CommandEntry }[],
  step: number,
  o: RunOptions,
  state: StepState,
  problems: string[],
): void {
  for (const [name, pattern] of Object.entries(item.bind ?? {})) {
    const value = ran
      .map(({ entry }) => bindFromOutput(pattern, entry.stdout))
      .find((v) => v !== undefined && v !== '');
    if (value === undefined) {
      problems.push(
        `bind ${name}: /${pattern}/ matched nothing in the output of \`${ran[0]?.entry.command ?? item.command ?? ''}\``,
      );
      continue;
    }
    state.vars[name] = value;
    o.journal.append({ kind: 'bind', step, name, value });
  }
}

/** Cleanup runs whatever happened; its failures are journaled, never the step's verdict. */
async function cleanup(index: number, step: Step, o: RunOptions, state: StepState): Promise<void> {
  for (const item of step.cleanup) {
    const target = resolveHosts(item.on, o.hosts, state.vars);
    const line = commandLine(item, state.vars);
    if ('error' in target || !line.ok) {
      o.journal.append({
        kind: 'note',
        step: index,
        text: `cleanup skipped: ${'error' in target ? target.error : line.ok ? '' : line.error}`,
      });
      continue;
    }
    await runOnHosts(target.hosts, line.value, item, { source: 'cleanup', step: index }, o.journal);
  }
}
