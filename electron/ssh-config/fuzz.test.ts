/** Damaged configs never crash the resolver: only SshConfigError (a cycle, a bad hop) escapes. */
import { describe, expect, it } from 'vitest';
import { mutationsOf } from '../../test/support/fuzz';
import { listConfigHosts } from './hosts';
import { loadSshConfig } from './resolve';
import { SshConfigError } from './warnings';

const CONFIG = `# operator and nodes
Host bastion operator
  HostName 172.20.1.100
  User ec2-user
  Port 22
  IdentityFile ~/.ssh/myeks.pem
  IdentitiesOnly yes
Host node? "quoted name"
  HostName 192.168.1.%h
  ProxyJump bastion,u@operator:2222
  HostKeyAlias node-%h
Match host 192.168.* !user root
  User ec2-user
Match originalhost node1 exec "true"
  Port 2
Host *
  ServerAliveInterval=30
  ProxyCommand ssh -W %h:%p bastion
`;

describe('ssh config resolver on damaged input', () => {
  it('never throws anything but SshConfigError', () => {
    for (const m of mutationsOf(CONFIG)) {
      const config = loadSshConfig({
        configText: m.text,
        configPath: '/cfg',
        homeDir: '/h',
        localUser: 'me',
      });
      const names = [
        'node1',
        'bastion',
        'x',
        ...listConfigHosts(config)
          .hosts.slice(0, 5)
          .map((h) => h.alias),
      ];
      for (const name of names) {
        try {
          const { target } = config.resolve(name);
          expect(Number.isInteger(target.port), m.name).toBe(true);
        } catch (error) {
          expect(error, m.name).toBeInstanceOf(SshConfigError);
        }
      }
    }
  });
});
