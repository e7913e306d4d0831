import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshPool } from '../../electron/ssh/pool';
import type { ConnectionState } from '../../shared/model/workspace';
import { processesMatching, startSshd, stopAllSshd, trustOnly, type Sshd } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd, hostFor } from '../support/ssh-hosts';

const canRun = canRunSshd();

async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The sshd processes serving connections (children of the listener). */
function sessionProcesses(sshd: Sshd): number[] {
  const pid = sshd.pid();
  if (pid === undefined) return [];
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** A command whose process keeps `mark` in its command line (a shell would exec a last `sleep`). */
const loopForever = (mark: string) => `sh -c 'while :; do sleep 1; done' ${mark}`;

/** The sshd processes under the listener (connection monitors and their session children). */
function sshdDescendants(sshd: Sshd): number[] {
  const table = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).stdout;
  const rows = table
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((r) => r.length >= 3)
    .map(([pid, ppid, comm]) => ({ pid: Number(pid), ppid: Number(ppid), comm }));
  const found: number[] = [];
  let frontier = [sshd.pid()];
  while (frontier.length > 0) {
    const children = rows.filter((r) => frontier.includes(r.ppid) && r.comm === 'sshd');
    found.push(...children.map((c) => c.pid));
    frontier = children.map((c) => c.pid);
  }
  return found;
}

describe.runIf(canRun)('keepalive and reconnect against real OpenSSH', () => {
  let sshd: Sshd;
  const pools: SshPool[] = [];
  const fastPool = () => {
    const pool = new SshPool({
      verifier: trustOnly(sshd),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
      keepaliveMs: 300,
      keepaliveCountMax: 2,
      reconnectBaseMs: 100,
      reconnectMaxMs: 400,
      reconnectAttempts: 40,
    });
    pools.push(pool);
    return pool;
  };
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => {
    for (const pool of pools) pool.closeAll();
    stopAllSshd();
  });

  it('reconnects after sshd restarts: reconnecting → connected, and commands work again', async () => {
    const host = hostFor(sshd.target(), fastPool());
    const states: ConnectionState[] = [];
    host.onState((s) => states.push(s));
    await host.exec('true');
    expect(states.map((s) => s.kind)).toEqual(['connecting', 'connected']);
    await sshd.stop();
    await until(
      () => states.some((s) => s.kind === 'reconnecting' && s.attempt >= 2),
      'reconnect attempts',
    );
    await sshd.start();
    await until(() => host.state().kind === 'connected', 'connected again');
    const kinds = states.map((s) => s.kind);
    expect(kinds.slice(2, 3)).toEqual(['reconnecting']);
    expect(kinds.at(-1)).toBe('connected');
    expect(
      states
        .filter((s) => s.kind === 'reconnecting')
        .map((s) => (s.kind === 'reconnecting' ? s.attempt : 0)),
    ).toEqual(expect.arrayContaining([1, 2]));
    expect((await host.exec('echo back')).stdout).toBe('back\n');
  });

  it('notices a peer that stopped answering through keepalives, and reconnects', async () => {
    const host = hostFor(sshd.target({ name: 'frozen' }), fastPool());
    await host.exec('true');
    const before = new Set(sessionProcesses(sshd));
    expect(before.size).toBeGreaterThan(0);
    const states: ConnectionState[] = [];
    host.onState((s) => states.push(s));
    // Freeze the server side of every live connection: TCP stays up, only keepalives can tell.
    for (const pid of before) process.kill(pid, 'SIGSTOP');
    try {
      await until(
        () => states.some((s) => s.kind === 'reconnecting'),
        'the dead peer to be noticed',
      );
      await until(() => host.state().kind === 'connected', 'a fresh connection');
    } finally {
      for (const pid of before) process.kill(pid, 'SIGKILL');
    }
    expect((await host.exec('echo alive')).stdout).toBe('alive\n');
  });

  it('ends an exec whose connection died once a new connection is up', async () => {
    const host = hostFor(sshd.target({ name: 'orphan' }), fastPool());
    await host.exec('true');
    const mark = `kl-orphan-${process.pid}-${Date.now()}`;
    const running = host.exec(`echo started; ${loopForever(mark)}`);
    await until(() => processesMatching(mark).length > 0, 'the command to start');
    // Let sshd relay the pid line the command printed first (it can lag the process list).
    await new Promise((r) => setTimeout(r, 1000));
    // Freeze sshd's side of the connection (not the command): the link dies, the command lives on.
    const frozen = sshdDescendants(sshd);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      await expect(running).rejects.toThrow(/connection to orphan was lost/);
      await until(() => host.state().kind === 'connected', 'a fresh connection');
      await until(() => processesMatching(mark).length === 0, `no process matching ${mark}`);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGKILL');
    }
  });

  it('retries connects that sshd drops past MaxStartups until every one gets in', async () => {
    const crowded = await startSshd({ maxStartups: '2' });
    const logBefore = crowded.log().length;
    const hosts = Array.from({ length: 12 }, (_, i) => {
      const pool = new SshPool({
        verifier: trustOnly(crowded),
        prompter: scriptedPrompter(),
        defaultIdentityFiles: [],
      });
      pools.push(pool);
      return hostFor(crowded.target({ name: `c${i}` }), pool);
    });
    const results = await Promise.all(hosts.map((h) => h.exec('echo in')));
    expect(results.map((r) => r.stdout)).toEqual(hosts.map(() => 'in\n'));
    // sshd really did drop some of them: the retries were needed.
    expect(crowded.log().slice(logBefore)).toMatch(
      /drop connection|MaxStartups|beginning MaxStartups throttling/i,
    );
  });
});
