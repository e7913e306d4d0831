import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshHost } from '../../electron/ssh/ssh-host';
import { SshPool } from '../../electron/ssh/pool';
import type { SshTarget } from '../../electron/ssh/types';
import {
  ensureTestUser,
  sshKeygen,
  startSshd,
  stopAllSshd,
  trustOnly,
  type Sshd,
} from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd } from '../support/ssh-hosts';

const canRun = canRunSshd();

function hostFor(target: SshTarget, pool: SshPool): SshHost {
  return new SshHost(
    {
      id: target.name,
      name: target.name,
      role: 'node',
      address: target.host,
      user: target.user,
      tags: [],
    },
    target,
    pool,
  );
}

describe.runIf(canRun)('SSH authentication against real OpenSSH', () => {
  let sshd: Sshd;
  let user: { user: string; password: string };
  const pools: SshPool[] = [];
  const poolFor = (prompter = scriptedPrompter(), extra: { agent?: string } = {}) => {
    const pool = new SshPool({
      verifier: trustOnly(sshd),
      prompter,
      defaultIdentityFiles: [],
      ...extra,
    });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    user = ensureTestUser();
    sshd = await startSshd({ passwordAuthentication: true, kbdInteractiveAuthentication: true });
  });
  afterAll(() => {
    for (const pool of pools) pool.closeAll();
    stopAllSshd();
  });

  it('logs in with an unencrypted ed25519 key and runs a command', async () => {
    const host = hostFor(sshd.target(), poolFor());
    const result = await host.exec('echo hello; echo oops >&2; exit 3');
    expect(result).toMatchObject({ exitCode: 3, stdout: 'hello\n', stderr: 'oops\n' });
    expect(host.state()).toEqual({ kind: 'connected' });
    expect(sshd.log()).toMatch(/Accepted publickey for root from 127\.0\.0\.1/);
  });

  it('asks for an encrypted key passphrase, again after a wrong one', async () => {
    const key = path.join(sshd.dir, 'client_ecdsa_enc');
    const pub = sshKeygen(key, 'ecdsa', 'right horse');
    spawnSync('sh', ['-c', `cat ${key}.pub >> ${sshd.dir}/authorized_keys`]);
    const prompter = scriptedPrompter(['wrong', 'right horse']);
    const host = hostFor(sshd.target({ name: 'enc', identityFiles: [key] }), poolFor(prompter));
    const result = await host.exec('echo ok');
    expect(result.stdout).toBe('ok\n');
    expect(prompter.secrets.map((s) => s.kind)).toEqual(['passphrase', 'passphrase']);
    expect(prompter.secrets[1]?.prompt).toMatch(/wrong passphrase/);
    expect(sshd.log()).toContain(pub.fingerprint);
  });

  it('logs in with a password when no key works, asking lazily', async () => {
    const sshdPasswordOnly = sshd.target({ name: 'pw', user: user.user, identityFiles: [] });
    const prompter = scriptedPrompter(['not-it', user.password]);
    const host = hostFor(sshdPasswordOnly, poolFor(prompter));
    const result = await host.exec('id -un');
    expect(result.stdout).toBe(`${user.user}\n`);
    expect(prompter.secrets.map((s) => [s.kind, s.echo])).toEqual([
      ['password', false],
      ['password', false],
    ]);
  });

  it('answers keyboard-interactive prompts when password is declined', async () => {
    // Cancel the password prompts: the next method, keyboard-interactive (PAM), is tried.
    const prompter = scriptedPrompter([null, user.password]);
    const host = hostFor(
      sshd.target({ name: 'kbd', user: user.user, identityFiles: [] }),
      poolFor(prompter),
    );
    const result = await host.exec('id -un');
    expect(result.stdout).toBe(`${user.user}\n`);
    expect(prompter.secrets.map((s) => s.kind)).toContain('keyboard-interactive');
    expect(sshd.log()).toMatch(new RegExp(`Accepted keyboard-interactive/pam for ${user.user}`));
  });

  it('says which methods it tried when authentication fails', async () => {
    const host = hostFor(
      sshd.target({ name: 'nope', user: user.user, identityFiles: [] }),
      poolFor(scriptedPrompter([null, null])),
    );
    await expect(host.exec('true')).rejects.toThrow(
      /authentication failed for nope \(kubelab-test@127\.0\.0\.1:\d+\); tried: /,
    );
    expect(host.state().kind).toBe('failed');
  });

  it('logs in through a real ssh-agent holding the key', async () => {
    const socket = path.join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && spawnSync('test', ['-S', socket]).status !== 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      const key = path.join(sshd.dir, 'agent_rsa');
      const pub = sshKeygen(key, 'rsa');
      spawnSync('sh', ['-c', `cat ${key}.pub >> ${sshd.dir}/authorized_keys`]);
      const added = spawnSync('ssh-add', [key], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        encoding: 'utf8',
      });
      expect(added.status, added.stderr).toBe(0);
      // Only the agent holds the private key now; its .pub stays to name it.
      rmSync(key);
      const host = hostFor(
        sshd.target({ name: 'agent', identityFiles: [], identitiesOnly: false }),
        poolFor(scriptedPrompter(), { agent: socket }),
      );
      const result = await host.exec('echo via-agent');
      expect(result.stdout).toBe('via-agent\n');
      // IdentitiesOnly: the agent may only offer keys whose files are named.
      const named = hostFor(
        sshd.target({ name: 'only', identityFiles: [key] }),
        poolFor(scriptedPrompter(), { agent: socket }),
      );
      expect((await named.exec('echo named')).stdout).toBe('named\n');
      const unnamed = hostFor(
        sshd.target({ name: 'none-named', identityFiles: [] }),
        poolFor(scriptedPrompter(), { agent: socket }),
      );
      await expect(unnamed.exec('true')).rejects.toThrow(/authentication failed for none-named/);
      expect(sshd.log()).toContain(`Accepted publickey for root from 127.0.0.1`);
      expect(sshd.log()).toContain(pub.fingerprint);
    } finally {
      agent.kill();
    }
  });
});
