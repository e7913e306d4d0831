/**
 * Hosts for a workspace from an ssh config: one per concrete `Host` alias, resolved like
 * `ssh -G`. ProxyJump hops that are aliases become jump host ids; hops written as
 * `user@host:port` (or plain addresses) become hosts of their own, so nothing is lost.
 */
import type { SavedAuth, SavedHost } from '../../shared/model/saved-workspace';
import { SavedHost as SavedHostSchema } from '../../shared/model/saved-workspace';
import {
  formatWarning,
  listConfigHosts,
  loadSshConfig,
  SshConfigError,
  type JumpHop,
  type ResolvePreset,
  type SshConfig,
  type SshConfigSource,
} from '../ssh-config';
import { makeHostId } from './ids';

export interface ImportResult {
  hosts: SavedHost[];
  /** Human-readable notes: config lines read differently, hosts skipped and why. */
  warnings: string[];
}

/** Names that say "the host you go through": imported as operator, the rest as other. */
const OPERATOR_NAME = /bastion|operator|jump|gateway/i;

/** Imports every concrete alias of the config at `configPath` (default `~/.ssh/config`). */
export function importSshConfig(
  configPath?: string,
  source: Omit<SshConfigSource, 'configPath'> = {},
): ImportResult {
  const config = loadSshConfig({ ...source, ...(configPath !== undefined && { configPath }) });
  return importFromConfig(config);
}

/** The same, over an already loaded config. */
export function importFromConfig(config: SshConfig): ImportResult {
  const listed = listConfigHosts(config);
  const warnings = new Set(listed.warnings.map(formatWarning));
  const taken = new Set<string>();
  const aliasIds = new Map(listed.hosts.map((h) => [h.alias, makeHostId(h.alias, taken)]));
  const hosts = new Map<string, SavedHost>();
  // Hops that are not plain aliases (`admin@operator:2299`, `10.9.9.9`), by their written form.
  const hopIds = new Map<string, string>();

  const build = (name: string, id: string, preset: ResolvePreset): SavedHost => {
    const resolution = config.resolve(name, preset);
    resolution.warnings.forEach((w) => warnings.add(formatWarning(w)));
    const { target } = resolution;
    let auth: SavedAuth = { kind: 'agent' };
    const firstKey = target.identityFiles[0];
    if (resolution.hasIdentityFile && firstKey !== undefined) {
      auth = { kind: 'key', identityFile: firstKey };
      if (target.identityFiles.length > 1)
        warnings.add(`${name}: several IdentityFile lines; kept ${firstKey}`);
    }
    const host: SavedHost = {
      id,
      name,
      role: OPERATOR_NAME.test(name) ? 'operator' : 'other',
      address: target.host,
      port: target.port,
      user: target.user,
      auth,
      jumps: [],
      tags: ['ssh-config'],
      ...(target.hostKeyAlias !== undefined && { hostKeyAlias: target.hostKeyAlias }),
      ...(target.identitiesOnly && { identitiesOnly: true }),
    };
    host.jumps = resolution.hops.map(jumpId);
    return host;
  };

  const jumpId = (hop: JumpHop): string => {
    const aliasId = aliasIds.get(hop.host);
    if (aliasId !== undefined && hop.user === undefined && hop.port === undefined) return aliasId;
    const written = `${hop.user ? `${hop.user}@` : ''}${hop.host}${hop.port ? `:${hop.port}` : ''}`;
    const known = hopIds.get(written);
    if (known !== undefined) return known;
    const id = makeHostId(
      [hop.host, hop.user, hop.port].filter((p) => p !== undefined).join('-'),
      taken,
    );
    hopIds.set(written, id);
    const preset = {
      ...(hop.user !== undefined && { user: hop.user }),
      ...(hop.port !== undefined && { port: hop.port }),
    };
    const host = build(hop.host, id, preset);
    host.name = written;
    host.tags = [...host.tags, 'jump'];
    hosts.set(id, host);
    return id;
  };

  for (const { alias } of listed.hosts) {
    const id = aliasIds.get(alias) ?? makeHostId(alias, taken);
    try {
      const host = build(alias, id, {});
      const checked = SavedHostSchema.safeParse(host);
      if (!checked.success) {
        warnings.add(
          `${alias}: skipped (${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
        );
        continue;
      }
      hosts.set(id, host);
    } catch (error) {
      if (!(error instanceof SshConfigError)) throw error;
      warnings.add(`${alias}: skipped (${error.message})`);
    }
  }

  // A host whose jump host was skipped cannot be reached as configured: skip it too, loudly.
  let changed = true;
  while (changed) {
    changed = false;
    for (const [id, host] of hosts) {
      const missing = host.jumps.find((j) => !hosts.has(j));
      if (missing !== undefined) {
        hosts.delete(id);
        warnings.add(`${host.name}: skipped (its jump host ${missing} was skipped)`);
        changed = true;
      }
    }
  }
  return { hosts: [...hosts.values()], warnings: [...warnings] };
}
