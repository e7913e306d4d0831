import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { SavedHost } from '../../shared/model/saved-workspace';
import { createAppBackend, type AppBackend } from '../../electron/core/compose';
import type { Session } from '../../electron/core/backend';
import { requireCapability } from '../support/require-capability';
import { sshdCapability, startSshd, stopAllSshd, type Sshd } from '../support/sshd';

// The app's backend as the UI drives it, against real sshd: a workspace saved through the API,
// the unknown host key asked in the window and saved to kubelab's known_hosts, commands on it.
const capability = sshdCapability();
const canRun = requireCapability('sshd (root)', capability.available, capability.hint);

type Seen = { name: EventName; payload: unknown }[];

function openWindow(app: AppBackend): { session: Session; seen: Seen } {
  const seen: Seen = [];
  const session = app.backend.openSession((name, payload) => seen.push({ name, payload }));
  return { session, seen };
}

async function call<T>(session: Session, method: string, params: unknown): Promise<T> {
  const reply = await session.handle(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

async function nextPrompt(seen: Seen): Promise<EventPayload<'prompt:request'>> {
  for (let i = 0; i < 500; i++) {
    const found = seen.find((e) => e.name === 'prompt:request');
    if (found) return found.payload as EventPayload<'prompt:request'>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no prompt arrived');
}

function hostOf(server: Sshd, id: string): SavedHost {
  return {
    id,
    name: id,
    role: 'node',
    address: server.host,
    port: server.port,
    user: 'root',
    auth: { kind: 'key', identityFile: server.clientKeyPath },
    jumps: [],
    tags: [],
    identitiesOnly: true,
  };
}

describe.runIf(canRun)('the app backend on real sshd', () => {
  let server: Sshd;
  let configDir: string;
  const apps: AppBackend[] = [];
  const start = async () => {
    const app = await createAppBackend({
      version: 'test',
      transport: 'websocket',
      platform: 'linux',
      configDir,
      agent: '',
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    server = await startSshd();
    configDir = mkdtempSync(path.join(tmpdir(), 'kubelab-config-'));
  });
  afterAll(() => {
    for (const app of apps) app.close();
    stopAllSshd();
    rmSync(configDir, { recursive: true, force: true });
  });

  it('saves a workspace, asks about the unknown key before logging in, and remembers it', async () => {
    const app = await start();
    const { session, seen } = openWindow(app);
    await call(session, 'workspace:create', { id: 'lab', name: 'My lab' });
    await call(session, 'host:save', { workspaceId: 'lab', hosts: [hostOf(server, 'node1')] });
    const listed = await call<{ id: string; kind: string; hosts: { id: string }[] }[]>(
      session,
      'workspace:list',
      {},
    );
    expect(listed.find((w) => w.id === 'lab')).toMatchObject({
      kind: 'ssh',
      hosts: [{ id: 'node1' }],
    });

    const logFrom = server.log().length;
    const run = call<{ ok: boolean; stdout: string }[]>(session, 'command:exec', {
      workspaceId: 'lab',
      hostIds: ['node1'],
      command: 'echo hello from $(hostname)',
    });
    const prompt = await nextPrompt(seen);
    expect(prompt).toMatchObject({ kind: 'host-key', fingerprint: server.hostKey.fingerprint });
    // The key is being decided on: sshd has seen no login attempt yet.
    expect(server.log().slice(logFrom)).not.toMatch(/Accepted|Failed|userauth/i);
    await call(session, 'prompt:answer', {
      promptId: prompt.promptId,
      answer: { kind: 'host-key', answer: 'accept-and-save' },
    });
    const [result] = await run;
    expect(result).toMatchObject({ ok: true });
    expect(result?.stdout).toMatch(/^hello from /);
    expect(readFileSync(path.join(configDir, 'known_hosts'), 'utf8')).toContain(
      server.hostKey.line.split(' ')[1],
    );
    const states = seen.filter((e) => e.name === 'host:state').map((e) => e.payload);
    expect(states).toContainEqual({
      workspaceId: 'lab',
      hostId: 'node1',
      state: { kind: 'connected' },
    });
  });

  it('opens the saved workspace again after a restart, trusting the saved key without asking', async () => {
    const app = await start();
    const { session, seen } = openWindow(app);
    const [result] = await call<{ ok: boolean }[]>(session, 'command:exec', {
      workspaceId: 'lab',
      hostIds: ['node1'],
      command: 'true',
    });
    expect(result?.ok).toBe(true);
    expect(seen.filter((e) => e.name === 'prompt:request')).toEqual([]);
  });

  it('reports a corrupt workspace file, keeps it aside, and still opens the others', async () => {
    const dir = path.join(configDir, 'workspaces');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'broken.json'), '{"version": 1, "id": "broken", ');
    const app = await start();
    const { session } = openWindow(app);
    const problems = await call<{ workspaceId: string; message: string }[]>(
      session,
      'workspace:problems',
      {},
    );
    expect(problems.map((p) => p.workspaceId)).toEqual(['broken']);
    expect(problems[0]?.message).toMatch(/could not be read .* kept as .*broken\.corrupt-/);
    const listed = await call<{ id: string }[]>(session, 'workspace:list', {});
    expect(listed.map((w) => w.id)).toEqual(expect.arrayContaining(['demo', 'lab']));
  });

  it('refuses to remove a host another host jumps through', async () => {
    const app = await start();
    const { session } = openWindow(app);
    await call(session, 'host:save', {
      workspaceId: 'lab',
      hosts: [{ ...hostOf(server, 'node2'), jumps: ['node1'] }],
    });
    const reply = await session.handle('host:remove', { workspaceId: 'lab', hostId: 'node1' });
    expect(reply).toMatchObject({ ok: false, error: { message: /jump host of node2/ } });
  });

  it('imports hosts from an ssh config, ProxyJump alias becoming the jump host, and runs through it', async () => {
    const jump = await startSshd();
    const app = await start();
    const { session, seen } = openWindow(app);
    const configFile = path.join(configDir, 'ssh_config');
    writeFileSync(
      configFile,
      [
        'Host bastion',
        `  HostName ${jump.host}`,
        `  Port ${jump.port}`,
        '  User root',
        `  IdentityFile ${jump.clientKeyPath}`,
        'Host inner',
        `  HostName ${server.host}`,
        `  Port ${server.port}`,
        '  User root',
        `  IdentityFile ${server.clientKeyPath}`,
        '  ProxyJump bastion',
        '',
      ].join('\n'),
    );
    const found = await call<{ hosts: SavedHost[]; warnings: string[] }>(session, 'host:discover', {
      workspaceId: 'lab',
      source: { kind: 'ssh-config', path: configFile },
    });
    expect(found.hosts.map((h) => [h.id, h.jumps])).toEqual([
      ['bastion', []],
      ['inner', ['bastion']],
    ]);
    await call(session, 'host:save', { workspaceId: 'lab', hosts: found.hosts });
    const fromJump = jump.log().length;
    const run = call<{ ok: boolean; stdout: string }[]>(session, 'command:exec', {
      workspaceId: 'lab',
      hostIds: ['inner'],
      command: 'echo $SSH_CONNECTION',
    });
    // Only the bastion's key is new; the inner host's was saved by the first test.
    const prompt = await nextPrompt(seen);
    expect(prompt).toMatchObject({
      target: { port: jump.port },
      fingerprint: jump.hostKey.fingerprint,
    });
    await call(session, 'prompt:answer', {
      promptId: prompt.promptId,
      answer: { kind: 'host-key', answer: 'accept-once' },
    });
    const [result] = await run;
    expect(result?.ok).toBe(true);
    // The inner host was reached through the bastion: the bastion saw the login.
    expect(result?.stdout).toMatch(
      new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${server.port}`),
    );
    expect(jump.log().slice(fromJump)).toMatch(/Accepted publickey for root/);

    const missing = await session.handle('host:discover', {
      workspaceId: 'lab',
      source: { kind: 'ssh-config', path: path.join(configDir, 'nope') },
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
