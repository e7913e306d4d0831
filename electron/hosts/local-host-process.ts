/**
 * Starting and ending command lines on this machine. Each runs as `/bin/sh -c LINE` in a process
 * group of its own (spawn's `detached` is setsid), so ending the group ends everything the line
 * started — pipelines, `&` children, a `sudo` — not just the shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The shell every local command line runs in, as a user's terminal would parse it. */
export const LOCAL_SHELL = '/bin/sh';

/** How long a group has after TERM before it gets KILL. */
const TERM_GRACE_MS = 2000;
/** How long an end waits for the group to be gone before it stops waiting. */
const GONE_WAIT_MS = 5000;
const POLL_MS = 20;

/**
 * Starts `command` through the shell in a new process group. stdin is /dev/null: nothing is typed
 * into a command, so one that reads stdin gets EOF instead of hanging (as over SSH).
 */
export function spawnLine(command: string, env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(LOCAL_SHELL, ['-c', command], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
}

function send(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM: the group exists but is not ours to signal (a setuid child); it is still there.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any live (non-zombie) process is left in the group. Zombies do not count: an orphan's
 * zombie waits for init to reap it, and a container's init may never do so — `pgrep` would not
 * call that a running command either. Without /proc (macOS) the kernel's answer is all there is.
 */
export function isGroupAlive(pgid: number): boolean {
  if (!send(pgid, 0)) return false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/**
 * Ends a process group: TERM, KILL for whatever still runs after two seconds; resolves once no
 * live process is left in it (or after five seconds, when something ignores even KILL — a
 * process stuck in the kernel). Safe on a group that is already gone.
 */
export async function endGroup(pgid: number): Promise<void> {
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  if (!send(pgid, 'SIGTERM')) return;
  const started = Date.now();
  let isKilled = false;
  while (Date.now() - started < GONE_WAIT_MS) {
    if (!isGroupAlive(pgid)) return;
    if (!isKilled && Date.now() - started >= TERM_GRACE_MS) {
      send(pgid, 'SIGKILL');
      isKilled = true;
    }
    await sleep(POLL_MS);
  }
}

/** The signal name without its `SIG` prefix, as SSH reports it (`TERM`, `KILL`). */
export function signalName(signal: NodeJS.Signals | null): string | undefined {
  return signal ? signal.replace(/^SIG/, '') : undefined;
}
