import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshPool } from '../../electron/ssh/pool';
import { SshHost } from '../../electron/ssh/ssh-host';
import type { SshTarget } from '../../electron/ssh/types';
import type { ConnectionState } from '../../shared/model/workspace';
import { requireCapability } from '../support/require-capability';
import { sshdCapability, startSshd, stopAllSshd, trustOnly, type Sshd } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';

const capability = sshdCapability();
const canRun = requireCapability(
  'sshd (OpenSSH server) as root',
  capability.available,
  capability.hint,
);

function hostFor(target: SshTarget, pool: SshPool): SshHost {
  return new SshHost(
    { id: target.name, name: target.name, role: 'node', address: target.host, tags: [] },
    target,
    pool,
  );
}

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
