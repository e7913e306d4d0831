/**
 * The concrete host aliases a config names (`Host a b` → a, b; `Host *.prod` and `Host !x`
 * name no host), across Include files, in file order: what an import offers to add.
 */
import { includeFiles } from './include';
import { isWildcardPattern } from './patterns';
import { loadSshConfig, type SshConfig, type SshConfigSource } from './resolve';
import type { ConfigWarning } from './warnings';

export interface ConfigHost {
  alias: string;
  file: string;
  line: number;
}

/** Every concrete alias of the config, each once (its first `Host` line). */
export function listConfigHosts(source: SshConfigSource | SshConfig = {}): {
  hosts: ConfigHost[];
  warnings: ConfigWarning[];
} {
  const config = 'resolve' in source ? source : loadSshConfig(source);
  const hosts = new Map<string, ConfigHost>();
  const warnings: ConfigWarning[] = [];
  const visited = new Set<string>();
  const walk = (file: string, depth: number): void => {
    if (visited.has(file) || depth > 16) return;
    visited.add(file);
    const loaded = config.load(file);
    if (!loaded) return;
    warnings.push(...loaded.warnings);
    for (const d of loaded.directives) {
      if (d.keyword === 'host') {
        for (const alias of d.args)
          if (!isWildcardPattern(alias) && !hosts.has(alias))
            hosts.set(alias, { alias, file: d.file, line: d.line });
      } else if (d.keyword === 'include') {
        // Every Include is followed, whatever block it sits in: the import lists all aliases.
        for (const pattern of d.args)
          for (const f of includeFiles(pattern, config.homeDir)) walk(f, depth + 1);
      }
    }
  };
  walk(config.rootFile, 0);
  return { hosts: [...hosts.values()], warnings };
}
