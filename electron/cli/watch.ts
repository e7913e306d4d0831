/**
 * `kubelab watch topology`: collects the topology every `--interval` seconds from the same
 * source `kubelab topology` reads and prints one line per change — the full model first, then
 * the diff (entities added, removed, changed by stable key) whenever a collection differs.
 * Nothing is printed while nothing changes. SIGINT or SIGTERM ends it: the source is closed at
 * once (a collection under way is dropped) and the exit code is 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Topology } from '../../shared/model/topology';
import { diffTopology, isEmptyDiff, type TopologyDiff } from '../../shared/model/topology-diff';
import {
  openTopologySource,
  withTargetOptions,
  type Output,
  type TopologyDeps,
  type TopologyFlags,
  type TopologySource,
} from './topology-source';

export interface WatchFlags extends TopologyFlags {
  /** Seconds between the end of one collection and the start of the next. */
  interval: number;
}

/** One printed line with `--json`. */
export type WatchLine =
  | { type: 'full'; collectedAt: string; topology: Topology }
  | ({ type: 'diff'; collectedAt: string } & TopologyDiff);

export interface WatchOptions {
  intervalMs: number;
  json: boolean;
  /** Prefix of messages on stderr. */
  command?: string;
}

/**
 * Polls `source` until `signal` aborts, printing the first collection and then each non-empty
 * diff. Closes the source when done (also on abort, right away). Returns the exit code: 0 after
 * an abort, 2 when the first collection is refused (an unknown workspace).
 */
export async function watchTopology(
  source: TopologySource,
  options: WatchOptions,
  out: Output,
  signal: AbortSignal,
): Promise<number> {
  const command = options.command ?? 'kubelab watch topology';
  const onAbort = () => source.close();
  signal.addEventListener('abort', onAbort, { once: true });
  let previous: Topology | undefined;
  try {
    while (!signal.aborted) {
      const collected = await source.collect().catch((cause: unknown) => ({
        ok: false as const,
        message: cause instanceof Error ? cause.message : String(cause),
      }));
      if (signal.aborted) break;
      if (!collected.ok) {
        out.stderr(`${command}: ${collected.message}\n`);
        if (previous === undefined) return 2;
      } else {
        const topology = collected.value;
        if (previous === undefined)
          print({ type: 'full', collectedAt: topology.collectedAt, topology }, options, out);
        else {
          const diff = diffTopology(previous, topology);
          if (!isEmptyDiff(diff))
            print({ type: 'diff', collectedAt: topology.collectedAt, ...diff }, options, out);
        }
        previous = topology;
      }
      await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    signal.removeEventListener('abort', onAbort);
    source.close();
  }
}

function print(line: WatchLine, options: WatchOptions, out: Output): void {
  if (options.json) {
    out.stdout(`${JSON.stringify(line)}\n`);
    return;
  }
  if (line.type === 'full') {
    const t = line.topology;
    const enis = t.nodes.reduce((n, node) => n + node.enis.length, 0);
    out.stdout(
      `${line.collectedAt} ${t.nodes.length} nodes, ${enis} ENIs, ${t.pods.length} pods, ${t.warnings.length} warnings\n`,
    );
    return;
  }
  const rows = [
    ...line.added.map((e) => `+ ${e.kind} ${e.key}`),
    ...line.removed.map((e) => `- ${e.kind} ${e.key}`),
    ...line.changed.map((e) => `~ ${e.kind} ${e.key} (${e.fields.join(', ')})`),
  ];
  out.stdout(rows.map((r) => `${line.collectedAt} ${r}\n`).join(''));
}

/** Runs `kubelab watch topology` with its flags until `signal` aborts. */
export async function runWatchTopology(
  flags: WatchFlags,
  out: Output,
  deps: TopologyDeps,
  signal: AbortSignal,
): Promise<number> {
  const command = 'kubelab watch topology';
  const source = openTopologySource(flags, out, deps, command);
  if (typeof source === 'number') return source;
  return watchTopology(
    source,
    { intervalMs: Math.round(flags.interval * 1000), json: flags.json, command },
    out,
    signal,
  );
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1 || n > 3600)
    throw new InvalidArgumentError('seconds between 0.1 and 3600');
  return n;
}

/** Registers `kubelab watch topology` on the program. */
export function registerWatchCommand(
  program: Command,
  out: Output,
  deps: () => TopologyDeps,
): void {
  const watch = program
    .command('watch')
    .description('Collect again and again and print what changed.');
  withTargetOptions(
    watch
      .command('topology')
      .description('Print the topology, then one diff per change (Ctrl-C ends it).'),
  )
    .option(
      '--json',
      'one JSON line each: { type: "full", topology } then { type: "diff", added, removed, changed }',
      false,
    )
    .option('--interval <seconds>', 'pause between collections', seconds, 2)
    .addHelpText(
      'after',
      '\nExit 0 when interrupted; 2 on bad usage.\n\nExamples:\n' +
        '  kubelab watch topology --target demo --json\n' +
        '  kubelab watch topology --ssh-config ~/.ssh/config --operator bastion --nodes node1,node2 --json --interval 5\n',
    )
    .action(async (opts: WatchFlags) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        process.exitCode = await runWatchTopology(opts, out, deps(), stop.signal);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
