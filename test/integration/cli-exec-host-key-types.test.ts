import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshKeygen, startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import {
  buildCli,
  knownLine,
  rows,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';

// A server with ed25519, ECDSA and RSA host keys, as EKS AMIs have, recorded in known_hosts by
// only one of them (older ssh clients recorded ECDSA): kubelab must ask the server for the
// recorded type, as OpenSSH does, instead of calling the host changed.
const canRun = canRunSshd();

describe.runIf(canRun)('kubelab exec and a host known by one of its several key types', () => {
  let work: string;
  let config: string;
  let cli: BuiltCli;
  let node: Sshd;

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-cli-keytypes-'));
    mkdirSync(path.join(work, 'home'));
    sshKeygen(path.join(work, 'host_ecdsa'), 'ecdsa');
    sshKeygen(path.join(work, 'host_rsa'), 'rsa');
    node = await startSshd({
      extraConfig: [`HostKey ${work}/host_ecdsa`, `HostKey ${work}/host_rsa`],
    });
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      `Host node\n  HostName ${node.host}\n  Port ${node.port}\n  User root\n` +
        `  IdentityFile ${node.clientKeyPath}\n  IdentitiesOnly yes\n`,
    );
  }, 60_000);

  afterAll(() => {
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    stopAllSshd();
  });

  const lineFor = (file: string) => knownLine({ ...node, dir: work }, file);
  const exec = (known: string) =>
    runCli(cli.file, path.join(work, 'home'), [
      'exec',
      '--ssh-config',
      config,
      '--known-hosts',
      known,
      '--hosts',
      'node',
      '--json',
      '--',
      'echo',
      'ok',
    ]);

  it('connects when known_hosts holds only the ECDSA key, or only the RSA key', async () => {
    for (const file of ['host_ecdsa.pub', 'host_rsa.pub']) {
      const known = writeHashedKnownHosts(path.join(work, `known_${file}`), [lineFor(file)]);
      const run = await exec(known);
      expect(run.code, `${file}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(rows(run)[0]).toMatchObject({ host: 'node', ok: true, stdout: 'ok\n' });
    }
  });

  it('still refuses when the recorded ECDSA key is not the one the server has', async () => {
    const other = sshKeygen(path.join(work, 'other_ecdsa'), 'ecdsa');
    const known = writeHashedKnownHosts(path.join(work, 'known_wrong'), [
      `[${node.host}]:${node.port} ${other.line}`,
    ]);
    const run = await exec(known);
    expect(run.code).toBe(1);
    const message = rows(run)[0]?.error?.message ?? '';
    expect(message).toContain('CHANGED');
    expect(message).toContain(`ecdsa-sha2-nistp256 ${other.fingerprint} at ${known}:1`);
  });
});
