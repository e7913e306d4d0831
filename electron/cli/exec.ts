import type { ExecResult } from '../../shared/model/command';
import type { Session } from '../core/backend';

export interface ExecCommandOptions {
  target: string;
  hosts: string[];
  json: boolean;
  timeoutMs?: number;
}

/** One host's result as `kubelab exec --json` prints it. */
export interface ExecJsonRow {
  host: string;
  ok: boolean;
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  error?: { code: string; message: string };
}

/**
 * `kubelab exec`: runs the command on every host at once through the same API the UI uses and
 * prints a section per host (or JSON). Resolves to the process exit code: 0 when every host
 * ran it and exited 0, 1 when any did not, 2 when the request itself was wrong.
 */
export async function runExec(
  session: Session,
  command: string,
  options: ExecCommandOptions,
  out: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  const reply = await session.handle('command:exec', {
    workspaceId: options.target,
    hostIds: options.hosts,
    command,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  if (!reply.ok) {
    out.stderr(`kubelab exec: ${reply.error.message}\n`);
    return 2;
  }
  const results = reply.value as ExecResult[];
  if (options.json) {
    out.stdout(JSON.stringify(results.map(toJsonRow), null, 2) + '\n');
  } else {
    out.stdout(results.map(formatSection).join('\n'));
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

function toJsonRow(r: ExecResult): ExecJsonRow {
  return {
    host: r.hostId,
    ok: r.ok,
    exitCode: r.exitCode,
    ...(r.signal === undefined ? {} : { signal: r.signal }),
    stdout: r.stdout,
    stderr: r.stderr,
    durationMs: Math.round(r.durationMs * 10) / 10,
    ...(r.error === undefined ? {} : { error: r.error }),
  };
}

/** `=== node1 · exit 0 · 4 ms ===` then the output, stderr last, each ending in a newline. */
export function formatSection(r: ExecResult): string {
  const status = r.error
    ? `failed: ${r.error.message}`
    : r.signal
      ? `killed by ${r.signal}`
      : `exit ${r.exitCode}`;
  const header = `=== ${r.hostId} · ${status} · ${Math.round(r.durationMs)} ms ===\n`;
  const body = withNewline(r.stdout) + withNewline(r.stderr);
  return header + body;
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : text + '\n';
}
