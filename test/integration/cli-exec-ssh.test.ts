import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quote } from 'shell-quote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPublicKey, sshKeygen, startSshd, stopAllSshd, type Sshd } from '../support/sshd';
import {
  buildCli,
  cliEnv,
  knownLine,
  rows,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
  type Run,
} from './cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';

// The real CLI run as a child process against real sshd servers: a bastion, a second hop
// reached through it, and two nodes behind both.
const canRun = canRunSshd();

/**
 * On the server, the pids from the process that holds the client end of this SSH connection up
 * to init: through a jump host that is the jump host's sshd, so the list names its listener.
 */
const CLIENT_ANCESTRY =
  'set -- $SSH_CONNECTION; ' +
  `p=$(ss -Htnp state established "( sport = :$2 )" | sed -n 's/.*pid=\\([0-9]*\\).*/\\1/p' | head -1); ` +
  `while [ -n "$p" ] && [ "$p" -gt 1 ]; do printf '%s ' "$p"; p=$(ps -o ppid= -p "$p" | tr -d ' '); done`;

describe.runIf(canRun)('kubelab exec --ssh-config through a 2-hop ProxyJump', () => {
  let work: string;
  let home: string;
  let config: string;
  let servers: Record<'bastion' | 'hop2' | 'node1' | 'node2', Sshd>;

  let cli: BuiltCli;
  const kubelab = (args: string[]): Promise<Run> =>
    runCli(cli.file, home, ['exec', '--ssh-config', config, ...args]);
  const writeKnownHosts = (file: string, hosts: Sshd[]) =>
    writeHashedKnownHosts(
      file,
      hosts.map((s) => knownLine(s)),
    );

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-cli-exec-'));
    home = path.join(work, 'home');
    mkdirSync(home);
    const [bastion, hop2, node1, node2] = await Promise.all([
      startSshd(),
      startSshd(),
      startSshd(),
      startSshd(),
    ]);
    if (!bastion || !hop2 || !node1 || !node2) throw new Error('sshd did not start');
    servers = { bastion, hop2, node1, node2 };
    const block = (alias: string, s: Sshd, jump?: string) =>
      [
        `Host ${alias}`,
        `  HostName ${s.host}`,
        `  Port ${s.port}`,
        '  User root',
        `  IdentityFile ${s.clientKeyPath}`,
        '  IdentitiesOnly yes',
        ...(jump ? [`  ProxyJump ${jump}`] : []),
      ].join('\n');
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('bastion', bastion),
        block('hop2', hop2, 'bastion'),
        // Two hops named by alias in one ProxyJump list…
        block('node1', node1, 'bastion,hop2'),
        // …and one hop whose own ProxyJump makes the second.
        block('node2', node2, 'hop2'),
      ].join('\n\n') + '\n',
    );
    // An encrypted client key the bastion accepts, for the passphrase prompts.
    const encKey = path.join(work, 'client_enc');
    const encPub = sshKeygen(encKey, 'ed25519', 'horse battery');
    const authorized = `${bastion.dir}/authorized_keys`;
    writeFileSync(authorized, `${readFileSync(authorized, 'utf8')}${encPub.line}\n`);
    writeFileSync(
      config,
      `${readFileSync(config, 'utf8')}\n${block('enc', bastion).replace(bastion.clientKeyPath, encKey)}\n`,
    );
    writeKnownHosts(path.join(work, 'known_enc'), [bastion]);
  }, 120_000);

  afterAll(() => {
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    stopAllSshd();
  });

  it('answers from every host, each reached through its jump chain, then exits 0', async () => {
    const known = writeKnownHosts(path.join(work, 'known_all'), Object.values(servers));
    const run = await kubelab([
      '--known-hosts',
      known,
      '--hosts',
      'bastion,hop2,node1,node2',
      '--json',
      '--',
      CLIENT_ANCESTRY,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const byHost = new Map(rows(run).map((r) => [r.host, r]));
    expect([...byHost.keys()]).toEqual(['bastion', 'hop2', 'node1', 'node2']);
    for (const row of byHost.values())
      expect(row).toMatchObject({ ok: true, exitCode: 0, stderr: '' });
    const ancestry = (host: string) =>
      (byHost.get(host)?.stdout ?? '').trim().split(' ').map(Number);
    const { bastion, hop2 } = servers;
    // The bastion is reached directly (by this CLI), hop2 through the bastion's sshd, and both
    // nodes through hop2's sshd: the connection really went through the jump hosts.
    expect(ancestry('bastion')).not.toContain(bastion.pid());
    expect(ancestry('hop2')).toContain(bastion.pid());
    expect(ancestry('node1')).toContain(hop2.pid());
    expect(ancestry('node2')).toContain(hop2.pid());

    const text = await kubelab([
      '--known-hosts',
      known,
      '--hosts',
      'node1,node2',
      '--',
      'echo',
      'hello from $(hostname)',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^=== node1 · exit 0 · \d+ ms ===\nhello from .+\n\n=== node2 · exit 0 · \d+ ms ===\nhello from .+\n$/,
    );
  });

  it('refuses unknown host keys without --accept-new, and accepts and saves them with it', async () => {
    const { bastion, hop2, node1 } = servers;
    const known = writeKnownHosts(path.join(work, 'known_partial'), [bastion, hop2]);
    const refused = await kubelab([
      '--known-hosts',
      known,
      '--hosts',
      'bastion,node1',
      '--json',
      '--',
      'echo',
      'ok',
    ]);
    expect(refused.code).toBe(1);
    const [b, n1] = rows(refused);
    expect(b).toMatchObject({ host: 'bastion', ok: true, stdout: 'ok\n' });
    expect(n1).toMatchObject({ host: 'node1', ok: false, exitCode: null });
    const fingerprint = readPublicKey(`${node1.dir}/host_ed25519.pub`).fingerprint;
    expect(n1?.error?.message).toContain(fingerprint);
    expect(n1?.error?.message).toMatch(/not known/);
    expect(readFileSync(known, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);

    const accepted = await kubelab([
      '--known-hosts',
      known,
      '--accept-new',
      '--hosts',
      'node1',
      '--json',
      '--',
      'echo',
      'ok',
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toContain(
      `Permanently added node1 ([127.0.0.1]:${node1.port}) (ssh-ed25519 ${fingerprint})`,
    );
    // Saved as OpenSSH would, so ssh itself (and the next strict run) finds it.
    const found = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${node1.port}`, '-f', known], {
      encoding: 'utf8',
    });
    expect(found.stdout).toContain('found: line 3');
    const again = await kubelab(['--known-hosts', known, '--hosts', 'node1', '--', 'true']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('refuses a host whose key changed, naming old and new fingerprints, while the others answer', async () => {
    const { node2 } = servers;
    const known = writeKnownHosts(path.join(work, 'known_before_change'), Object.values(servers));
    const oldPrint = readPublicKey(`${node2.dir}/host_ed25519.pub`).fingerprint;
    await node2.stop();
    rmSync(`${node2.dir}/host_ed25519`);
    rmSync(`${node2.dir}/host_ed25519.pub`);
    const newPrint = sshKeygen(`${node2.dir}/host_ed25519`).fingerprint;
    await node2.start();
    const logBefore = node2.log().length;

    for (const extra of [[], ['--accept-new']]) {
      const run = await kubelab([
        '--known-hosts',
        known,
        ...extra,
        '--hosts',
        'bastion,hop2,node1,node2',
        '--json',
        '--',
        'echo',
        'ok',
      ]);
      expect(run.code).toBe(1);
      const [bastionRow, hop2Row, node1Row, node2Row] = rows(run);
      for (const r of [bastionRow, hop2Row, node1Row])
        expect(r).toMatchObject({ ok: true, stdout: 'ok\n' });
      expect(node2Row).toMatchObject({ host: 'node2', ok: false });
      const message = node2Row?.error?.message ?? '';
      expect(message).toContain('CHANGED');
      expect(message).toContain(newPrint);
      expect(message).toMatch(new RegExp(`${oldPrint.replace(/[+/]/g, '\\$&')} at ${known}:\\d+`));
    }
    // The key was refused before any credential went out: sshd never saw a login attempt.
    const log = node2.log().slice(logBefore);
    expect(log).not.toMatch(/publickey|Accepted|Failed/);
    expect(readFileSync(known, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('declines a key passphrase when stdin is not a terminal, and says why', async () => {
    const known = path.join(work, 'known_enc');
    const run = await kubelab(['--known-hosts', known, '--hosts', 'enc', '--', 'echo', 'ok']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('root@enc asks for a passphrase');
    expect(run.stderr).toContain('standard input is not a terminal');
  });

  it('asks for the passphrase on a real terminal with echo off, and runs the command', async () => {
    const known = path.join(work, 'known_enc');
    const line = quote([
      process.execPath,
      cli.file,
      'exec',
      '--ssh-config',
      config,
      '--known-hosts',
      known,
      '--hosts',
      'enc',
      '--',
      'echo',
      'logged-in',
    ]);
    // script(1) gives the CLI a pseudo-terminal as stdin/stdout, as a person's terminal would.
    const child = spawn('script', ['-qefc', line, '/dev/null'], {
      env: cliEnv(home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no passphrase prompt:\n${screen}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        screen += c.toString();
        if (/Enter passphrase for key .*client_enc/.test(screen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.stdin.write('horse battery\r');
    const code = await closed;
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/=== enc · exit 0 · \d+ ms ===\r?\nlogged-in/);
    // Typed characters were not echoed back to the screen.
    expect(screen, JSON.stringify(screen)).not.toContain('horse');
  });
});
