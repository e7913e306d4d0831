import { DEMO_WORKSPACE_ID } from '../../shared/model/workspace';
import { createDemoLab } from '../demo';
import { Backend, type BackendOptions } from './backend';
import { WorkspaceRegistry } from './workspaces';

/** The workspaces kubelab opens with: the built-in demo lab first. */
export function createWorkspaces(options: { demoSeed?: number } = {}): WorkspaceRegistry {
  const registry = new WorkspaceRegistry();
  const demo = createDemoLab(options.demoSeed === undefined ? {} : { seed: options.demoSeed });
  registry.add({
    id: DEMO_WORKSPACE_ID,
    name: demo.workspace.name,
    kind: 'demo',
    description: demo.workspace.description,
    hosts: demo.hosts,
  });
  return registry;
}

export function createBackend(options: BackendOptions & { demoSeed?: number }): Backend {
  return new Backend(createWorkspaces(options), options);
}
