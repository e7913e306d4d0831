import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { formatRunbookError, loadRunbook, type Runbook } from '../../shared/model/runbook';
import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { createWorkspaces } from '../core/compose';
import type { Host } from '../hosts/host';
import { exportJournal } from '../lab-session/export';
import { openJournal } from '../lab-session/journal';
import { runRunbook } from '../lab-session/runner';
import { sshHosts } from '../lab-session/ssh-hosts';
import type { Prompter } from '../ssh';
import { DEMO_TARGETS_HELP } from '../demo';

type Output = { stdout: (s: string) => void; stderr: (s: string) => void };

export interface LabRunFlags {
  journal: string;
  target?: string;
  sshConfig?: string;
  knownHosts?: string;
  acceptNew: boolean;
  operator?: string;
  nodes?: string[];
  var: Record<string, string>;
  step?: number[];
}

export interface LabDeps {
  prompter: Prompter;
  agent?: string;
  homeDir?: string;
}

/** Reads and validates a runbook file; errors are printed as `file:line:col field: message`. */
export function readRunbook(file: string, out: Output): Runbook | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    out.stderr(`kubelab lab: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return undefined;
  }
  const loaded = loadRunbook(text, file);
  if (loaded.ok) return loaded.runbook;
  for (const e of loaded.errors) out.stderr(`${formatRunbookError(e)}\n`);
  return undefined;
}

/**
 * `kubelab lab run`: runs a runbook against a workspace (`--target`) or ssh-config hosts,
 * journaling into `--journal DIR`. Exit 0 when every step passed, 1 when one failed (named on
 * stderr with why), 2 on bad usage or an invalid runbook.
 */
export async function runLab(
  file: string,
  flags: LabRunFlags,
  out: Output,
  deps: LabDeps,
): Promise<number> {
  const say = (line: string) => out.stderr(`${line}\n`);
  const usage = (m: string) => (say(`kubelab lab run: ${m}`), 2);
  const runbook = readRunbook(file, out);
  if (!runbook) return 2;
  for (const name of Object.keys(flags.var))
    if (!(name in runbook.variables))
      return usage(`--var ${name}: the runbook declares no variable ${name}`);
  let hosts: readonly Host[];
  let close = () => undefined as void;
  let target: string;
  if (flags.sshConfig !== undefined) {
    if (flags.target !== undefined) return usage('--target and --ssh-config exclude each other');
    const made = sshHosts({
      sshConfig: flags.sshConfig,
      ...(flags.knownHosts === undefined ? {} : { knownHosts: flags.knownHosts }),
      acceptNew: flags.acceptNew,
      ...(flags.operator === undefined ? {} : { operator: flags.operator }),
      nodes: flags.nodes ?? [],
      prompter: deps.prompter,
      ...(deps.agent ? { agent: deps.agent } : {}),
      ...(deps.homeDir ? { homeDir: deps.homeDir } : {}),
      note: (l) => say(`kubelab lab run: ${l}`),
    });
    if ('error' in made) return usage(made.error);
    ({ hosts, close } = made);
    target = 'ssh';
  } else {
    if (flags.operator !== undefined || flags.nodes !== undefined)
      return usage('--operator and --nodes need --ssh-config (a --target names its own hosts)');
    target = flags.target ?? DEMO_WORKSPACE_ID;
    try {
      hosts = createWorkspaces().get(target).hosts;
    } catch (cause) {
      return usage(cause instanceof Error ? cause.message : String(cause));
    }
  }
  const journal = openJournal(flags.journal);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  const total = runbook.steps.length;
  say(
    `${runbook.title} — ${total} steps on ${target}, journal ${path.join(flags.journal, 'journal.jsonl')}`,
  );
  try {
    const outcome = await runRunbook({
      runbook,
      file,
      target,
      hosts,
      journal,
      overrides: flags.var,
      signal: abort.signal,
      ...(flags.step ? { only: flags.step.map((n) => n - 1) } : {}),
      events: {
        stepStart: (i, title) => say(`[${i + 1}/${total}] ${title}`),
        command: (c) =>
          say(
            `    ${c.hostId} $ ${c.command}${c.iteration ? ` (#${c.iteration})` : ''} → ${c.exitCode ?? 'no exit'}`,
          ),
        expect: (_, r) => say(`    ${r.ok ? '✓' : '✗'} ${r.name}: ${r.why}`),
        stepEnd: (i, ok) => say(`    step ${i + 1} ${ok ? 'passed' : 'FAILED'}`),
      },
    });
    if (outcome.ok) {
      say(`passed: all ${flags.step?.length ?? total} steps`);
      return 0;
    }
    const f = outcome.failure;
    say(`FAILED at step ${(f?.step ?? 0) + 1} “${f?.title ?? ''}”: ${f?.why ?? ''}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    journal.close();
    close();
  }
}

/** `kubelab lab export`: writes the Markdown report (and the bundle); exit 0, 2 when unreadable. */
export function runLabExport(
  dir: string,
  opts: { md: string; bundle?: string },
  out: Output,
): number {
  try {
    const r = exportJournal(dir, opts.md, opts.bundle);
    for (const p of r.read.problems)
      out.stderr(`kubelab lab export: journal line ${p.line}: ${p.message}\n`);
    out.stderr(
      `kubelab lab export: ${r.read.entries.length} entries → ${opts.md}${r.bundled ? `, ${opts.bundle} (${r.bundled.length} files)` : ''}\n`,
    );
    return 0;
  } catch (cause) {
    out.stderr(`kubelab lab export: ${cause instanceof Error ? cause.message : String(cause)}\n`);
    return 2;
  }
}

function varPair(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('name=value');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function stepList(value: string): number[] {
  const steps = value.split(',').map(Number);
  if (steps.some((n) => !Number.isInteger(n) || n < 1))
    throw new InvalidArgumentError('step numbers from 1, comma-separated');
  return steps;
}

/** Registers `kubelab lab run|check|export` on the program. */
export function registerLabCommand(program: Command, out: Output, deps: () => LabDeps): void {
  const lab = program
    .command('lab')
    .description('Guided lab runbooks: run them, journal them, write them up.');
  lab
    .command('run')
    .description('Run a runbook step by step, journaling every command, snapshot and result.')
    .argument('<file>', 'the runbook (YAML; see runbooks/README.md)')
    .requiredOption('--journal <dir>', 'directory for journal.jsonl (appended to)')
    .option(
      '--target <workspace>',
      `workspace to run on (default ${DEMO_WORKSPACE_ID}; ${DEMO_TARGETS_HELP})`,
    )
    .option('--ssh-config <file>', 'reach the hosts over SSH: names are this ssh config’s aliases')
    .option('--known-hosts <file>', 'with --ssh-config: read and save host keys here')
    .option('--accept-new', 'with --ssh-config: accept and save unknown host keys', false)
    .option('--operator <host>', 'with --ssh-config: the host that runs aws and kubectl')
    .option('--nodes <a,b,c>', 'with --ssh-config: the worker nodes', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--var <name=value>', 'override a runbook variable (repeatable)', varPair, {})
    .option('--step <n,m>', 'run only these steps (from 1)', stepList)
    .addHelpText(
      'after',
      '\nExit 0 when every step passed; 1 when a step failed (named, with why); 2 on bad usage.\n\n' +
        'Example:\n  kubelab lab run runbooks/eni-growth.yaml --target demo --journal ./lab-1\n',
    )
    .action(async (file: string, opts: LabRunFlags) => {
      process.exitCode = await runLab(file, opts, out, deps());
    });
  lab
    .command('check')
    .description('Validate runbooks without running them (errors as file:line:col field: message).')
    .argument('<files...>')
    .action((files: string[]) => {
      const bad = files.filter((f) => readRunbook(f, out) === undefined);
      if (bad.length === 0) out.stderr(`kubelab lab check: ${files.length} runbook(s) valid\n`);
      process.exitCode = bad.length === 0 ? 0 : 2;
    });
  lab
    .command('export')
    .description('Write the Markdown report of a journal, and optionally a zip bundle.')
    .argument('<dir>', 'the journal directory (--journal of lab run)')
    .requiredOption('--md <file>', 'the report to write')
    .option(
      '--bundle <file>',
      'also write a zip: journal, report, pcaps, images, topology snapshots',
    )
    .action((dir: string, opts: { md: string; bundle?: string }) => {
      process.exitCode = runLabExport(dir, opts, out);
    });
}
