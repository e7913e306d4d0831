import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runHostsLocal, type HostsLocalFlags } from './hosts-local';

let configDir = '';
beforeEach(() => {
  configDir = mkdtempSync(path.join(tmpdir(), 'kl-hosts-local-'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

const fileOf = (id: string) => path.join(configDir, 'workspaces', `${id}.json`);
const read = (id: string) =>
  JSON.parse(readFileSync(fileOf(id), 'utf8')) as Record<string, unknown>;

async function run(workspace: string, flags: Partial<HostsLocalFlags>) {
  const out = { stdout: '', stderr: '' };
  const code = await runHostsLocal(
    workspace,
    { clear: false, ...flags },
    { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s) },
    configDir,
  );
  return { code, ...out };
}

describe('kubelab hosts local', () => {
  it('creates a minikube workspace: kubectl here with its context, nodes via minikube ssh', async () => {
    const r = await run('mk', {
      kubectl: 'local',
      context: 'minikube',
      minikubeNodes: ['minikube', 'minikube-m02'],
    });
    expect(r).toEqual({
      code: 0,
      stdout:
        'workspace mk: kubectl runs on this machine (context minikube); minikube nodes minikube, minikube-m02\n',
      stderr: '',
    });
    expect(read('mk')).toEqual({
      version: 2,
      id: 'mk',
      name: 'mk',
      description: '',
      hosts: [],
      kubectl: { on: 'local', context: 'minikube' },
      minikube: {
        nodes: [
          { id: 'minikube', name: 'minikube', node: 'minikube', role: 'node', tags: [] },
          {
            id: 'minikube-m02',
            name: 'minikube-m02',
            node: 'minikube-m02',
            role: 'node',
            tags: [],
          },
        ],
      },
    });
    expect((await run('mk', {})).stdout).toContain('kubectl runs on this machine');
    expect((await run('mk', { clear: true })).code).toBe(0);
    expect(read('mk')).toEqual({ version: 1, id: 'mk', name: 'mk', description: '', hosts: [] });
  });

  it('refuses what the schema refuses, and leaves the file as it was', async () => {
    mkdirSync(path.dirname(fileOf('eks')), { recursive: true });
    const v1 = JSON.stringify({ version: 1, id: 'eks', name: 'eks', description: '', hosts: [] });
    writeFileSync(fileOf('eks'), v1);
    const unknownHost = await run('eks', { kubectl: 'bastion' });
    expect(unknownHost.code).toBe(1);
    expect(unknownHost.stderr).toContain('kubectl runs on "bastion", which is not a host');
    const badNode = await run('eks', { kubectl: 'local', minikubeNodes: ['m02;reboot'] });
    expect(badNode.code).toBe(1);
    expect(readFileSync(fileOf('eks'), 'utf8')).toBe(v1);
    expect((await run('eks', { clear: true, kubectl: 'local' })).code).toBe(2);
    expect((await run('../x', { kubectl: 'local' })).code).toBe(2);
  });
});
