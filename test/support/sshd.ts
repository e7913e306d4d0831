/**
 * Real OpenSSH servers for integration tests: each `startSshd` runs `/usr/sbin/sshd -D` on its own
 * port with a generated host key, its own config and log file, and a generated client key that
 * may log in as root. Every server and temp dir is removed by `stopAllSshd` (and at process exit).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  HostKeyDecision,
  HostKeyInfo,
  HostKeyTarget,
  HostKeyVerifier,
  Prompter,
  SshTarget,
} from '../../electron/ssh/types';
import type { Netns } from '../lab/netns';

export const SSHD = '/usr/sbin/sshd';

/** Whether real sshd tests can run here, and why not. */
export function sshdCapability(): { available: boolean; hint: string } {
  if (process.platform !== 'linux') return { available: false, hint: 'needs Linux' };
  if (!existsSync(SSHD)) return { available: false, hint: 'apt-get install openssh-server' };
  if (process.getuid?.() !== 0) return { available: false, hint: 'run as root (sshd, useradd)' };
  return { available: true, hint: '' };
}

export interface SshdOptions {
  /** Run inside this namespace, listening on `listen` (port 22 unless told). */
  netns?: Netns;
  listen?: string;
  port?: number;
  maxSessions?: number;
  maxStartups?: string;
  passwordAuthentication?: boolean;
  kbdInteractiveAuthentication?: boolean;
  /** Host key types, each its own HostKey (default ed25519 only); `hostKey` is the first. */
  hostKeyTypes?: Array<'ed25519' | 'ecdsa' | 'rsa'>;
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

/** A public key as ssh-keygen wrote it. */
export interface PublicKey {
  algorithm: string;
  blob: Buffer;
  fingerprint: string;
  line: string;
}

export interface Sshd {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly hostKey: PublicKey;
  /** Every host key, in `hostKeyTypes` order. */
  readonly hostKeys: PublicKey[];
  /** An unencrypted ed25519 client key authorized for every user of this server. */
  readonly clientKeyPath: string;
  /** What sshd logged so far (LogLevel VERBOSE). */
  log(): string;
  /**
   * Resolves with the log from character `from` on, once that part matches `pattern` (sshd
   * writes some lines after the client is gone).
   */
  waitForLog(pattern: RegExp, from?: number, timeoutMs?: number): Promise<string>;
  /** The pid of the listening sshd, or undefined when stopped. */
  pid(): number | undefined;
  /** Kills the listener and every session it started; the port, keys and log stay. */
  stop(): Promise<void>;
  /** Starts again on the same port with the same keys. */
  start(): Promise<void>;
  /** A target for this server; `identityFiles` holds the client key unless overridden. */
  target(overrides?: Partial<SshTarget>): SshTarget;
}

const live = new Set<{ stop(): void; dir: string }>();

export function readPublicKey(file: string): PublicKey {
  const line = readFileSync(file, 'utf8').trim();
  const [algorithm = '', base64 = ''] = line.split(/\s+/);
  const blob = Buffer.from(base64, 'base64');
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { algorithm, blob, fingerprint, line };
}

export function sshKeygen(file: string, type = 'ed25519', passphrase = ''): PublicKey {
  const r = spawnSync(
    'ssh-keygen',
    ['-q', '-t', type, '-N', passphrase, '-C', 'kubelab-test', '-f', file],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`ssh-keygen -t ${type}: ${r.stderr}`);
  return readPublicKey(`${file}.pub`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(tmpdir(), 'kl-sshd-'));
  // Other test users (kubelab-test) must read authorized_keys in here; private keys stay 0600.
  chmodSync(dir, 0o755);
  const host = options.listen ?? '127.0.0.1';
  const port = options.port ?? (options.netns ? 22 : await freePort());
  const hostKeyTypes = options.hostKeyTypes ?? ['ed25519'];
  const hostKeys = hostKeyTypes.map((type) => sshKeygen(path.join(dir, `host_${type}`), type));
  const hostKey = hostKeys[0];
  if (!hostKey) throw new Error('startSshd needs at least one host key type');
  const clientKeyPath = path.join(dir, 'client_ed25519');
  const clientKey = sshKeygen(clientKeyPath);
  writeFileSync(path.join(dir, 'authorized_keys'), `${clientKey.line}\n`, { mode: 0o644 });
  const logFile = path.join(dir, 'sshd.log');
  const yesNo = (v: boolean | undefined, fallback: boolean) => ((v ?? fallback) ? 'yes' : 'no');
  const config = [
    `ListenAddress ${host}`,
    `Port ${port}`,
    ...hostKeyTypes.map((type) => `HostKey ${dir}/host_${type}`),
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'StrictModes no',
    'PermitRootLogin yes',
    'UsePAM yes',
    `PasswordAuthentication ${yesNo(options.passwordAuthentication, false)}`,
    `KbdInteractiveAuthentication ${yesNo(options.kbdInteractiveAuthentication, false)}`,
    `MaxSessions ${options.maxSessions ?? 10}`,
    `MaxStartups ${options.maxStartups ?? '10:30:100'}`,
    'LogLevel VERBOSE',
    'PrintMotd no',
    'AllowAgentForwarding no',
    ...(options.extraConfig ?? []),
  ];
  writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  const test = spawnSync(SSHD, ['-t', '-f', `${dir}/sshd_config`], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`sshd -t: ${test.stderr}`);

  let child: ChildProcess | undefined;
  let listenerPid: number | undefined;
  const args = ['-D', '-f', `${dir}/sshd_config`, '-E', logFile];
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const sessionPids = (pid: number) =>
    spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map(Number);

  const stopNow = () => {
    if (listenerPid === undefined) return;
    const pid = listenerPid;
    listenerPid = undefined;
    // Session processes outlive a killed listener; a restart must drop them like a reboot would.
    for (const session of sessionPids(pid)) {
      try {
        process.kill(session, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child?.kill('SIGKILL');
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const start = async () => {
    const before = log().length;
    child = options.netns
      ? options.netns.spawn(SSHD, args)
      : spawn(SSHD, args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (log().slice(before).includes(`Server listening on ${host} port ${port}`)) break;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`sshd on ${host}:${port} did not start: ${log().slice(before)}`);
      await sleep(20);
    }
    const pidText = readFileSync(`${dir}/sshd.pid`, 'utf8').trim();
    listenerPid = Number(pidText);
  };

  const entry = {
    dir,
    stop: () => {
      stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(entry);
  try {
    await start();
  } catch (error) {
    entry.stop();
    live.delete(entry);
    throw error;
  }

  return {
    host,
    port,
    dir,
    hostKey,
    hostKeys,
    clientKeyPath,
    log,
    async waitForLog(pattern, from = 0, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(log().slice(from))) {
        if (Date.now() > deadline)
          throw new Error(`sshd log never matched ${pattern}:\n${log().slice(from)}`);
        await sleep(20);
      }
      return log().slice(from);
    },
    pid: () => listenerPid,
    stop: async () => {
      stopNow();
      await sleep(50);
    },
    start,
    target: (overrides = {}) => ({
      name: `sshd-${port}`,
      host,
      port,
      user: 'root',
      identityFiles: [clientKeyPath],
      identitiesOnly: true,
      jumps: [],
      ...overrides,
    }),
  };
}

/** Stops every server this process started and deletes their directories (for afterAll). */
export function stopAllSshd(): void {
  for (const entry of [...live]) {
    entry.stop();
    live.delete(entry);
  }
}

process.once('exit', stopAllSshd);

/**
 * A real verifier for tests: accepts exactly the host keys of the given servers, each only for
 * its own host:port; a different key for a known server is refused as changed (never asked), an
 * unknown server is asked about through `prompter` when one is given, else refused. It stands in
 * for the known_hosts verifier until that lands.
 */
export function trustOnly(
  ...servers: Array<Pick<Sshd, 'host' | 'port' | 'hostKey'> | { prompter: Prompter }>
): HostKeyVerifier & { seen: Array<{ target: HostKeyTarget; key: HostKeyInfo }> } {
  const seen: Array<{ target: HostKeyTarget; key: HostKeyInfo }> = [];
  const known = servers.filter((s): s is Pick<Sshd, 'host' | 'port' | 'hostKey'> => 'hostKey' in s);
  const prompter = servers.find((s): s is { prompter: Prompter } => 'prompter' in s)?.prompter;
  return {
    seen,
    async verify(target, key): Promise<HostKeyDecision> {
      seen.push({ target, key });
      const mine = known.filter((s) => s.host === target.host && s.port === target.port);
      if (mine.length === 0) {
        const answer = prompter ? await prompter.hostKey({ target, key }) : 'reject';
        return answer === 'reject'
          ? { accept: false, reason: `${key.fingerprint} was not accepted`, verdict: 'unknown' }
          : { accept: true };
      }
      if (mine.some((s) => Buffer.from(key.key).equals(s.hostKey.blob))) return { accept: true };
      return {
        accept: false,
        reason: `the host key changed: known ${mine[0]?.hostKey.fingerprint}, presented ${key.fingerprint}`,
        verdict: 'changed',
      };
    },
  };
}

export const TEST_USER = 'kubelab-test';

/**
 * A local user for password and keyboard-interactive logins (and sudo checks): created once,
 * its password set on every call, and allowed exactly `sudo -n /usr/bin/id` without a password.
 */
export function ensureTestUser(): { user: string; password: string } {
  const password = 'kl-Test-pass-7';
  if (spawnSync('getent', ['passwd', TEST_USER]).status !== 0) {
    const r = spawnSync('useradd', ['-m', '-s', '/bin/bash', TEST_USER], { encoding: 'utf8' });
    if (r.status !== 0 && !/already exists/.test(r.stderr)) throw new Error(`useradd: ${r.stderr}`);
  }
  const r = spawnSync('chpasswd', [], { input: `${TEST_USER}:${password}\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`chpasswd: ${r.stderr}`);
  const sudoers = `/etc/sudoers.d/${TEST_USER}`;
  if (!existsSync(sudoers))
    writeFileSync(sudoers, `${TEST_USER} ALL=(root) NOPASSWD: /usr/bin/id\n`, { mode: 0o440 });
  return { user: TEST_USER, password };
}

/** Processes on this machine whose command line contains `marker`, excluding pgrep itself. */
export function processesMatching(marker: string): string[] {
  const r = spawnSync('pgrep', ['-af', marker], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((line) => line.trim() !== '' && !line.includes('pgrep'));
}
