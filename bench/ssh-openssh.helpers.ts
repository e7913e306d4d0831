/**
 * The OpenSSH side of bench/ssh-fanout.ts: the `ssh` client run as people run it in a lab, once
 * per host in a shell loop and multiplexed over ControlMaster sockets. Only helpers, so
 * scripts/bench.mjs does not run it (it skips `*.helpers.ts`).
 */
import { spawn } from 'node:child_process';

/** The nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Where one host is and the files its `ssh` invocation needs. */
export interface OpensshHost {
  port: number;
  keyFile: string;
  user: string;
}

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to its end, timing it from spawn to exit. */
export function run(command: string, args: string[]): Promise<SpawnResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // stdin ignored: ssh must not read the bench's terminal.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdout, stderr, ms: performance.now() - started }),
    );
  });
}

/**
 * The options every `ssh` here gets: keys checked against the generated known_hosts (no
 * accept-new), never a prompt, no user or system ssh_config in the way.
 */
export function sshOptions(knownHosts: string): string[] {
  return [
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'LogLevel=ERROR',
  ];
}

export function controlOptions(controlDir: string): string[] {
  // %p alone keeps the socket path short (sun_path holds 108 bytes); every host is 127.0.0.1.
  return [
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${controlDir}/%p`,
    '-o',
    'ControlPersist=60',
  ];
}

export function sshArgs(host: OpensshHost, options: string[], command: string[]): string[] {
  return [
    ...options,
    '-i',
    host.keyFile,
    '-p',
    String(host.port),
    `${host.user}@127.0.0.1`,
    ...command,
  ];
}

/**
 * Today's lab practice, literally: `for h in …; do ssh … "$h" uname -r; done` in bash, one
 * connect + key exchange + auth + exec per host, one host after the other.
 */
export function sequentialLoop(
  hosts: readonly OpensshHost[],
  knownHosts: string,
  command: string,
): Promise<SpawnResult> {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const options = sshOptions(knownHosts).map(quote).join(' ');
  const list = hosts.map((h) => quote(`${h.port}:${h.user}:${h.keyFile}`)).join(' ');
  const script =
    `for h in ${list}; do ` +
    `IFS=: read -r port user key <<< "$h"; ` +
    `ssh ${options} -i "$key" -p "$port" "$user@127.0.0.1" ${quote(command)}; done`;
  return run('bash', ['-c', script]);
}

/** Ends every ControlMaster left in `controlDir` (a master whose sshd is gone exits by itself). */
export async function stopMasters(
  hosts: readonly OpensshHost[],
  knownHosts: string,
  controlDir: string,
): Promise<void> {
  const options = [...sshOptions(knownHosts), ...controlOptions(controlDir)];
  await Promise.all(
    hosts.map((h) => run('ssh', sshArgs(h, options, ['-O', 'exit'])).catch(() => undefined)),
  );
}
