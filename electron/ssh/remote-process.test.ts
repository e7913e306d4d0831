import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PidLineReader, killCommand, withPidLine } from './remote-process';

const run = promisify(execFile);

describe('PidLineReader', () => {
  it('takes the pid line off the front, even split across chunks', () => {
    const reader = new PidLineReader();
    expect(reader.push('12')).toBe('');
    expect(reader.push('34\nhello ')).toBe('hello ');
    expect(reader.push('world\n')).toBe('world\n');
    expect(reader.pgid).toBe(1234);
  });

  it('reads a PTY pid line ending in CRLF', () => {
    const reader = new PidLineReader();
    expect(reader.push('987\r\nout\r\n')).toBe('out\r\n');
    expect(reader.pgid).toBe(987);
  });

  it('passes output through untouched when the first line is not a pid', () => {
    const reader = new PidLineReader();
    expect(reader.push('motd banner\nrest')).toBe('motd banner\nrest');
    expect(reader.pgid).toBeUndefined();
  });

  it('gives back what it held when the stream ends early', () => {
    const reader = new PidLineReader();
    expect(reader.push('42')).toBe('');
    expect(reader.flush()).toBe('42');
  });
});

describe('remote commands', () => {
  it('puts the pid line first, on its own line', () => {
    expect(withPidLine('# comment\nls &')).toBe('echo $$\n# comment\nls &');
  });

  it('kills only real process groups: TERM, a wait until they are gone, then KILL', () => {
    const command = killCommand([123, 1, 0, -5, 1.5, 456]);
    expect(command.split('\n')).toEqual([
      'kill -s TERM -- -123 -456 2>/dev/null',
      "i=0; while [ $i -lt 20 ] && ps -A -o pgid= -o stat= 2>/dev/null | awk '$2 !~ /^Z/ && ($1 == 123 || $1 == 456) { found = 1 } END { exit !found }'; do sleep 0.1; i=$((i+1)); done",
      'kill -s KILL -- -123 -456 2>/dev/null; true',
    ]);
    expect(killCommand([0, 1])).toBe('true');
  });

  it('returns once the group is gone, and KILLs a group that ignores TERM', async () => {
    for (const script of ['sleep 30', "trap '' TERM; sleep 30; true"]) {
      // detached: its own process group (setsid), as sshd gives each session.
      const child = spawn('sh', ['-c', script], { stdio: 'ignore', detached: true });
      const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const pgid = child.pid as number;
      await new Promise((resolve) => setTimeout(resolve, 200));
      // sh is dash here: the command must be POSIX (dash's kill has no -TERM -- -PGID form).
      await run('sh', ['-c', killCommand([pgid])]);
      // The command returned only once no live process was left in the group (zombies that a
      // late-reaping init still lists are dead): TERM obeyed, or KILL after the wait.
      const live = await run('ps', ['-A', '-o', 'pgid=,stat=']);
      expect(
        live.stdout
          .split('\n')
          .filter((l) => /^\s*(\d+)\s+(\S+)/.exec(l)?.[1] === String(pgid) && !/\sZ/.test(l)),
      ).toEqual([]);
      await expect(exited).resolves.toBe(script === 'sleep 30' ? 'SIGTERM' : 'SIGKILL');
    }
  });
});
