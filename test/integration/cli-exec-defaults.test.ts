import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKnownHosts } from '../../electron/ssh/known-hosts';
import { freePort, startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import { buildCli, knownLine, rows, runCli, type BuiltCli } from './cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';

// Without --known-hosts the CLI reads ~/.ssh/known_hosts (never writing it) and saves what
// --accept-new accepts in kubelab's own file; a host that never answers fails alone, on time.
const canRun = canRunSshd();

describe.runIf(canRun)('kubelab exec defaults and failing hosts', () => {
  let work: string;
  let home: string;
  let config: string;
  let cli: BuiltCli;
  let a: Sshd;
  let b: Sshd;
  let silent: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-cli-defaults-'));
    home = path.join(work, 'home');
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    [a, b] = await Promise.all([startSshd(), startSshd()]);
    // Accepts TCP connections and never says a word: the SSH handshake can only time out.
    silent = createServer((socket) => sockets.push(socket));
    const silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, '127.0.0.1', resolve));
    const closedPort = await freePort();
    const block = (alias: string, port: number, key: string) =>
      `Host ${alias}\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n  IdentityFile ${key}\n  IdentitiesOnly yes\n`;
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('a', a.port, a.clientKeyPath),
        block('b', b.port, b.clientKeyPath),
        block('silent', silentPort, a.clientKeyPath),
        block('closed', closedPort, a.clientKeyPath),
      ].join('\n'),
    );
  }, 60_000);

  afterAll(() => {
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    for (const socket of sockets) socket.destroy();
    silent?.close();
    stopAllSshd();
  });

  const exec = (...args: string[]) =>
    runCli(cli.file, home, ['exec', '--ssh-config', config, ...args]);

  it('trusts ~/.ssh/known_hosts, and saves accepted keys only to kubelab’s own file', async () => {
    const userFile = path.join(home, '.ssh/known_hosts');
    writeFileSync(userFile, knownLine(a) + '\n', { mode: 0o600 });
    const strict = await exec('--hosts', 'a,b', '--json', '--', 'echo', 'ok');
    expect(strict.code).toBe(1);
    expect(rows(strict).map((r) => [r.host, r.ok])).toEqual([
      ['a', true],
      ['b', false],
    ]);

    const accepted = await exec('--accept-new', '--hosts', 'a,b', '--json', '--', 'echo', 'ok');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(readFileSync(userFile, 'utf8')).toBe(knownLine(a) + '\n');
    const own = path.join(home, 'kubelab/known_hosts');
    expect(statSync(own).mode & 0o777).toBe(0o600);
    const saved = parseKnownHosts(readFileSync(own, 'utf8'), own);
    expect(saved.entries.map((e) => [e.hosts.kind, e.fingerprint])).toEqual([
      ['hashed', b.hostKey.fingerprint],
    ]);
    const again = await exec('--hosts', 'a,b', '--', 'true');
    expect(again.code, again.stderr).toBe(0);
  });

  it('a host that never answers times out alone; a closed port fails at once', async () => {
    const run = await exec(
      '--timeout',
      '1500',
      '--hosts',
      'a,silent,closed',
      '--json',
      '--',
      'echo',
      'ok',
    );
    expect(run.code).toBe(1);
    const [okRow, silentRow, closedRow] = rows(run);
    expect(okRow).toMatchObject({ host: 'a', ok: true, stdout: 'ok\n' });
    expect(silentRow).toMatchObject({ host: 'silent', ok: false, exitCode: null });
    expect(silentRow?.error, JSON.stringify(silentRow)).toMatchObject({ code: 'timeout' });
    expect(closedRow).toMatchObject({ host: 'closed', ok: false });
    expect(closedRow?.error?.message).toMatch(/refused|ECONNREFUSED/i);
  });
});
