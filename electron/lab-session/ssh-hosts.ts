/**
 * Hosts named by an ssh config for `kubelab lab run --ssh-config`: the operator and the nodes,
 * over one SSH pool with the same host-key policy as `kubelab exec` and `kubelab topology`.
 */
import type { Host } from '../hosts/host';
import { SshHost, SshPool, type Prompter } from '../ssh';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from '../ssh/host-key-files';
import { createHostKeyVerifier } from '../ssh/host-key-verifier';
import { formatWarning, loadSshConfig } from '../ssh-config';

export interface SshHostsOptions {
  sshConfig: string;
  knownHosts?: string;
  acceptNew: boolean;
  operator?: string;
  nodes: string[];
  prompter: Prompter;
  agent?: string;
  homeDir?: string;
  note: (line: string) => void;
}

/** The named hosts (operator first), or an error message; `close` ends every connection. */
export function sshHosts(
  o: SshHostsOptions,
): { hosts: Host[]; close: () => void } | { error: string } {
  let config;
  try {
    config = loadSshConfig({
      configPath: o.sshConfig,
      ...(o.homeDir ? { homeDir: o.homeDir } : {}),
    });
  } catch (cause) {
    return { error: cause instanceof Error ? cause.message : String(cause) };
  }
  const verifier = createHostKeyVerifier({
    files: o.knownHosts ? [o.knownHosts] : defaultKnownHostsFiles(process.env, o.homeDir),
    saveTo: o.knownHosts ?? kubelabKnownHostsFile(process.env, o.homeDir),
    policy: o.acceptNew ? 'accept-new' : 'strict',
    prompter: o.prompter,
    log: o.note,
  });
  const pool = new SshPool({
    verifier,
    prompter: o.prompter,
    ...(o.agent ? { agent: o.agent } : {}),
  });
  const named: [string, 'operator' | 'node'][] = [
    ...(o.operator === undefined ? [] : [[o.operator, 'operator'] as [string, 'operator']]),
    ...o.nodes.map((n): [string, 'node'] => [n, 'node']),
  ];
  const hosts: Host[] = [];
  for (const [name, role] of named) {
    try {
      const resolution = config.resolve(name);
      for (const w of resolution.warnings) o.note(formatWarning(w));
      const t = resolution.target;
      hosts.push(
        new SshHost({ id: name, name, role, address: t.host, user: t.user, tags: [] }, t, pool),
      );
    } catch (cause) {
      pool.closeAll();
      return { error: `${name}: ${cause instanceof Error ? cause.message : String(cause)}` };
    }
  }
  return { hosts, close: () => pool.closeAll() };
}
