import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostKeyVerifier } from '../../electron/ssh/host-key-verifier';
import { SshPool } from '../../electron/ssh/pool';
import { sshKeygen, startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd, hostFor } from '../support/ssh-hosts';

const canRun = canRunSshd();

const AUTH_LINES = /Accepted|Failed|Postponed|userauth|Invalid user|authentication/i;

describe.runIf(canRun)('SSH connections judged by known_hosts files', () => {
  let sshd: Sshd;
  let dir: string;
  beforeAll(async () => {
    // Two host keys, ed25519 (ssh2's first choice) and ecdsa.
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa'] });
    dir = mkdtempSync(path.join(tmpdir(), 'kl-kh-'));
  });
  afterAll(() => {
    stopAllSshd();
    rmSync(dir, { recursive: true, force: true });
  });

  const knownHostsWith = (file: string, line: string) => {
    const full = path.join(dir, file);
    writeFileSync(full, `[${sshd.host}]:${sshd.port} ${line}\n`);
    return full;
  };

  it('offers the key type known_hosts holds first, so a host known by its ecdsa key connects', async () => {
    const ecdsa = sshd.hostKeys[1];
    const files = [
      knownHostsWith('known_ecdsa', ecdsa?.line.split(' ').slice(0, 2).join(' ') ?? ''),
    ];
    const prompter = scriptedPrompter();
    const verifier = createHostKeyVerifier({
      files,
      saveTo: path.join(dir, 'save1'),
      policy: 'strict',
    });
    const pool = new SshPool({ verifier, prompter, defaultIdentityFiles: [] });
    try {
      expect((await hostFor(sshd.target(), pool).exec('echo known')).stdout).toBe('known\n');
      expect(prompter.hostKeys).toHaveLength(0);
    } finally {
      pool.closeAll();
    }
  });

  it("refuses a changed key without asking and without any authentication in sshd's log", async () => {
    const other = sshKeygen(path.join(dir, 'other'));
    const files = [knownHostsWith('known_changed', other.line.split(' ').slice(0, 2).join(' '))];
    const prompter = scriptedPrompter(['secret']);
    const verifier = createHostKeyVerifier({
      files,
      saveTo: path.join(dir, 'save2'),
      policy: 'ask',
      prompter,
    });
    const pool = new SshPool({ verifier, prompter, defaultIdentityFiles: [] });
    await new Promise((r) => setTimeout(r, 200));
    const before = sshd.log().length;
    try {
      await expect(hostFor(sshd.target({ name: 'node3' }), pool).exec('true')).rejects.toThrow(
        new RegExp(
          `CHANGED[^]*${other.fingerprint.replace(/[+/]/g, '.')}[^]* — refused connecting to node3 `,
        ),
      );
      expect(prompter.hostKeys).toHaveLength(0);
      expect(prompter.secrets).toHaveLength(0);
      const log = await sshd.waitForLog(
        /Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/,
        before,
      );
      expect(log).not.toMatch(AUTH_LINES);
    } finally {
      pool.closeAll();
    }
  });

  it('asks about an unknown key, saves it on accept-and-save, and trusts it next time', async () => {
    const saveTo = path.join(dir, 'kubelab_known_hosts');
    const first = scriptedPrompter([], 'accept-and-save');
    const pool1 = new SshPool({
      verifier: createHostKeyVerifier({
        files: [path.join(dir, 'none')],
        saveTo,
        policy: 'ask',
        prompter: first,
      }),
      prompter: first,
      defaultIdentityFiles: [],
    });
    try {
      expect((await hostFor(sshd.target(), pool1).exec('echo saved')).stdout).toBe('saved\n');
    } finally {
      pool1.closeAll();
    }
    expect(first.hostKeys).toHaveLength(1);
    expect(first.hostKeys[0]?.key.fingerprint).toBe(sshd.hostKey.fingerprint);
    expect(readFileSync(saveTo, 'utf8')).toContain(sshd.hostKey.line.split(' ')[1]);
    const second = scriptedPrompter([], 'reject');
    const pool2 = new SshPool({
      verifier: createHostKeyVerifier({ files: [], saveTo, policy: 'ask', prompter: second }),
      prompter: second,
      defaultIdentityFiles: [],
    });
    try {
      expect((await hostFor(sshd.target(), pool2).exec('echo again')).stdout).toBe('again\n');
      expect(second.hostKeys).toHaveLength(0);
    } finally {
      pool2.closeAll();
    }
  });
});
