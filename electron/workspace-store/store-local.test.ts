import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedWorkspace } from '../../shared/model/saved-workspace';
import { createWorkspaceStore } from './store';

let configDir = '';
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-ws-local-'));
  mkdirSync(path.join(configDir, 'workspaces'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

const fileOf = (id: string) => path.join(configDir, 'workspaces', `${id}.json`);

/** A file as the kubelab before local kubectl wrote it, byte for byte. */
const VERSION_1_FILE = `{
  "version": 1,
  "id": "eks",
  "name": "EKS lab",
  "description": "",
  "hosts": [
    {
      "id": "bastion",
      "name": "bastion",
      "role": "operator",
      "address": "bastion.example.com",
      "port": 22,
      "user": "ec2-user",
      "auth": { "kind": "key", "identityFile": "~/.ssh/lab.pem" },
      "jumps": [],
      "tags": ["bastion"]
    }
  ]
}
`;

describe('workspace files with kubectl placement and minikube nodes', () => {
  it('an existing version 1 file still loads as it is, and is saved back as version 1', async () => {
    writeFileSync(fileOf('eks'), VERSION_1_FILE);
    const store = createWorkspaceStore({ configDir });
    const loaded = await store.load('eks');
    expect(loaded).toEqual({ kind: 'ok', workspace: JSON.parse(VERSION_1_FILE) as unknown });
    if (loaded.kind !== 'ok') return;
    await store.save(loaded.workspace);
    expect(JSON.parse(readFileSync(fileOf('eks'), 'utf8'))).toEqual(JSON.parse(VERSION_1_FILE));
  });

  it('a workspace that says where kubectl runs is written as version 2 and read back whole', async () => {
    const store = createWorkspaceStore({ configDir });
    const ws: SavedWorkspace = {
      version: 1,
      id: 'mk',
      name: 'minikube',
      description: '',
      hosts: [],
      kubectl: { on: 'local', context: 'minikube' },
      minikube: {
        profile: 'minikube',
        nodes: [
          { id: 'minikube', name: 'minikube', node: 'minikube', role: 'node', tags: [] },
          { id: 'm02', name: 'minikube-m02', node: 'minikube-m02', role: 'node', tags: [] },
        ],
      },
    };
    await store.save(ws);
    const written = JSON.parse(readFileSync(fileOf('mk'), 'utf8')) as SavedWorkspace;
    expect(written).toEqual({ ...ws, version: 2 });
    expect(await store.load('mk')).toEqual({ kind: 'ok', workspace: { ...ws, version: 2 } });
  });

  it('a file from a kubelab newer still is left untouched', async () => {
    const newer = VERSION_1_FILE.replace('"version": 1', '"version": 3');
    writeFileSync(fileOf('eks'), newer);
    const store = createWorkspaceStore({ configDir });
    expect(await store.load('eks')).toMatchObject({
      kind: 'problem',
      problem: { kind: 'newer-version', version: 3 },
    });
    expect(readFileSync(fileOf('eks'), 'utf8')).toBe(newer);
  });
});
