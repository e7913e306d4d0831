/**
 * Network namespaces for lab tests: create uniquely named ones (`kl-<pid>-<n>`), run commands
 * inside them, and always delete them again, including the ones a failed test left behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** What a command in a namespace printed and how it exited. */
export interface NetnsExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the process was killed by a signal. */
  status: number | null;
}

/** A live namespace. */
export interface Netns {
  readonly name: string;
  /** Runs a command inside the namespace and waits for it; `input` goes to its stdin. */
  exec(command: string, args: readonly string[], input?: string): NetnsExecResult;
  /** Like `exec`, but throws with stderr when the command fails. */
  run(command: string, args: readonly string[], input?: string): string;
  /** Starts a long-running process inside the namespace (killed by `destroy`). */
  spawn(command: string, args: readonly string[]): ChildProcess;
  /** Kills spawned processes and deletes the namespace; safe to call twice. */
  destroy(): void;
}

const live = new Set<Netns>();
let counter = 0;

function execHost(command: string, args: readonly string[], input?: string): NetnsExecResult {
  const r = spawnSync(command, args, { encoding: 'utf8', input, timeout: 30_000 });
  return {
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? (r.error ? String(r.error) : ''),
    status: r.status,
  };
}

/** Whether this machine can run namespace tests, and why not when it cannot. */
export function netnsCapability(): { available: boolean; hint: string } {
  if (process.platform !== 'linux') return { available: false, hint: 'needs Linux' };
  if (process.getuid?.() !== 0)
    return { available: false, hint: 'run as root: sudo npx vitest run --project lab' };
  for (const [tool, args] of [
    ['ip', ['-V']],
    ['iptables', ['-V']],
    ['iptables-save', ['-V']],
    ['iptables-restore', ['-V']],
  ] as const) {
    if (execHost(tool, args).status !== 0)
      return { available: false, hint: `${tool} is not installed` };
  }
  const probe = `kl-probe-${process.pid}`;
  const added = execHost('ip', ['netns', 'add', probe]);
  if (added.status !== 0)
    return { available: false, hint: `ip netns add failed: ${added.stderr.trim()}` };
  execHost('ip', ['netns', 'del', probe]);
  return { available: true, hint: '' };
}

/** Creates a fresh namespace with `lo` up. */
export function createNetns(): Netns {
  counter += 1;
  const name = `kl-${process.pid}-${counter}`;
  const added = execHost('ip', ['netns', 'add', name]);
  if (added.status !== 0) throw new Error(`ip netns add ${name}: ${added.stderr.trim()}`);
  const children: ChildProcess[] = [];
  let destroyed = false;

  const ns: Netns = {
    name,
    exec: (command, args, input) =>
      execHost('ip', ['netns', 'exec', name, command, ...args], input),
    run(command, args, input) {
      const r = ns.exec(command, args, input);
      if (r.status !== 0) {
        throw new Error(
          `${command} ${args.join(' ')} in ${name} exited ${r.status}: ${r.stderr.trim()}`,
        );
      }
      return r.stdout;
    },
    spawn(command, args) {
      const child = spawn('ip', ['netns', 'exec', name, command, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      execHost('ip', ['netns', 'del', name]);
      live.delete(ns);
    },
  };
  live.add(ns);
  ns.run('ip', ['link', 'set', 'lo', 'up']);
  return ns;
}

/** Deletes every namespace this process created and has not deleted yet (for afterAll). */
export function destroyAllNetns(): void {
  for (const ns of [...live]) ns.destroy();
}

// A crashed or interrupted run must not leave namespaces behind on the developer's machine.
process.once('exit', destroyAllNetns);
