/**
 * Running a command as root on a login that is not root: `sudo -n` (never prompt: there is no
 * terminal to answer on), with the arguments quoted by shell-quote so no value reaches a shell
 * unquoted, and sudo's "a password is required" turned into advice a person can follow.
 */
import { quote } from 'shell-quote';
import type { Host, HostExecResult, ExecOptions } from '../hosts/host';

/** The command line that runs `argv` as root for `user` (no sudo when already root). */
export function sudoCommand(user: string, argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('sudoCommand needs a command');
  const line = quote([...argv]);
  return user === 'root' ? line : `sudo -n -- ${line}`;
}

/** Whether sudo refused for want of a password (it needs a terminal to ask on). */
export function needsSudoPassword(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)/.test(stderr);
}

export class SudoPasswordRequiredError extends Error {
  constructor(
    readonly user: string,
    readonly hostName: string,
  ) {
    super(
      `sudo on ${hostName} needs a password for ${user}; kubelab runs sudo without a terminal (sudo -n). ` +
        `Allow the command with NOPASSWD in sudoers, or log in as root.`,
    );
    this.name = 'SudoPasswordRequiredError';
  }
}

/** Runs `argv` as root on `host` (logged in as `user`); a password-requiring sudo throws. */
export async function execAsRoot(
  host: Host,
  user: string,
  argv: readonly string[],
  options?: ExecOptions,
): Promise<HostExecResult> {
  const result = await host.exec(sudoCommand(user, argv), options);
  if (user !== 'root' && result.exitCode !== 0 && needsSudoPassword(result.stderr)) {
    throw new SudoPasswordRequiredError(user, host.description.name);
  }
  return result;
}
