/**
 * Runs a local tool (minikube) without a shell: arguments go to the program as they are, so a
 * profile name can never become shell syntax. Injectable so tests and other tools can swap it.
 */
import { spawn } from 'node:child_process';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** The exit code; null when the program could not start or was killed. */
  code: number | null;
}

export type CommandRunner = (args: string[]) => Promise<CommandOutput>;

export interface RunnerOptions {
  env?: NodeJS.ProcessEnv;
  /** Kills the program after this long (minikube can hang on a stopped VM driver). */
  timeoutMs?: number;
}

/** A runner for `program`, found on PATH (of `options.env` when given). */
export function commandRunner(program: string, options: RunnerOptions = {}): CommandRunner {
  return (args) =>
    new Promise((resolve) => {
      const child = spawn(program, args, {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: options.timeoutMs ?? 60_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error) =>
        resolve({ stdout, stderr: `${stderr}${error.message}`, code: null }),
      );
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
}
