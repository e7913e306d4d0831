/**
 * Runs a runbook over a workspace's hosts: finds the pods it needs, runs each step's commands
 * (once, watched until its expectations pass, or captured), checks the expectations, runs the
 * cleanup, and journals all of it — commands, bound variables, results and topology snapshots at
 * step boundaries. Stops at the first failing step (after its cleanup).
 */
import type { ExpectResult } from '../../shared/model/runbook/predicates';
import type { Runbook } from '../../shared/model/runbook/schema';
import type { Topology } from '../../shared/model/topology';
import { parseKubectlJson } from '../../shared/parsers/kubectl';
import { quote } from 'shell-quote';
import { podVariables, pickPods, type Variables } from '../../shared/model/runbook/variables';
import { collectTopology } from '../collectors/topology';
import type { Host } from '../hosts/host';
import { commandFailure, runOnHosts } from './commands';
import type { JournalWriter } from './journal';
import { runStep, type StepState } from './run-step';

export interface RunnerEvents {
  stepStart?(index: number, title: string): void;
  command?(line: {
    hostId: string;
    command: string;
    exitCode: number | null;
    iteration?: number;
  }): void;
  expect?(index: number, result: ExpectResult): void;
  stepEnd?(index: number, ok: boolean, problems: string[]): void;
}

export interface RunOptions {
  runbook: Runbook;
  file?: string;
  /** The workspace id (`demo`, `ssh`…), recorded in the journal and the snapshots. */
  target: string;
  hosts: readonly Host[];
  journal: JournalWriter;
  /** `--var name=value` overrides of the runbook's variables. */
  overrides?: Variables;
  events?: RunnerEvents;
  signal?: AbortSignal;
  /** Runs only these steps (0-based), in order; all when absent. */
  only?: readonly number[];
  /** How a snapshot is taken (tests may count calls); collectTopology by default. */
  snapshot?: (target: string, hosts: readonly Host[]) => Promise<Topology>;
}

export interface StepFailure {
  step: number;
  title: string;
  why: string;
}

export interface RunOutcome {
  ok: boolean;
  failure?: StepFailure;
  variables: Variables;
}

/** Runs the runbook; never throws for a lab problem (those are failures in the outcome). */
export async function runRunbook(o: RunOptions): Promise<RunOutcome> {
  const started = performance.now();
  const { runbook, journal, hosts } = o;
  const vars: Variables = {};
  for (const [k, v] of Object.entries(runbook.variables)) vars[k] = String(v);
  Object.assign(vars, o.overrides ?? {});
  journal.append({
    kind: 'session-start',
    runbook,
    ...(o.file === undefined ? {} : { file: o.file }),
    target: o.target,
    hosts: hosts.map((h) => ({
      id: h.description.id,
      role: h.description.role,
      address: h.description.address,
    })),
    variables: { ...vars },
  });
  const end = (failure?: StepFailure): RunOutcome => {
    journal.append({
      kind: 'session-end',
      ok: failure === undefined,
      durationMs: performance.now() - started,
      ...(failure ? { failedStep: failure.step, error: failure.why } : {}),
    });
    return { ok: failure === undefined, ...(failure ? { failure } : {}), variables: vars };
  };
  const setupFailure = (why: string): RunOutcome => end({ step: 0, title: 'requirements', why });

  const need = checkHosts(runbook, hosts);
  if (need) return setupFailure(need);
  const take = o.snapshot ?? ((target, h) => collectTopology(target, h));
  const state: StepState = {
    vars,
    snapshotOf: runbook.snapshots ? () => take(o.target, hosts) : undefined,
  };
  if (state.snapshotOf) {
    state.runStart = await state.snapshotOf();
    state.last = state.runStart;
    journal.append({ kind: 'snapshot', reason: 'run-start', topology: state.runStart });
  }
  const podProblem = await bindPods(o, vars, state.runStart);
  if (podProblem) return setupFailure(podProblem);
  const steps = o.only ?? runbook.steps.map((_, i) => i);
  for (const index of steps) {
    const step = runbook.steps[index];
    if (!step) return setupFailure(`there is no step ${index + 1}`);
    if (o.signal?.aborted) return end({ step: index, title: step.title, why: 'cancelled' });
    const why = await runStep(index, step, o, state);
    if (why !== undefined) return end({ step: index, title: step.title, why });
  }
  return end();
}

function checkHosts(rb: Runbook, hosts: readonly Host[]): string | undefined {
  const nodes = hosts.filter((h) => h.description.role === 'node').length;
  const hasOperator = hosts.some((h) => h.description.role === 'operator');
  if (rb.requires.operator && !hasOperator)
    return 'needs an operator host (kubectl, aws), found none';
  if (rb.requires.pods.length > 0 && !hasOperator)
    return 'needs an operator host to find its pods with kubectl, found none';
  if (nodes < rb.requires.nodes) return `needs ${rb.requires.nodes} worker nodes, found ${nodes}`;
  return undefined;
}

/** Finds the pods each `requires.pods` names with one kubectl call and binds their variables. */
async function bindPods(
  o: RunOptions,
  vars: Variables,
  topology: Topology | undefined,
): Promise<string | undefined> {
  const operator = o.hosts.find((h) => h.description.role === 'operator');
  if (!operator) return undefined;
  // Over SSH a host's address may be a public name; the topology knows its node's private IP.
  const hostOfIp = (ip: string) =>
    o.hosts.find((h) => h.description.address === ip)?.description.id ??
    topology?.nodes.find((n) => n.primaryIp === ip)?.hostId;
  for (const req of o.runbook.requires.pods) {
    const command = quote([
      'kubectl',
      'get',
      'pods',
      '-n',
      req.namespace,
      '-l',
      req.selector,
      '-o',
      'json',
    ]);
    const [ran] = await runOnHosts(
      [operator],
      command,
      { mode: 'once' },
      { source: 'setup' },
      o.journal,
      o.signal,
    );
    if (!ran) return 'no operator host';
    const failed = commandFailure(ran.entry);
    if (failed) return `finding pods ${req.name}: ${failed}`;
    const picked = pickPods(req, parseKubectlJson(ran.entry.stdout).value.pods, hostOfIp);
    if (picked.problem) return `pods ${req.name}: ${picked.problem}`;
    for (const [name, value] of Object.entries(podVariables(req.name, picked.pods))) {
      vars[name] = value;
      o.journal.append({ kind: 'bind', name, value });
    }
  }
  return undefined;
}
