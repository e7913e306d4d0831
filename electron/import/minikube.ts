/**
 * minikube clusters as workspace hosts: `minikube profile list -o json` names the profiles and
 * their nodes; per node, `minikube ip` gives the address and `minikube ssh-key` the machine's
 * key (`~/.minikube/machines/<machine>/id_rsa`); the login is `docker`.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { SavedHost } from '../../shared/model/saved-workspace';
import { makeHostId } from './ids';
import { commandRunner, type CommandRunner } from './runner';
import type { ImportResult } from './ssh-config-import';

const MinikubeNode = z.object({
  Name: z.string(),
  IP: z.string().default(''),
  Port: z.number().optional(),
  KubernetesVersion: z.string().optional(),
  ControlPlane: z.boolean().optional(),
  Worker: z.boolean().optional(),
});

const MinikubeProfile = z.object({
  Name: z.string(),
  Status: z.string().optional(),
  Config: z
    .object({
      Name: z.string(),
      Driver: z.string().optional(),
      Nodes: z.array(MinikubeNode).nullish(),
    })
    .nullish(),
});
type MinikubeProfile = z.infer<typeof MinikubeProfile>;

/** The JSON `minikube profile list -o json` prints (other fields are ignored). */
const ProfileList = z.object({
  valid: z.array(MinikubeProfile).nullish(),
  invalid: z.array(z.object({ Name: z.string() }).loose()).nullish(),
  error: z.unknown().optional(),
});

/** minikube's own profile name rule, checked before a name is passed to it. */
const PROFILE_NAME = /^[A-Za-z0-9][\w.-]*$/;

/** Reads `minikube profile list -o json`; never throws. */
export function parseProfileList(text: string): {
  profiles: MinikubeProfile[];
  warnings: string[];
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { profiles: [], warnings: ['minikube profile list did not print JSON'] };
  }
  const parsed = ProfileList.safeParse(json);
  if (!parsed.success)
    return { profiles: [], warnings: ['minikube profile list printed JSON of an unknown shape'] };
  const warnings: string[] = [];
  if (parsed.data.error !== undefined)
    warnings.push(`minikube profile list reported an error: ${JSON.stringify(parsed.data.error)}`);
  for (const p of parsed.data.invalid ?? [])
    warnings.push(`minikube profile ${p.Name} is invalid; skipped`);
  return { profiles: parsed.data.valid ?? [], warnings };
}

/** minikube's machine name for a node (`config.MachineName`): the profile, or profile-m02 … */
export function machineName(profile: string, nodeName: string, nodeCount: number): string {
  return nodeCount === 1 || nodeName === '' ? profile : `${profile}-${nodeName}`;
}

export interface MinikubeImportOptions {
  /** One profile; default every valid profile. */
  profile?: string;
  /** Runs `minikube <args>`; default the `minikube` on PATH. */
  run?: CommandRunner;
  /** `MINIKUBE_HOME` for the fallback key path; default `$MINIKUBE_HOME` or `~/.minikube`. */
  minikubeHome?: string;
  platform?: NodeJS.Platform;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** Hosts for the minikube nodes of one profile or all. */
export async function importMinikube(options: MinikubeImportOptions = {}): Promise<ImportResult> {
  const run = options.run ?? commandRunner('minikube');
  const platform = options.platform ?? process.platform;
  const home =
    options.minikubeHome ?? process.env.MINIKUBE_HOME ?? path.join(os.homedir(), '.minikube');
  if (options.profile !== undefined && !PROFILE_NAME.test(options.profile))
    return { hosts: [], warnings: [`"${options.profile}" is not a minikube profile name`] };

  const listed = await run(['profile', 'list', '-o', 'json']);
  if (listed.code === null)
    return { hosts: [], warnings: [`cannot run minikube: ${listed.stderr.trim()}`] };
  const { profiles, warnings } = parseProfileList(listed.stdout);
  if (listed.code !== 0 && profiles.length === 0)
    warnings.push(`minikube profile list failed (exit ${listed.code}): ${lastLine(listed.stderr)}`);

  const chosen =
    options.profile === undefined ? profiles : profiles.filter((p) => p.Name === options.profile);
  if (options.profile !== undefined && chosen.length === 0)
    warnings.push(
      `no valid minikube profile named ${options.profile} (have: ${profiles.map((p) => p.Name).join(', ') || 'none'})`,
    );

  const taken = new Set<string>();
  const hosts: SavedHost[] = [];
  for (const profile of chosen) {
    const nodes = profile.Config?.Nodes ?? [];
    if (nodes.length === 0) warnings.push(`minikube profile ${profile.Name} lists no nodes`);
    if (profile.Status && profile.Status !== 'Running')
      warnings.push(
        `minikube profile ${profile.Name} is ${profile.Status}; addresses may be stale`,
      );
    const driver = profile.Config?.Driver;
    if (driver === 'docker' && platform !== 'linux')
      warnings.push(
        `profile ${profile.Name} uses the docker driver: on ${platform} node IPs are not reachable from the host`,
      );
    for (const node of nodes) {
      const machine = machineName(profile.Name, node.Name, nodes.length);
      const nodeFlag = node.Name === '' ? [] : ['-n', node.Name];
      const ip = await run(['ip', '-p', profile.Name, ...nodeFlag]);
      let address = ip.code === 0 ? lastLine(ip.stdout) : '';
      if (!/^[0-9A-Fa-f.:]+$/.test(address)) {
        address = node.IP;
        warnings.push(
          `${machine}: minikube ip failed (${lastLine(ip.stderr) || `exit ${ip.code}`}); using ${node.IP || 'no address'} from the profile`,
        );
      }
      const key = await run(['ssh-key', '-p', profile.Name, ...nodeFlag]);
      let identityFile = key.code === 0 ? lastLine(key.stdout) : '';
      if (identityFile === '') {
        identityFile = path.join(home, 'machines', machine, 'id_rsa');
        warnings.push(`${machine}: minikube ssh-key failed; using ${identityFile}`);
      }
      if (address === '') {
        warnings.push(`${machine}: no address; skipped`);
        continue;
      }
      hosts.push({
        id: makeHostId(machine, taken),
        name: machine,
        role: 'node',
        address,
        port: 22,
        user: 'docker',
        auth: { kind: 'key', identityFile },
        jumps: [],
        tags: [
          'minikube',
          `profile:${profile.Name}`,
          ...(driver ? [`driver:${driver}`] : []),
          ...(node.ControlPlane ? ['control-plane'] : []),
          ...(node.Worker ? ['worker'] : []),
        ],
      });
    }
  }
  return { hosts, warnings };
}
