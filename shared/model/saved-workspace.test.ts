import { describe, expect, it } from 'vitest';
import { SavedWorkspace, savedVersionFor } from './saved-workspace';

const bastion = {
  id: 'bastion',
  name: 'bastion',
  role: 'operator',
  address: 'bastion.example.com',
  port: 22,
  user: 'ec2-user',
  auth: { kind: 'agent' },
  jumps: [],
  tags: [],
} as const;
const base = { version: 1, id: 'lab', name: 'Lab', description: '', hosts: [bastion] } as const;
const node = (id: string, name = id) => ({ id, name, node: name, role: 'node', tags: [] });

const issues = (value: unknown) => {
  const parsed = SavedWorkspace.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('SavedWorkspace: where kubectl runs, minikube nodes', () => {
  it('keeps accepting a version 1 file without them', () => {
    expect(issues(base)).toEqual([]);
    expect(savedVersionFor(SavedWorkspace.parse(base))).toBe(1);
  });

  it('accepts kubectl on this machine or on a host, with a context, and minikube nodes', () => {
    const local = {
      ...base,
      version: 2,
      kubectl: { on: 'local', context: 'arn:aws:eks:eu-west-1:123456789012:cluster/lab' },
      minikube: { profile: 'minikube', nodes: [node('minikube'), node('m02', 'minikube-m02')] },
    };
    expect(issues(local)).toEqual([]);
    expect(savedVersionFor(SavedWorkspace.parse(local))).toBe(2);
    expect(issues({ ...base, kubectl: { on: 'host', hostId: 'bastion' } })).toEqual([]);
    expect(
      issues({
        ...base,
        kubectl: { on: 'host', hostId: 'm02' },
        minikube: { nodes: [node('m02')] },
      }),
    ).toEqual([]);
  });

  it('refuses what would not work or could be read as an option', () => {
    expect(issues({ ...base, kubectl: { on: 'host', hostId: 'nope' } })).toEqual([
      'kubectl.hostId: kubectl runs on "nope", which is not a host of this workspace',
    ]);
    expect(issues({ ...base, minikube: { nodes: [node('bastion', 'minikube')] } })).toEqual([
      'minikube.nodes.0.id: duplicate host id "bastion"',
    ]);
    expect(issues({ ...base, kubectl: { on: 'local', context: '--kubeconfig=/x' } })).toHaveLength(
      1,
    );
    expect(issues({ ...base, minikube: { nodes: [node('m', 'm;reboot')] } })).toHaveLength(1);
    expect(issues({ ...base, minikube: { profile: '-p', nodes: [node('m')] } })).toHaveLength(1);
    expect(issues({ ...base, minikube: { nodes: [] } })).toHaveLength(1);
    expect(issues({ ...base, kubectl: { on: 'local', shell: 'sh' } })).toHaveLength(1);
    expect(issues({ ...base, version: 3 })).toHaveLength(1);
  });
});
