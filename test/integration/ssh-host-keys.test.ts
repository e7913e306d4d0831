import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../electron/ssh/fingerprint';
import { createHostKeyVerifier } from '../../electron/ssh/host-key-verifier';
import { SshPool } from '../../electron/ssh/pool';
import { sshKeygen, startSshd, stopAllSshd, trustOnly, type Sshd } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd, hostFor } from '../support/ssh-hosts';

const canRun = canRunSshd();

/** Lines sshd writes once a client has sent any credential (or asked which methods exist). */
const AUTH_LINES = /Accepted|Failed|Postponed|userauth|Invalid user|authentication/i;

describe.runIf(canRun)('host key verification against real OpenSSH', () => {
  let sshd: Sshd;
  const pools: SshPool[] = [];
  beforeAll(async () => {
    sshd = await startSshd({ passwordAuthentication: true });
  });
  afterAll(() => {
    for (const pool of pools) pool.closeAll();
    stopAllSshd();
  });

  it('computes the fingerprint ssh-keygen -lf prints for the key sshd presents', async () => {
    const verifier = trustOnly(sshd);
    const pool = new SshPool({ verifier, prompter: scriptedPrompter(), defaultIdentityFiles: [] });
    pools.push(pool);
    await hostFor(sshd.target(), pool).exec('true');
    const lf = spawnSync('ssh-keygen', ['-lf', path.join(sshd.dir, 'host_ed25519.pub')], {
      encoding: 'utf8',
    });
    const printed = lf.stdout.split(' ')[1];
    expect(verifier.seen[0]?.key).toMatchObject({ algorithm: 'ssh-ed25519', fingerprint: printed });
    expect(fingerprint(sshd.hostKey.blob)).toBe(printed);
    expect(verifier.seen[0]?.target).toMatchObject({ host: '127.0.0.1', port: sshd.port });
  });

  it('asks about an unknown key and, on reject, never starts authentication', async () => {
    const prompter = scriptedPrompter(['would-be-password'], 'reject');
    // kubelab's own known_hosts verifier, asking about keys no file knows.
    const verifier = createHostKeyVerifier({
      files: [path.join(sshd.dir, 'no_known_hosts')],
      saveTo: path.join(sshd.dir, 'kubelab_known_hosts'),
      policy: 'ask',
      prompter,
    });
    const pool = new SshPool({ verifier, prompter, defaultIdentityFiles: [] });
    pools.push(pool);
    const logBefore = sshd.log().length;
    const host = hostFor(sshd.target({ name: 'stranger' }), pool);
    await expect(host.exec('true')).rejects.toMatchObject({
      code: 'host-key',
      message: expect.stringMatching(/ — refused connecting to stranger \(/) as unknown,
    });
    expect(prompter.hostKeys).toHaveLength(1);
    expect(prompter.hostKeys[0]?.key.fingerprint).toBe(sshd.hostKey.fingerprint);
    expect(prompter.secrets).toHaveLength(0);
    const log = await sshd.waitForLog(
      /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/,
      logBefore,
    );
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(AUTH_LINES);
  });

  it('connects after an unknown key is accepted once', async () => {
    const prompter = scriptedPrompter([], 'accept-once');
    const pool = new SshPool({
      verifier: trustOnly({ prompter }),
      prompter,
      defaultIdentityFiles: [],
    });
    pools.push(pool);
    const result = await hostFor(sshd.target({ name: 'accepted' }), pool).exec('echo in');
    expect(result.stdout).toBe('in\n');
    expect(prompter.hostKeys).toHaveLength(1);
  });

  it('refuses a changed key without asking and without sending any credential', async () => {
    const other = sshKeygen(path.join(sshd.dir, 'other_host_key'));
    const prompter = scriptedPrompter(['would-be-password']);
    const verifier = trustOnly({ host: sshd.host, port: sshd.port, hostKey: other }, { prompter });
    const pool = new SshPool({ verifier, prompter, defaultIdentityFiles: [] });
    pools.push(pool);
    pools.splice(0).forEach((p) => p.closeAll());
    // Let earlier sessions be logged closed, so only this attempt is read.
    await new Promise((r) => setTimeout(r, 200));
    const logBefore = sshd.log().length;
    const host = hostFor(sshd.target({ name: 'node9' }), pool);
    const error = await host.exec('true').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: 'host-key' });
    expect(error?.message).toContain('refused connecting to node9');
    expect(error?.message).toContain('changed');
    expect(error?.message).toContain(other.fingerprint);
    expect(error?.message).toContain(sshd.hostKey.fingerprint);
    expect(host.state()).toMatchObject({ kind: 'failed' });
    expect(prompter.hostKeys).toHaveLength(0);
    expect(prompter.secrets).toHaveLength(0);
    const log = await sshd.waitForLog(
      /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/,
      logBefore,
    );
    expect(log).toMatch(/Connection from 127\.0\.0\.1/);
    expect(log).not.toMatch(AUTH_LINES);
  });
});
