/**
 * Where kubelab keeps its settings: the platform's per-user config directory, the same place
 * Electron's `app.getPath('userData')` would pick, computed without Electron so the CLI and
 * serve mode share it.
 */
import os from 'node:os';
import path from 'node:path';

export interface ConfigDirInput {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  homeDir?: string;
}

/** `KUBELAB_CONFIG_DIR` if set (tests, portable setups), else the platform's convention. */
export function kubelabConfigDir(input: ConfigDirInput = {}): string {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const home = input.homeDir ?? os.homedir();
  const override = env.KUBELAB_CONFIG_DIR;
  if (override) return path.resolve(override);
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'kubelab');
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Application Support', 'kubelab');
  // Linux and the other Unixes follow XDG; a relative XDG_CONFIG_HOME is invalid and ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(base, 'kubelab');
}
