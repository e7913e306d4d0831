/**
 * Knowing, and ending, the process a command started on the host. ssh2's `channel.signal()`
 * does nothing once stdin is closed and many sshd versions ignore signal requests, so every
 * command line is prefixed with `echo $$`: sshd starts each session's shell with setsid(), so
 * that pid is also the process group of everything the command starts, and
 * `kill -TERM -- -<pgid>` on a second channel ends the whole command.
 */

/** The command line sent for `command`: first the session's process group id, on its own line. */
export function withPidLine(command: string): string {
  // A newline, not `;`, so a command that starts with a comment or ends with `&` still parses.
  return `echo $$\n${command}`;
}

/** How long (tenths of a second) the kill command waits for TERM before it sends KILL. */
const TERM_GRACE_TENTHS = 20;

/**
 * The remote command (POSIX sh: dash and busybox too) that ends the given process groups and
 * ignores ones already gone: TERM, then a wait until no live process is left in them — so
 * "stopped" means what `pgrep` on the host would show, zombies not counted (an init that reaps
 * late keeps them listed) — and KILL for whatever still runs after two seconds.
 */
export function killCommand(pgids: readonly number[]): string {
  const groups = pgids.filter((p) => Number.isInteger(p) && p > 1);
  if (groups.length === 0) return 'true';
  const list = groups.map((g) => `-${g}`).join(' ');
  const inGroups = groups.map((g) => `$1 == ${g}`).join(' || ');
  const anyAlive = `ps -A -o pgid= -o stat= 2>/dev/null | awk '$2 !~ /^Z/ && (${inGroups}) { found = 1 } END { exit !found }'`;
  return [
    `kill -s TERM -- ${list} 2>/dev/null`,
    `i=0; while [ $i -lt ${TERM_GRACE_TENTHS} ] && ${anyAlive}; do sleep 0.1; i=$((i+1)); done`,
    `kill -s KILL -- ${list} 2>/dev/null; true`,
  ].join('\n');
}

/**
 * Takes the pid line off the front of stdout. Text before it is complete is held back; after
 * it, chunks pass through untouched.
 */
export class PidLineReader {
  private head = '';
  private found: number | undefined;
  private isDone = false;

  /** The process group id, once read. */
  get pgid(): number | undefined {
    return this.found;
  }

  /** Feeds a chunk of stdout; returns the part that belongs to the command. */
  push(chunk: string): string {
    if (this.isDone) return chunk;
    this.head += chunk;
    const newline = this.head.indexOf('\n');
    if (newline < 0) {
      // Not a pid line after all (a shell that printed something first): give up on it.
      if (this.head.length > 64) return this.finish(this.head);
      return '';
    }
    const line = this.head.slice(0, newline).replace(/\r$/, '').trim();
    const rest = this.head.slice(newline + 1);
    if (/^\d+$/.test(line)) {
      this.found = Number(line);
      return this.finish(rest);
    }
    return this.finish(this.head);
  }

  /** What is still held back when the stream ends. */
  flush(): string {
    return this.isDone ? '' : this.finish(this.head);
  }

  private finish(text: string): string {
    this.isDone = true;
    this.head = '';
    return text;
  }
}
