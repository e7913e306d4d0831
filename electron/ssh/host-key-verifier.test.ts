import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostKeyVerifier, type HostKeyPolicy } from './host-key-verifier';
import { fingerprintOf, parseKnownHosts } from './known-hosts';
import type { HostKeyAnswer, HostKeyInfo, HostKeyTarget, Prompter } from './types';

const dir = mkdtempSync(path.join(tmpdir(), 'kubelab-verifier-'));
let counter = 0;

/** A real host key made by ssh-keygen, as the SSH layer would hand it over. */
function hostKey(type: 'ed25519' | 'ecdsa' | 'rsa'): HostKeyInfo & { line: string } {
  const file = path.join(dir, `key${++counter}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [algorithm = '', base64 = ''] = readFileSync(`${file}.pub`, 'utf8').split(' ');
  const key = Buffer.from(base64, 'base64');
  return { algorithm, key, fingerprint: fingerprintOf(key), line: `${algorithm} ${base64}` };
}

/** A person at the keyboard who gives scripted answers and remembers what was asked. */
class ScriptedPrompter implements Prompter {
  readonly asked: string[] = [];
  constructor(private readonly answer: HostKeyAnswer) {}
  async hostKey(request: { target: HostKeyTarget; key: HostKeyInfo }): Promise<HostKeyAnswer> {
    this.asked.push(`${request.target.name} ${request.key.fingerprint}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return this.answer;
  }
  secret(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

const node1: HostKeyTarget = { name: 'node1', host: '10.0.0.11', port: 22 };
const node2: HostKeyTarget = { name: 'node2', host: '127.0.0.1', port: 2222 };
let known: ReturnType<typeof hostKey>;
let other: ReturnType<typeof hostKey>;
let rsa: ReturnType<typeof hostKey>;
let userFile: string;

function setup(policy: HostKeyPolicy, prompter?: Prompter) {
  const saveTo = path.join(dir, `own${++counter}/known_hosts`);
  const logs: string[] = [];
  const verifier = createHostKeyVerifier({
    files: [userFile],
    saveTo,
    policy,
    ...(prompter ? { prompter } : {}),
    log: (l) => logs.push(l),
  });
  return { verifier, saveTo, logs };
}

beforeAll(() => {
  known = hostKey('ed25519');
  other = hostKey('ed25519');
  rsa = hostKey('rsa');
  userFile = path.join(dir, 'user_known_hosts');
  writeFileSync(
    userFile,
    [`10.0.0.11 ${known.line}`, 'garbage line', `@revoked * ${rsa.line}`].join('\n') + '\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createHostKeyVerifier', () => {
  it('accepts a known key and logs the bad line it skipped, with its number', async () => {
    const { verifier, logs } = setup('strict');
    await expect(verifier.verify(node1, known)).resolves.toEqual({ accept: true });
    expect(logs).toEqual([`${userFile}:2: truncated after the key type "line"`]);
  });

  it('refuses a changed key under every policy, without asking, naming both fingerprints', async () => {
    for (const policy of ['ask', 'accept-new', 'strict'] as const) {
      const prompter = new ScriptedPrompter('accept-and-save');
      const { verifier, saveTo } = setup(policy, prompter);
      const decision = await verifier.verify(node1, other);
      expect(decision).toMatchObject({ accept: false, verdict: 'changed' });
      if (decision.accept) continue;
      expect(decision.reason).toContain('node1 (10.0.0.11) has CHANGED');
      expect(decision.reason).toContain(other.fingerprint);
      expect(decision.reason).toContain(`${known.fingerprint} at ${userFile}:1`);
      expect(prompter.asked).toEqual([]);
      expect(() => readFileSync(saveTo)).toThrow(/ENOENT/);
    }
  });

  it('refuses a key of a type known_hosts does not list for the host, as OpenSSH does', async () => {
    const { verifier } = setup('accept-new');
    const ecdsa = hostKey('ecdsa');
    const decision = await verifier.verify(node1, ecdsa);
    expect(decision).toMatchObject({ accept: false, verdict: 'changed' });
    if (!decision.accept)
      expect(decision.reason).toContain(
        `the server presents ecdsa-sha2-nistp256 ${ecdsa.fingerprint}, but known_hosts lists only ssh-ed25519 ${known.fingerprint} at ${userFile}:1`,
      );
    await expect(verifier.knownKeyTypes(node1)).resolves.toEqual(['ssh-ed25519']);
  });

  it('refuses a revoked key even when the policy would accept new keys', async () => {
    const { verifier } = setup('accept-new');
    const decision = await verifier.verify(node2, rsa);
    expect(decision).toMatchObject({ accept: false, verdict: 'revoked' });
    if (!decision.accept) expect(decision.reason).toContain(`@revoked at ${userFile}:3`);
  });

  it('strict refuses an unknown key with its fingerprint', async () => {
    const { verifier } = setup('strict');
    const decision = await verifier.verify(node2, other);
    expect(decision).toMatchObject({ accept: false, verdict: 'unknown' });
    if (!decision.accept) expect(decision.reason).toContain(other.fingerprint);
  });

  it('accept-new saves a hashed [host]:port line that ssh-keygen -F finds, then trusts it', async () => {
    const { verifier, saveTo, logs } = setup('accept-new');
    await expect(verifier.verify(node2, other)).resolves.toEqual({ accept: true });
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', saveTo], {
      encoding: 'utf8',
    });
    expect(found).toContain('found: line 1');
    expect(logs.join('\n')).toContain(`Permanently added node2 ([127.0.0.1]:2222)`);
    // The saved key now counts as known: a different one for the same host is a change.
    expect((await verifier.lookup(node2, other.key)).verdict.kind).toBe('trusted');
    await expect(verifier.verify(node2, hostKey('ed25519'))).resolves.toMatchObject({
      verdict: 'changed',
    });
  });

  it('ask: reject refuses, accept-once remembers only in memory, accept-and-save writes', async () => {
    const no = new ScriptedPrompter('reject');
    await expect(setup('ask', no).verifier.verify(node2, other)).resolves.toMatchObject({
      accept: false,
    });
    expect(no.asked).toEqual([`node2 ${other.fingerprint}`]);

    const once = new ScriptedPrompter('accept-once');
    const a = setup('ask', once);
    await expect(a.verifier.verify(node2, other)).resolves.toEqual({ accept: true });
    await expect(a.verifier.verify(node2, other)).resolves.toEqual({ accept: true });
    expect(once.asked).toHaveLength(1);
    expect(() => readFileSync(a.saveTo)).toThrow(/ENOENT/);
    // Within the process, another key for that host is now a change, not a new question.
    await expect(a.verifier.verify(node2, known)).resolves.toMatchObject({ verdict: 'changed' });

    const save = new ScriptedPrompter('accept-and-save');
    const s = setup('ask', save);
    await expect(s.verifier.verify(node2, other)).resolves.toEqual({ accept: true });
    expect(parseKnownHosts(readFileSync(s.saveTo, 'utf8')).entries).toHaveLength(1);
  });

  it('asks once for many simultaneous connections to the same new host', async () => {
    const prompter = new ScriptedPrompter('accept-and-save');
    const { verifier, saveTo } = setup('ask', prompter);
    const decisions = await Promise.all(
      Array.from({ length: 8 }, () => verifier.verify(node2, other)),
    );
    expect(decisions.every((d) => d.accept)).toBe(true);
    expect(prompter.asked).toHaveLength(1);
    expect(parseKnownHosts(readFileSync(saveTo, 'utf8')).entries).toHaveLength(1);
  });

  it('without a prompter, ask refuses an unknown key', async () => {
    await expect(setup('ask').verifier.verify(node2, other)).resolves.toMatchObject({
      accept: false,
      verdict: 'unknown',
    });
  });

  it('sees a key another program added to a file after the first read (mtime)', async () => {
    const file = path.join(dir, 'changing');
    writeFileSync(file, '# empty at first\n');
    const verifier = createHostKeyVerifier({
      files: [file],
      saveTo: path.join(dir, 'changing-own'),
      policy: 'strict',
    });
    await expect(verifier.verify(node2, other)).resolves.toMatchObject({ accept: false });
    appendFileSync(file, `[127.0.0.1]:2222 ${other.line}\n`);
    await expect(verifier.verify(node2, other)).resolves.toEqual({ accept: true });
  });

  it('uses HostKeyAlias instead of host and port, and reports the known key types', async () => {
    const file = path.join(dir, 'alias');
    writeFileSync(file, `lab-bastion ${known.line}\n`);
    const verifier = createHostKeyVerifier({ files: [file], saveTo: file, policy: 'strict' });
    const aliased = { name: 'b', host: '192.0.2.1', port: 2200, hostKeyAlias: 'lab-bastion' };
    await expect(verifier.verify(aliased, known)).resolves.toEqual({ accept: true });
    await expect(verifier.knownKeyTypes(aliased)).resolves.toEqual(['ssh-ed25519']);
  });
});
