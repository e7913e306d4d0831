/**
 * Runs the real `kubelab` CLI for the cli-exec-* suites: bundled the way scripts/build.mjs
 * bundles it (ESM, packages external — so an import that only works under vitest fails here as
 * it would for users), then started as a child process with stdin a pipe, not a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { readPublicKey, type Sshd } from '../support/sshd';

const root = path.resolve(import.meta.dirname, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One row of `kubelab exec --json`. */
export interface Row {
  host: string;
  ok: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  error?: { code: string; message: string };
}

export interface BuiltCli {
  /** The bundle; main.ts finds package.json two directories above it, as in dist/cli/. */
  file: string;
  remove(): void;
}

export async function buildCli(): Promise<BuiltCli> {
  const cache = path.join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, 'kubelab-cli-exec-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "version": "0.0.0-test" }\n');
  const file = path.join(dir, 'dist/cli/kubelab.mjs');
  await build({
    entryPoints: [path.join(root, 'electron/cli/main.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment the CLI runs in: a scratch HOME, and no ssh-agent to fall back on. */
export function cliEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: home };
  delete env.SSH_AUTH_SOCK;
  return env;
}

export function runCli(
  cli: string,
  home: string,
  args: string[],
  timeoutMs = 30_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: cliEnv(home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // The CLI must exit by itself once every host answered: open connections would hold it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubelab did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}

export const rows = (run: Run): Row[] => JSON.parse(run.stdout) as Row[];

/** A known_hosts line as ssh-keyscan prints it (`host` on port 22, else `[host]:port`). */
export function knownLine(server: Sshd, publicKeyFile = 'host_ed25519.pub'): string {
  const name = server.port === 22 ? server.host : `[${server.host}]:${server.port}`;
  return `${name} ${readPublicKey(path.join(server.dir, publicKeyFile)).line}`;
}

/** Writes the lines, then hashes them with OpenSSH's own `ssh-keygen -H`. */
export function writeHashedKnownHosts(file: string, lines: string[]): string {
  writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  rmSync(`${file}.old`, { force: true });
  return file;
}
