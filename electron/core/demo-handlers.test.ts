import { describe, expect, it } from 'vitest';
import { createWorkspaces } from './compose';
import { createDemoLab } from '../demo';
import { Backend } from './backend';
import { WorkspaceRegistry } from './workspaces';

/** A backend with the demo lab and an SSH-kind workspace over the same simulated hosts. */
function setup() {
  const lab = createDemoLab({ seed: 7 });
  const registry = new WorkspaceRegistry();
  registry.add({ id: 'demo', name: 'Demo', kind: 'demo', description: '', hosts: lab.hosts });
  registry.add({ id: 'prod', name: 'prod cluster', kind: 'ssh', description: '', hosts: [] });
  const backend = new Backend(registry, { version: 't', transport: 'websocket', platform: 'x' });
  const session = backend.openSession(() => undefined);
  return { lab, session };
}

describe('demo:deployments and demo:scale', () => {
  it('lists the demo Deployments with desired and ready replicas', async () => {
    const { session } = setup();
    const reply = await session.handle('demo:deployments', { workspaceId: 'demo' });
    expect(reply).toEqual({
      ok: true,
      value: expect.arrayContaining([
        { namespace: 'default', name: 'nginx', desired: 3, ready: 3, current: 3 },
        { namespace: 'kube-system', name: 'coredns', desired: 2, ready: 2, current: 2 },
      ]) as unknown,
    });
  });

  it('scales through the operator’s kubectl: the model and kubectl agree', async () => {
    const { lab, session } = setup();
    const reply = await session.handle('demo:scale', {
      workspaceId: 'demo',
      namespace: 'default',
      deployment: 'nginx',
      replicas: 30,
    });
    expect(reply).toEqual({
      ok: true,
      value: { namespace: 'default', name: 'nginx', desired: 30, ready: 3, current: 30 },
    });
    const nginx = lab.model.cluster.deployments.find((d) => d.name === 'nginx');
    expect(nginx?.replicas).toBe(30);
    const owned = lab.model.cluster.pods.filter((p) => p.owner.uid === nginx?.replicaSetUid);
    expect(owned).toHaveLength(30);
    const operator = lab.hosts[0]!;
    const typed = await operator.exec('kubectl get deployment nginx -o jsonpath={.spec.replicas}');
    expect(typed.stdout).toBe('30');
  });

  it('refuses other workspaces, unknown Deployments and out-of-range replicas clearly', async () => {
    const { session } = setup();
    const scale = (params: object) =>
      session.handle('demo:scale', {
        workspaceId: 'demo',
        namespace: 'default',
        deployment: 'nginx',
        replicas: 5,
        ...params,
      });
    await expect(scale({ workspaceId: 'prod' })).resolves.toEqual({
      ok: false,
      error: {
        code: 'invalid-params',
        message: expect.stringMatching(/only in the demo lab/) as unknown,
      },
    });
    await expect(scale({ deployment: 'nope' })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/"nope" not found/) as unknown },
    });
    await expect(scale({ replicas: 101 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-params', message: expect.stringMatching(/at most 100/) as unknown },
    });
    await expect(scale({ replicas: -1 })).resolves.toMatchObject({ ok: false });
    await expect(scale({ replicas: 2.5 })).resolves.toMatchObject({ ok: false });
    await expect(scale({ deployment: 'nginx; rm -rf /' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    await expect(
      session.handle('demo:deployments', { workspaceId: 'prod' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('scales nginx in every built-in demo lab (EKS, minikube-Calico, kubeadm-Flannel)', async () => {
    const registry = createWorkspaces();
    const session = new Backend(registry, {
      version: 't',
      transport: 'websocket',
      platform: 'x',
    }).openSession(() => undefined);
    for (const { id } of registry.list()) {
      const scaled = await session.handle('demo:scale', {
        workspaceId: id,
        namespace: 'default',
        deployment: 'nginx',
        replicas: 6,
      });
      expect(scaled, id).toMatchObject({ ok: true, value: { name: 'nginx', desired: 6 } });
    }
  });
});
