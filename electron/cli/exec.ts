import type { ExecResult, HostError } from '../../shared/model/command';
import type { Session } from '../core/backend';
import { execOnHosts } from '../core/fan-out';
import { SshHost, SshPool, type Prompter, type SshTarget } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig, type SshConfig } from '../ssh-config';

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

/** `kubelab exec --ssh-config …`: real hosts named by ssh config aliases. */
export interface SshExecOptions {
  sshConfig: string;
  /** Read and save host keys here (like UserKnownHostsFile); default: OpenSSH's + kubelab's. */
  knownHosts?: string;
  /** Save and accept unknown host keys (`StrictHostKeyChecking accept-new`); else refuse them. */
  acceptNew: boolean;
  hosts: string[];
  json: boolean;
  timeoutMs?: number;
}

export interface SshExecDeps {
  prompter: Prompter;
  /** The account's home for `~` in the config and the default known_hosts files. */
  homeDir?: string;
  agent?: string;
}

/**
 * Runs the command on every named host over SSH: names resolve through the ssh config
 * (ProxyJump chains included), connections share one pool so a jump host is connected once,
 * host keys are checked strictly (changed keys are always refused), and every connection is
 * closed before returning so the process can exit. Exit code as `runExec`.
 */
export async function runSshExec(
  command: string,
  options: SshExecOptions,
  out: { stdout: (s: string) => void; stderr: (s: string) => void },
  deps: SshExecDeps,
): Promise<number> {
  const note = (line: string) => out.stderr(`kubelab exec: ${line}\n`);
  let config: SshConfig;
  try {
    config = loadSshConfig({
      configPath: options.sshConfig,
      ...(deps.homeDir ? { homeDir: deps.homeDir } : {}),
    });
  } catch (cause) {
    note(cause instanceof Error ? cause.message : String(cause));
    return 2;
  }
  const files = options.knownHosts
    ? [options.knownHosts]
    : defaultKnownHostsFiles(process.env, deps.homeDir);
  const verifier = createHostKeyVerifier({
    files,
    saveTo: options.knownHosts ?? kubelabKnownHostsFile(process.env, deps.homeDir),
    policy: options.acceptNew ? 'accept-new' : 'strict',
    prompter: deps.prompter,
    log: note,
  });
  const pool = new SshPool({
    verifier,
    prompter: deps.prompter,
    ...(deps.agent ? { agent: deps.agent } : {}),
    ...(options.timeoutMs ? { readyTimeoutMs: options.timeoutMs } : {}),
  });
  try {
    const results = await Promise.all(
      options.hosts.map((name) => execOne(config, pool, name, command, options.timeoutMs, note)),
    );
    if (options.json) out.stdout(JSON.stringify(results.map(toJsonRow), null, 2) + '\n');
    else out.stdout(results.map(formatSection).join('\n'));
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    pool.closeAll();
  }
}

async function execOne(
  config: SshConfig,
  pool: SshPool,
  name: string,
  command: string,
  timeoutMs: number | undefined,
  note: (line: string) => void,
): Promise<ExecResult> {
  const started = performance.now();
  const failed = (error: HostError): ExecResult => ({
    hostId: name,
    ok: false,
    exitCode: null,
    stdout: '',
    stderr: '',
    durationMs: performance.now() - started,
    error,
  });
  let target: SshTarget;
  try {
    const resolution = config.resolve(name);
    for (const w of resolution.warnings) note(formatWarning(w));
    target = resolution.target;
  } catch (cause) {
    return failed({ code: 'not-found', message: errorText(cause) });
  }
  const description = {
    id: name,
    name,
    role: 'node' as const,
    address: target.host,
    user: target.user,
    tags: [],
  };
  const host = new SshHost(description, target, pool);
  const run = execOnHosts([host], command, timeoutMs === undefined ? {} : { timeoutMs });
  // The timeout covers connecting too: a host that never answers the handshake fails alone.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ExecResult[]>((resolve) => {
    if (timeoutMs === undefined) return;
    timer = setTimeout(
      () => resolve([failed({ code: 'timeout', message: `no answer within ${timeoutMs} ms` })]),
      timeoutMs + 1000,
    );
  });
  const [result] = await Promise.race([run, deadline]);
  clearTimeout(timer);
  return result ?? failed({ code: 'internal', message: 'no result' });
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
