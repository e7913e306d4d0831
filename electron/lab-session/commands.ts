/**
 * Running one runbook command on hosts and journaling it: which hosts `on:` names, the command
 * line with its variables quoted in, and one journal entry per host and run.
 */
import { quote } from 'shell-quote';
import type { CommandEntry, NewJournalEntry } from '../../shared/model/runbook/journal';
import { boundOutput } from '../../shared/model/runbook/journal';
import type { RunItem } from '../../shared/model/runbook/schema';
import { substitute, type Variables } from '../../shared/model/runbook/variables';
import { toHostError } from '../core/fan-out';
import type { Host } from '../hosts/host';
import type { JournalWriter } from './journal';

const DEFAULT_TIMEOUT_S = 30;

/** The hosts an `on:` names: `operator`, `nodes`, `all`, a host id or name (after `${vars}`). */
export function resolveHosts(
  on: string,
  hosts: readonly Host[],
  vars: Variables,
): { hosts: Host[] } | { error: string } {
  const name = substitute(on, vars);
  if (!name.ok) return { error: `on: ${name.error}` };
  const v = name.value;
  const picked =
    v === 'all'
      ? [...hosts]
      : v === 'operator' || v === 'nodes' || v === 'node'
        ? hosts.filter((h) => h.description.role === (v === 'operator' ? 'operator' : 'node'))
        : hosts.filter((h) => h.description.id === v || h.description.name === v);
  if (picked.length === 0)
    return {
      error: `on: ${v} names no host of this workspace (hosts: ${hosts.map((h) => h.description.id).join(', ')})`,
    };
  return { hosts: picked };
}

/** The command line an item runs, variables shell-quoted; a capture becomes its tcpdump. */
export function commandLine(
  item: RunItem,
  vars: Variables,
): { ok: true; value: string } | { ok: false; error: string } {
  if (item.mode !== 'capture') return substitute(item.command ?? '', vars, true);
  const iface = substitute(item.iface ?? 'any', vars);
  if (!iface.ok) return iface;
  if (!/^[A-Za-z0-9_.:@-]{1,15}$/.test(iface.value))
    return { ok: false, error: `iface ${JSON.stringify(iface.value)} is not an interface name` };
  const filter = substitute(item.filter ?? '', vars);
  if (!filter.ok) return filter;
  // The filter is one argument; tcpdump reads it as the expression. -l: line-buffered, -c: stop.
  // tcpdump needs root; -n fails at once instead of waiting for a password nobody will type.
  const words = [
    'sudo',
    '-n',
    'tcpdump',
    '-i',
    iface.value,
    '-nn',
    '-l',
    '-c',
    String(item.count ?? 10),
  ];
  return { ok: true, value: quote(filter.value ? [...words, filter.value] : words) };
}

export interface RanCommand {
  host: Host;
  entry: CommandEntry;
}

/** Runs `command` on each host in parallel, journaling one entry per host as each ends. */
export async function runOnHosts(
  hosts: readonly Host[],
  command: string,
  item: Pick<RunItem, 'mode' | 'timeout'>,
  meta: { source: CommandEntry['source']; step?: number; iteration?: number },
  journal: JournalWriter,
  signal?: AbortSignal,
): Promise<RanCommand[]> {
  const timeoutMs = (item.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
  return Promise.all(
    hosts.map(async (host): Promise<RanCommand> => {
      const at = new Date();
      const started = performance.now();
      let result: Omit<
        CommandEntry,
        'v' | 'at' | 'kind' | 'source' | 'hostId' | 'command' | 'mode' | 'end' | 'durationMs'
      >;
      try {
        const r = await host.exec(command, { timeoutMs, ...(signal ? { signal } : {}) });
        const out = boundOutput(r.stdout);
        const err = boundOutput(r.stderr);
        result = {
          exitCode: r.exitCode,
          ...(r.signal === undefined ? {} : { signal: r.signal }),
          stdout: out.text,
          stderr: err.text,
          ...(out.dropped || err.dropped
            ? { truncated: { stdout: out.dropped, stderr: err.dropped } }
            : {}),
        };
      } catch (cause) {
        result = { exitCode: null, stdout: '', stderr: '', error: toHostError(cause) };
      }
      const entry: NewJournalEntry = {
        kind: 'command',
        at: at.toISOString(),
        source: meta.source,
        ...(meta.step === undefined ? {} : { step: meta.step }),
        hostId: host.description.id,
        command,
        mode: item.mode ?? 'once',
        ...(meta.iteration === undefined ? {} : { iteration: meta.iteration }),
        end: new Date().toISOString(),
        durationMs: performance.now() - started,
        ...result,
      };
      return { host, entry: journal.append(entry) as CommandEntry };
    }),
  );
}

/** Why a command entry failed, or undefined when it ran and exited 0. */
export function commandFailure(e: CommandEntry): string | undefined {
  if (e.error) return `${e.hostId} \`${e.command}\`: ${e.error.message}`;
  if (e.exitCode === 0) return undefined;
  const said = (e.stderr || e.stdout).trim().split('\n')[0] ?? '';
  const how = e.exitCode === null ? `ended by ${e.signal ?? 'a signal'}` : `exit ${e.exitCode}`;
  return `${e.hostId} \`${e.command}\`: ${how}${said ? ` (${said.slice(0, 200)})` : ''}`;
}

/** A capture running in the background while the rest of its step runs. */
export interface RunningCapture {
  /**
   * Waits up to `graceMs` for tcpdump to end by itself (its `-c` count reached), then stops it;
   * journals and returns what each host printed.
   */
  stop(graceMs: number): Promise<RanCommand[]>;
}

/** Starts `command` as a stream on each host (a capture), collecting its output. */
export function startCapture(
  hosts: readonly Host[],
  command: string,
  meta: { step?: number },
  journal: JournalWriter,
  signal?: AbortSignal,
): RunningCapture {
  const abort = new AbortController();
  signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const runs = hosts.map((host) => {
    const at = new Date();
    const started = performance.now();
    let text = '';
    const done = new Promise<RanCommand>((resolve) => {
      const sink = {
        data: (chunk: string) => {
          text += chunk;
        },
        end: (r: {
          exitCode: number | null;
          signal?: string;
          error?: { code: string; message: string };
        }) => {
          const out = boundOutput(text);
          // Stopped by us after the step: a finished capture, not a failure.
          const stopped = abort.signal.aborted && !signal?.aborted;
          const entry: NewJournalEntry = {
            kind: 'command',
            at: at.toISOString(),
            source: 'capture',
            ...(meta.step === undefined ? {} : { step: meta.step }),
            hostId: host.description.id,
            command,
            mode: 'capture',
            end: new Date().toISOString(),
            durationMs: performance.now() - started,
            exitCode: stopped ? 0 : r.exitCode,
            ...(r.signal === undefined || stopped ? {} : { signal: r.signal }),
            ...(r.error && !stopped ? { error: r.error } : {}),
            stdout: out.text,
            stderr: '',
            ...(out.dropped ? { truncated: { stdout: out.dropped, stderr: 0 } } : {}),
          };
          resolve({ host, entry: journal.append(entry) as CommandEntry });
        },
      };
      try {
        host.stream(command, sink, { signal: abort.signal });
      } catch (cause) {
        sink.end({ exitCode: null, error: toHostError(cause) });
      }
    });
    return done;
  });
  return {
    async stop(graceMs) {
      const all = Promise.all(runs);
      const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs));
      await Promise.race([all, timer]);
      abort.abort();
      return all;
    },
  };
}
