import os from 'node:os';
import path from 'node:path';

/** `~` and `~/…` in a saved path mean the user's home, as in ssh_config. */
export function expandHome(file: string, homeDir = os.homedir()): string {
  if (file === '~') return homeDir;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(homeDir, file.slice(2));
  return file;
}
