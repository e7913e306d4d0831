/**
 * For a local transport to another machine (`minikube ssh -n NODE -- …`): ending the local
 * command does not end what it started over there — without a PTY, sshd sends no hangup. So, as
 * SshHost does, each command line first prints its process group on the far side (`echo $$`,
 * see remote-process.ts), and a stop runs the kill there through the same transport.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { killCommand } from '../ssh/remote-process';
import { spawnLine } from './local-host-process';

/** How long a stop waits for the pid line of a command that has just started. */
const PID_LINE_GRACE_MS = 1000;
/** How long a stop waits for the far side's kill to report the group gone. */
const REMOTE_KILL_WAIT_MS = 5000;
const NEWLINE = 0x0a;

/** Takes the `echo $$` line off the front of stdout, bytes in, bytes out. */
export class PidPrefix {
  private head = Buffer.alloc(0);
  private isDone = false;
  private found: number | undefined;
  private readonly waiters = new Set<() => void>();

  get pgid(): number | undefined {
    return this.found;
  }

  /** Feeds a chunk of stdout; returns the part that belongs to the command. */
  push(chunk: Buffer): Buffer {
    if (this.isDone) return chunk;
    this.head = Buffer.concat([this.head, chunk]);
    const newline = this.head.indexOf(NEWLINE);
    if (newline < 0) return this.head.length > 64 ? this.finish(this.head) : Buffer.alloc(0);
    const line = this.head.subarray(0, newline).toString('latin1').trim();
    if (/^\d+$/.test(line)) {
      this.found = Number(line);
      return this.finish(this.head.subarray(newline + 1));
    }
    return this.finish(this.head);
  }

  /** What is still held back when the output ends. */
  flush(): Buffer {
    return this.isDone ? Buffer.alloc(0) : this.finish(this.head);
  }

  /** The process group once known, or undefined after `ms` (a shell that never got that far). */
  async known(ms = PID_LINE_GRACE_MS): Promise<number | undefined> {
    if (this.isDone) return this.found;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.waiters.add(wake);
    await Promise.race([woken, sleep(ms, undefined, { ref: false })]);
    this.waiters.delete(wake);
    return this.found;
  }

  private finish(rest: Buffer): Buffer {
    this.isDone = true;
    this.head = Buffer.alloc(0);
    for (const wake of this.waiters) wake();
    return rest;
  }
}

/**
 * Runs the kill of `pgid` on the far side through `wrap` (TERM, KILL after two seconds, done when
 * no live process is left; see killCommand); resolves when it finished or after five seconds.
 */
export async function killRemoteGroup(
  wrap: (command: string) => string,
  pgid: number,
  env: NodeJS.ProcessEnv | undefined,
): Promise<void> {
  const child = spawnLine(wrap(killCommand([pgid])), env);
  child.stdout?.resume();
  child.stderr?.resume();
  const done = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  // An unref'd timer: a finished kill must not hold the process open for the rest of the wait.
  await Promise.race([done, sleep(REMOTE_KILL_WAIT_MS, undefined, { ref: false })]);
}
