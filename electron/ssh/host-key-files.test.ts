import { describe, expect, it } from 'vitest';
import { defaultKnownHostsFiles, kubelabKnownHostsFile } from './host-key-files';

describe('known-hosts file locations', () => {
  it('keeps kubelab’s own file in its config directory on each platform', () => {
    expect(kubelabKnownHostsFile({}, '/home/u', 'linux')).toBe(
      '/home/u/.config/kubelab/known_hosts',
    );
    expect(kubelabKnownHostsFile({ XDG_CONFIG_HOME: '/x' }, '/home/u', 'linux')).toBe(
      '/x/kubelab/known_hosts',
    );
    expect(kubelabKnownHostsFile({}, '/Users/u', 'darwin')).toBe(
      '/Users/u/Library/Application Support/kubelab/known_hosts',
    );
  });

  it('reads OpenSSH’s default files first, then kubelab’s own', () => {
    expect(defaultKnownHostsFiles({}, '/home/u', 'linux')).toEqual([
      '/home/u/.ssh/known_hosts',
      '/home/u/.ssh/known_hosts2',
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
      '/home/u/.config/kubelab/known_hosts',
    ]);
  });
});
