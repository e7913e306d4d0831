import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedHost, SavedWorkspace } from '../../shared/model/saved-workspace';
import { createWorkspaceStore, WorkspaceStoreError } from './store';

let configDir = '';
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-ws-'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

const fixedNow = () => new Date('2026-11-23T13:05:07.123Z');

function host(id: string, extra: Partial<SavedHost> = {}): SavedHost {
  return {
    id,
    name: id,
    role: 'node',
    address: `10.0.0.${id.length}`,
    port: 22,
    user: 'ec2-user',
    auth: { kind: 'key', identityFile: '~/.ssh/lab.pem' },
    jumps: [],
    tags: [],
    ...extra,
  };
}

function workspace(id: string, hosts: SavedHost[] = [host('operator', { role: 'operator' })]) {
  return { version: 1, id, name: `Lab ${id}`, description: '', hosts } satisfies SavedWorkspace;
}

const fileOf = (id: string) => path.join(configDir, 'workspaces', `${id}.json`);

describe('workspace store on real files', () => {
  it('round-trips a workspace, owner-only file and folder', async () => {
    const store = createWorkspaceStore({ configDir });
    const ws = workspace('eks', [
      host('operator', { role: 'operator', tags: ['bastion'] }),
      host('node1', { jumps: ['operator'], hostKeyAlias: 'node1-key', identitiesOnly: true }),
    ]);
    await store.save(ws);
    expect(await store.load('eks')).toEqual({ kind: 'ok', workspace: ws });
    expect(statSync(fileOf('eks')).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(fileOf('eks'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(fileOf('eks'), 'utf8'))).toEqual(ws);
    expect(await createWorkspaceStore({ configDir }).list()).toEqual({
      workspaces: [ws],
      problems: [],
    });
    expect(await store.load('other')).toEqual({ kind: 'missing' });
  });

  it('moves a file that is not JSON aside, reports it, and then lets a new save through', async () => {
    const store = createWorkspaceStore({ configDir, now: fixedNow });
    await store.save(workspace('eks'));
    writeFileSync(fileOf('eks'), '{"version": 1, "id": "eks", ');
    const result = await store.load('eks');
    const movedTo = path.join(configDir, 'workspaces', 'eks.corrupt-2026-11-23T13-05-07-123Z.json');
    expect(result).toEqual({
      kind: 'problem',
      problem: {
        kind: 'corrupt',
        workspaceId: 'eks',
        file: fileOf('eks'),
        movedTo,
        reason: expect.stringContaining('not JSON') as string,
      },
    });
    expect(readFileSync(movedTo, 'utf8')).toBe('{"version": 1, "id": "eks", ');
    expect(await store.load('eks')).toEqual({ kind: 'missing' });
    await store.save(workspace('eks'));
    expect((await store.load('eks')).kind).toBe('ok');
  });

  it('treats schema-invalid JSON as corrupt, with the failing path in the reason', async () => {
    const store = createWorkspaceStore({ configDir, now: fixedNow });
    const bad = workspace('loop', [host('a', { jumps: ['b'] }), host('b', { jumps: ['a'] })]);
    await store.save(workspace('loop'));
    writeFileSync(fileOf('loop'), JSON.stringify(bad));
    const second = structuredClone(bad);
    second.id = 'dup';
    second.hosts = [host('a'), host('a'), host('c', { port: 70000 })];
    writeFileSync(fileOf('dup'), JSON.stringify(second));
    const { workspaces, problems } = await store.list();
    expect(workspaces).toEqual([]);
    expect(problems.map((p) => [p.workspaceId, p.kind, p.reason])).toEqual([
      [
        'dup',
        'corrupt',
        expect.stringMatching(
          /^(?=.*hosts\.1\.id: duplicate host id "a")(?=.*hosts\.2\.port: Too big)/,
        ),
      ],
      ['loop', 'corrupt', expect.stringContaining('jump hosts form a loop: a → b → a')],
    ]);
    // Moved aside once; a second listing finds nothing left to report.
    expect(await store.list()).toEqual({ workspaces: [], problems: [] });
  });

  it('leaves a newer-version file untouched and refuses to overwrite it', async () => {
    const store = createWorkspaceStore({ configDir });
    await store.save(workspace('eks'));
    const newer = JSON.stringify({ version: 3, id: 'eks', hosts: 'a new shape' });
    writeFileSync(fileOf('eks'), newer);
    const result = await store.load('eks');
    expect(result).toMatchObject({
      kind: 'problem',
      problem: { kind: 'newer-version', version: 3 },
    });
    await expect(store.save(workspace('eks'))).rejects.toThrow(WorkspaceStoreError);
    await expect(store.update('eks', () => workspace('eks'))).rejects.toThrow(/newer kubelab/);
    expect(readFileSync(fileOf('eks'), 'utf8')).toBe(newer);
    expect(readdirSync(path.dirname(fileOf('eks')))).toEqual(['eks.json']);
  });

  it('refuses to save or update over a corrupt file, leaving it as it is', async () => {
    const store = createWorkspaceStore({ configDir });
    await store.save(workspace('eks'));
    writeFileSync(fileOf('eks'), 'garbage');
    await expect(store.save(workspace('eks'))).rejects.toThrow(/cannot be read.*not overwriting/);
    await expect(store.update('eks', () => workspace('eks'))).rejects.toThrow(/cannot be read/);
    expect(readFileSync(fileOf('eks'), 'utf8')).toBe('garbage');
  });

  it('rejects an invalid workspace before writing anything', async () => {
    const store = createWorkspaceStore({ configDir });
    const ws = workspace('eks', [host('a', { address: '-oProxyCommand=x' })]);
    await expect(store.save(ws)).rejects.toThrow(/hosts\.0\.address/);
    await expect(store.load('../etc/passwd')).rejects.toThrow(/not a workspace id/);
    expect(await store.list()).toEqual({ workspaces: [], problems: [] });
  });

  it('keeps the file whole under concurrent saves from two store instances', async () => {
    const a = createWorkspaceStore({ configDir });
    const b = createWorkspaceStore({ configDir });
    const versions = Array.from({ length: 30 }, (_, i) =>
      workspace(
        'eks',
        Array.from({ length: 1 + (i % 7) * 20 }, (_, j) => host(`h${i}-${j}`)),
      ),
    );
    await Promise.all(versions.map((ws, i) => (i % 2 ? a : b).save(ws)));
    const final = await a.load('eks');
    expect(final.kind).toBe('ok');
    expect(versions).toContainEqual(final.kind === 'ok' ? final.workspace : undefined);
    expect(readdirSync(path.dirname(fileOf('eks')))).toEqual(['eks.json']);
  });

  it('applies concurrent updates one after another, losing none', async () => {
    const store = createWorkspaceStore({ configDir });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update('eks', (current) => {
          const base = current ?? workspace('eks', []);
          return { ...base, hosts: [...base.hosts, host(`n${i}`)] };
        }),
      ),
    );
    const result = await store.load('eks');
    expect(result.kind === 'ok' && result.workspace.hosts.map((h) => h.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `n${i}`).sort(),
    );
    expect(await store.remove('eks')).toBe(true);
    expect(await store.remove('eks')).toBe(false);
  });
});
