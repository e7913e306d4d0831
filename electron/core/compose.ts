import path from 'node:path';
import { createDemoLab, DEMO_LABS } from '../demo';
import { SshPool } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { createWorkspaceStore, kubelabConfigDir } from '../workspace-store';
import { Backend, type BackendOptions } from './backend';
import { createHostDiscovery } from './host-discovery';
import { PromptBroker } from './prompt-broker';
import { SshWorkspaces } from './ssh-workspaces';
import { WorkspaceJournals } from '../lab-session/workspace-journal';
import type { HostDiscovery } from './workspace-handlers';
import { WorkspaceRegistry } from './workspaces';

/**
 * The workspaces kubelab opens with: the built-in demo labs first (EKS, then the minikube-Calico
 * and kubeadm-Flannel variants, `DEMO_LABS`).
 */
export function createWorkspaces(options: { demoSeed?: number } = {}): WorkspaceRegistry {
  const registry = new WorkspaceRegistry();
  for (const lab of DEMO_LABS) {
    const demo = createDemoLab({
      variant: lab.variant,
      ...(options.demoSeed === undefined ? {} : { seed: options.demoSeed }),
    });
    registry.add({
      id: demo.workspace.id,
      name: demo.workspace.name,
      kind: 'demo',
      description: demo.workspace.description,
      hosts: demo.hosts,
    });
  }
  return registry;
}

/** A backend over the demo lab alone (the CLI's `--target demo`, tests of the transports). */
export function createBackend(options: BackendOptions & { demoSeed?: number }): Backend {
  return new Backend(createWorkspaces(options), options);
}

export interface AppBackendOptions extends BackendOptions {
  demoSeed?: number;
  /** Where workspaces and kubelab's known_hosts live (default: the platform's config dir). */
  configDir?: string;
  /** The ssh-agent socket; `SSH_AUTH_SOCK` unless told. */
  agent?: string;
  discovery?: HostDiscovery;
}

/** The app's backend and how to end it: open connections close, open prompts are declined. */
export interface AppBackend {
  backend: Backend;
  configDir: string;
  close(): void;
}

/**
 * The backend the app and `kubelab serve` run: the demo lab, then the user's saved SSH
 * workspaces over one connection pool. Host keys are checked against OpenSSH's known_hosts
 * files and kubelab's own (where keys accepted in kubelab are saved); unknown keys and secrets
 * are asked in the windows.
 */
export async function createAppBackend(options: AppBackendOptions): Promise<AppBackend> {
  const configDir = options.configDir ?? kubelabConfigDir();
  const registry = createWorkspaces(options);
  const prompts = new PromptBroker();
  const saveTo = path.join(configDir, 'known_hosts');
  const verifier = createHostKeyVerifier({
    files: defaultKnownHostsFiles().filter((file) => file !== kubelabKnownHostsFile()),
    saveTo,
    policy: 'ask',
    prompter: prompts,
    ...(options.log && { log: options.log }),
  });
  const agent = options.agent ?? process.env.SSH_AUTH_SOCK;
  const pool = new SshPool({ verifier, prompter: prompts, ...(agent ? { agent } : {}) });
  const ssh = new SshWorkspaces(createWorkspaceStore({ configDir }), registry, pool);
  await ssh.loadAll();
  const journal = new WorkspaceJournals({
    dir: path.join(configDir, 'journals'),
    hostsOf: (id) =>
      registry
        .get(id)
        .hosts.map(({ description: d }) => ({ id: d.id, role: d.role, address: d.address })),
  });
  const backend = new Backend(registry, options, {
    prompts,
    ssh,
    discovery: options.discovery ?? createHostDiscovery(),
    journal,
  });
  return {
    backend,
    configDir,
    close: () => {
      prompts.cancelAll();
      void journal.closeAll();
      pool.closeAll();
    },
  };
}
