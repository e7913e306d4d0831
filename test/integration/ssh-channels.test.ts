import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execOnHosts } from '../../electron/core/fan-out';
import { SshPool } from '../../electron/ssh/pool';
import type { SshHost } from '../../electron/ssh/ssh-host';
import { execAsRoot, sudoCommand, SudoPasswordRequiredError } from '../../electron/ssh/sudo';
import type { StreamSink } from '../../electron/hosts/host';
import {
  ensureTestUser,
  processesMatching,
  startSshd,
  stopAllSshd,
  trustOnly,
  type Sshd,
} from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd, hostFor } from '../support/ssh-hosts';

const canRun = canRunSshd();

/** A command whose process keeps `mark` in its command line (a shell would exec a last `sleep`). */
const loopForever = (mark: string) => `sh -c 'while :; do sleep 1; done' ${mark}`;

const marker = () => `kl-mark-${randomBytes(6).toString('hex')}`;

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function collectingSink() {
  let data = '';
  let ended: Parameters<StreamSink['end']>[0] | undefined;
  const sink: StreamSink = {
    data: (chunk) => (data += chunk),
    end: (result) => (ended = result),
  };
  return { sink, data: () => data, ended: () => ended };
}

describe.runIf(canRun)('channels, processes and quoting against real OpenSSH', () => {
  let sshd: Sshd;
  let pool: SshPool;
  let host: SshHost;
  beforeAll(async () => {
    ensureTestUser();
    sshd = await startSshd({ maxSessions: 3 });
    pool = new SshPool({
      verifier: trustOnly(sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    host = hostFor(sshd.target(), pool);
  });
  afterAll(() => {
    pool.closeAll();
    stopAllSshd();
  });

  it('runs 25 parallel execs over one connection on a server with MaxSessions 3', async () => {
    const before = sshd.log().length;
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => host.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 25 }, (_, i) => `${i}\n`));
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect(pool.connection(host.target).sessionLimit).toBe(3);
    const accepted =
      sshd
        .log()
        .slice(before)
        .match(/Accepted publickey/g) ?? [];
    expect(accepted.length).toBeLessThanOrEqual(1);
  });

  it('gives an exec an empty stdin, so a command that reads it ends', async () => {
    const result = await host.exec('cat; echo done');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  });

  it('ends the remote process when an exec is cancelled', async () => {
    const mark = marker();
    const abort = new AbortController();
    const running = host.exec(`echo started; ${loopForever(mark)}`, { signal: abort.signal });
    await until(() => processesMatching(mark).length > 0, 'the remote command to start');
    abort.abort();
    await expect(running).rejects.toThrow(/aborted/);
    await until(() => processesMatching(mark).length === 0, `no process matching ${mark}`);
  });

  it('ends the remote process when an exec times out, and says so', async () => {
    const mark = marker();
    const result = await host.exec(`echo started; ${loopForever(mark)}`, { timeoutMs: 500 });
    expect(result).toMatchObject({ exitCode: null, signal: 'TERM', stdout: 'started\n' });
    await until(() => processesMatching(mark).length === 0, `no process matching ${mark}`);
  });

  it('times out an exec whose login shell never reaches the command (a hung rc file)', async () => {
    // ForceCommand stands in for a ~/.bashrc that blocks (a stale lock, a slow network mount):
    // the shell sleeps before running what kubelab sent, so its pid line never comes.
    const mark = marker();
    const stuck = await startSshd({
      extraConfig: [`ForceCommand sh -c 'sleep 6' ${mark}; eval "$SSH_ORIGINAL_COMMAND"`],
    });
    const stuckPool = new SshPool({
      verifier: trustOnly(stuck),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    try {
      const started = Date.now();
      const result = await hostFor(stuck.target(), stuckPool).exec('echo never', {
        timeoutMs: 500,
      });
      expect(result).toMatchObject({ exitCode: null, signal: 'TERM', stdout: '' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      stuckPool.closeAll();
    }
  });

  it('streams with real backpressure and ends the process on cancel', async () => {
    const mark = marker();
    const abort = new AbortController();
    const out = collectingSink();
    const control = host.stream(`yes ${mark}`, out.sink, { signal: abort.signal });
    await until(() => out.data().length > 0, 'first output');
    control.pause();
    await new Promise((r) => setTimeout(r, 200));
    const atPause = out.data().length;
    await new Promise((r) => setTimeout(r, 700));
    // Paused: at most what was already in flight arrives (the SSH window is 2 MiB).
    expect(out.data().length - atPause).toBeLessThan(4 * 1024 * 1024);
    const stalled = out.data().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(out.data().length).toBe(stalled);
    control.resume();
    await until(() => out.data().length > stalled + 1024 * 1024, 'output after resume');
    expect(out.data().slice(0, 200)).toContain(`${mark}\r\n`);
    abort.abort();
    await until(() => out.ended() !== undefined, 'the stream to end');
    expect(out.ended()).toMatchObject({ exitCode: null, signal: 'TERM' });
    await until(() => processesMatching(mark).length === 0, `no process matching ${mark}`);
  });

  it('leaves no process behind when a stream is cancelled at any moment of its start', async () => {
    const runs = [0, 5, 20, 60, 150].map(async (delay) => {
      const mark = marker();
      const abort = new AbortController();
      const out = collectingSink();
      host.stream(`yes ${mark}`, out.sink, { signal: abort.signal });
      await new Promise((r) => setTimeout(r, delay));
      abort.abort();
      await until(() => out.ended() !== undefined, 'the stream to end');
      expect(out.ended()).toMatchObject({ exitCode: null, signal: 'TERM' });
      return mark;
    });
    const marks = await Promise.all(runs);
    await until(() => marks.every((m) => processesMatching(m).length === 0), 'no yes left running');
  });

  it('frees the session of a paused stream that is cancelled (MaxSessions 3, four of them)', async () => {
    const ends = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const mark = marker();
        const abort = new AbortController();
        const out = collectingSink();
        const control = host.stream(`yes ${mark}`, out.sink, { signal: abort.signal });
        await until(() => out.data().length > 0, 'output');
        control.pause();
        await new Promise((r) => setTimeout(r, 300));
        abort.abort();
        await until(() => out.ended() !== undefined, 'the stream to end');
        return mark;
      }),
    );
    expect((await host.exec('echo free')).stdout).toBe('free\n');
    await until(() => ends.every((m) => processesMatching(m).length === 0), 'no yes left running');
  });

  it('ends a streaming command when the connection goes away', async () => {
    const ownPool = new SshPool({
      verifier: trustOnly(sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    const own = hostFor(sshd.target({ name: 'own' }), ownPool);
    const mark = marker();
    const out = collectingSink();
    const control = own.stream(`while :; do echo ${mark}; sleep 0.1; done`, out.sink, {
      signal: new AbortController().signal,
    });
    await until(() => out.data().includes(mark), 'output');
    expect(processesMatching(mark).length).toBeGreaterThan(0);
    // Paused by flow control when the link goes: the end must still be reported.
    control.pause();
    ownPool.closeAll();
    await until(() => out.ended() !== undefined, 'the stream to end');
    await until(() => processesMatching(mark).length === 0, `no process matching ${mark}`);
  });

  it('opens an interactive shell on a PTY that can be resized and closed', async () => {
    let output = '';
    let ended = false;
    const shell = await host.shell(
      { size: { cols: 100, rows: 30 } },
      {
        data: (chunk) => (output += chunk),
        end: () => (ended = true),
      },
    );
    // Answers are computed remotely, so the typed line (echoed back) never matches them.
    shell.write('echo "size=$(stty size) term=$TERM" kl-$((6*7))-ok\n');
    await until(() => output.includes('kl-42-ok'), 'the shell to answer');
    expect(output).toContain('size=30 100 term=xterm-256color');
    shell.resize({ cols: 120, rows: 40 });
    shell.write('echo "size=$(stty size)" kl-$((6*8))-ok\n');
    await until(() => output.includes('kl-48-ok'), 'the new size');
    expect(output).toContain('size=40 120');
    shell.close();
    await until(() => ended, 'the shell to end');
  });

  it('never lets a quoted value reach the shell as code', async () => {
    const file = `/tmp/kl-pwned-${randomBytes(4).toString('hex')}`;
    const values = [
      `x;touch ${file}`,
      `$(touch ${file})`,
      `\`touch ${file}\``,
      `x' ; touch ${file}; '`,
      `x\ntouch ${file}`,
      `x && touch ${file} #`,
    ];
    const user = hostFor(sshd.target({ name: 'user', user: 'kubelab-test' }), pool);
    await Promise.all(
      values.map(async (value) => {
        const root = await host.exec(sudoCommand('root', ['printf', '%s', value]));
        expect(root.stdout).toBe(value);
        // sudo -n refuses `echo` for this user: the value still only ever arrives as one argument.
        const viaSudo = await user.exec(sudoCommand('kubelab-test', ['echo', value]));
        expect(viaSudo.stderr).toMatch(/password is required/);
      }),
    );
    expect(existsSync(file)).toBe(false);
  });

  it('runs sudo -n for a non-root login and explains a password-requiring sudo', async () => {
    const user = hostFor(sshd.target({ name: 'sudoer', user: 'kubelab-test' }), pool);
    const allowed = await execAsRoot(user, 'kubelab-test', ['/usr/bin/id', '-u']);
    expect(allowed.stdout).toBe('0\n');
    await expect(execAsRoot(user, 'kubelab-test', ['whoami'])).rejects.toThrow(
      SudoPasswordRequiredError,
    );
    await expect(execAsRoot(user, 'kubelab-test', ['whoami'])).rejects.toThrow(
      /needs a password for kubelab-test.*NOPASSWD/,
    );
  });
});

describe.runIf(canRun)('fan-out to many real sshd hosts', () => {
  const servers: Sshd[] = [];
  afterAll(() => stopAllSshd());

  it('runs one command on 10 hosts at once, each answering for itself', async () => {
    servers.push(...(await Promise.all(Array.from({ length: 10 }, () => startSshd()))));
    const pool = new SshPool({
      verifier: trustOnly(...servers),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    try {
      const hosts = servers.map((s, i) => hostFor(s.target({ name: `node${i}` }), pool));
      const results = await execOnHosts(hosts, 'echo $SSH_CONNECTION');
      expect(results).toHaveLength(10);
      results.forEach((r, i) => {
        expect(r).toMatchObject({ hostId: `node${i}`, ok: true, exitCode: 0 });
        expect(r.stdout.trim().split(' ')[3]).toBe(String(servers[i]?.port));
      });
      const warm = await execOnHosts(hosts, 'uname -r');
      expect(new Set(warm.map((r) => r.stdout)).size).toBe(1);
    } finally {
      pool.closeAll();
    }
  });
});
