import { homedir } from 'node:os';
import path from 'node:path';

/**
 * kubelab's own known-hosts file, in its config directory (what Electron calls userData):
 * `$XDG_CONFIG_HOME/kubelab` or `~/.config/kubelab` on Linux, `~/Library/Application Support`
 * on macOS, `%APPDATA%` on Windows. Keys a person accepts in kubelab are saved here, never in
 * ~/.ssh/known_hosts.
 */
export function kubelabKnownHostsFile(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : env.XDG_CONFIG_HOME || path.join(home, '.config');
  return path.join(base, 'kubelab', 'known_hosts');
}

/** The files OpenSSH reads by default (UserKnownHostsFile, GlobalKnownHostsFile), then ours. */
export function defaultKnownHostsFiles(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
  platform: NodeJS.Platform = process.platform,
): string[] {
  return [
    path.join(home, '.ssh', 'known_hosts'),
    path.join(home, '.ssh', 'known_hosts2'),
    ...(platform === 'win32' ? [] : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']),
    kubelabKnownHostsFile(env, home, platform),
  ];
}
