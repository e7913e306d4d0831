/**
 * The resolver against real OpenSSH: for each config and host name, what `resolveSshTarget`
 * computes must equal what `ssh -G` (and `ssh -v` for expanded key paths) computes — hostname,
 * user, port, identity files, IdentitiesOnly, HostKeyAlias — and every ProxyJump hop must equal
 * what ssh computes for the `ssh -l/-p/-J … hop` it would spawn.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTarget } from '../ssh/types';
import { requireCapability } from '../../test/support/require-capability';
import { hasOpenSsh, openSshTarget, type OracleTarget } from './openssh-oracle';
import { resolveSshTarget } from './resolve';

const canRun = requireCapability(
  'OpenSSH client (ssh -G)',
  hasOpenSsh(),
  'apt-get install openssh-client',
);

function strip(t: SshTarget): OracleTarget {
  return {
    host: t.host,
    user: t.user,
    port: t.port,
    identityFiles: t.identityFiles,
    identitiesOnly: t.identitiesOnly,
    ...(t.hostKeyAlias !== undefined && { hostKeyAlias: t.hostKeyAlias }),
    jumps: t.jumps.map(strip),
  };
}

let dir = '';
// Relative Includes are read from ~/.ssh of the account (ssh uses the passwd entry, not $HOME).
const home = os.userInfo().homedir;
let relDir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-sshcfg-'));
  relDir = `kubelab-test-${path.basename(dir)}`;
  mkdirSync(path.join(home, '.ssh', relDir), { recursive: true });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (relDir) rmSync(path.join(home, '.ssh', relDir), { recursive: true, force: true });
});

interface Case {
  title: string;
  config: string;
  names: string[];
  /** Extra files, paths relative to the temp dir (or to ~/.ssh/<relDir> when prefixed `~`). */
  files?: Record<string, string>;
}

const cases: Case[] = [
  {
    title: 'first match wins per keyword across Host blocks; defaults from Host *',
    config: `
User global-user
Host bastion
  HostName 10.0.0.%h
  Port 2222
  IdentityFile ~/.ssh/bastion_%r_%h
  IdentityFile %d/keys/%u-%p
  IdentitiesOnly yes
Host bastion other
  User second
  HostKeyAlias bastion-key
Host *
  Port 2200
  IdentityFile ~/.ssh/common
`,
    names: ['bastion', 'other', 'unknown-host', '10.1.2.3'],
  },
  {
    title: 'wildcards, ? as exactly one character, negation, case-sensitive Host',
    config: `
Host *.prod !db.prod
  User produser
Host node? Node-Upper
  Port 2022
Host !only-negated
  Port 9999
Host db.*
  HostName %h.internal
`,
    names: ['web.prod', 'db.prod', 'node1', 'node12', 'node', 'Node-Upper', 'node-upper', 'plain'],
  },
  {
    title: 'ProxyJump through an alias that has its own HostName, User, Port and key',
    config: `
Host operator
  HostName 192.168.10.5
  User ec2-user
  Port 2201
  IdentityFile ~/.ssh/operator.pem
Host node1
  HostName 10.1.1.11
  User ec2-user
  ProxyJump operator
Host node2
  HostName 10.1.2.12
  ProxyJump admin@operator:2299
Host node3
  ProxyJump ssh://jumper@10.9.9.9:2020
`,
    names: ['node1', 'node2', 'node3', 'operator'],
  },
  {
    title: 'chained aliases: node → operator → gateway, each hop resolved recursively',
    config: `
Host gateway
  HostName gw.example.net
  User gw
Host operator
  HostName 10.0.0.5
  ProxyJump gateway
Host node*
  User ec2-user
  ProxyJump operator
`,
    names: ['node1', 'operator', 'gateway'],
  },
  {
    title: 'multi-hop comma lists: the last hop goes through the others, its own ProxyJump ignored',
    config: `
Host gw1
  HostName 203.0.113.1
  User alice
Host gw2
  HostName 10.20.0.2
  ProxyJump somewhere-else
Host deep
  HostName 10.30.0.3
  ProxyJump gw1,bob@gw2:2222
Host three
  ProxyJump gw1,gw2,[fd00::1]:22
`,
    names: ['deep', 'three', 'gw2'],
  },
  {
    title: 'ProxyJump none overrides a later Host * jump; ProxyCommand none likewise',
    config: `
Host direct
  ProxyJump none
Host cmdnone
  ProxyCommand none
Host bastion
  ProxyJump none
  HostName 1.2.3.4
Host *
  ProxyJump bastion
`,
    names: ['direct', 'anything', 'cmdnone', 'bastion'],
  },
  {
    title: 'Include: absolute globs in order, inside an active and an inactive Host block',
    files: {
      'conf.d/10-nodes.conf': 'Host inc-node\n  HostName 10.5.5.5\n  User from-include\n',
      'conf.d/20-more.conf': 'Host inc-node inc-other\n  Port 2345\n',
      'conf.d/.hidden.conf': 'Host inc-node\n  User hidden-wins-if-read\n',
      'block.conf': 'Port 4444\nHost *\n  User in-block\n',
    },
    config: `
Include $DIR/conf.d/*.conf
Host blocky
  Include $DIR/block.conf
  HostName after-include
Host other-block
  Include $DIR/block.conf
`,
    names: ['inc-node', 'inc-other', 'blocky', 'nobody'],
  },
  {
    title: 'Include relative to ~/.ssh, with a glob',
    files: {
      '~/a.conf': 'Host rel-a\n  HostName rel-a.example\n',
      '~/b.conf': 'Host rel-a rel-b\n  User rel-user\n',
    },
    config: `
Include $REL/*.conf
`,
    names: ['rel-a', 'rel-b'],
  },
  {
    title: 'Match host (after HostName), originalhost, user, all, negation',
    config: `
Host web
  HostName web.internal.example
Match host *.internal.example
  User internal
Match originalhost WEB
  Port 2300
Match !host *.internal.example user root
  Port 2400
Match user internal
  IdentityFile ~/.ssh/internal_%r
Match all
  HostKeyAlias everyone
`,
    names: ['web', 'elsewhere'],
  },
  {
    title: 'syntax variants: "=" separators, quotes, keyword case, %% and duplicate keys',
    config: `
HOST=mixed
  hostname = "Mixed.Example.COM"
  IDENTITYFILE "~/.ssh/with space"
  identityfile ~/.ssh/with%%percent
  IdentityFile "~/.ssh/with space"
  identitiesonly=no
Host hopuser
  ProxyJump jumpy@mixed
Match user jumpy
  Port 2999
Match !canonical host mixed.example.com
  HostKeyAlias matched-after-hostname
`,
    names: ['mixed', 'hopuser'],
  },
  {
    title: 'tokens %n %p %l %L %u in IdentityFile, IPv6 HostName, Match localuser, Include depth',
    files: {
      'nest1.conf': 'Include $DIR/nest2.conf\n',
      'nest2.conf': 'Host deep-inc\n  Port 2424\n',
    },
    config: `
Include $DIR/nest1.conf
Host v6
  HostName FD00::10
  Port 2022
  IdentityFile ~/.ssh/%n-%p-%l-%L-%u
Match localuser root,me
  User local-matched
`,
    names: ['v6', 'deep-inc', 'AB::1', 'UPPER.example'],
  },
  {
    title: 'Match exec is never run (and ssh does not match a failing command either)',
    config: `
Match exec "false"
  User from-exec
Host *
  User fallback
`,
    names: ['x'],
  },
];

describe.runIf(canRun)('resolveSshTarget matches OpenSSH ssh -G', () => {
  for (const c of cases) {
    it(c.title, () => {
      for (const [rel, text] of Object.entries(c.files ?? {})) {
        const file = rel.startsWith('~/')
          ? path.join(home, '.ssh', relDir, rel.slice(2))
          : path.join(dir, rel);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
      const configPath = path.join(dir, `${c.title.replace(/\W+/g, '-').slice(0, 40)}.config`);
      writeFileSync(configPath, c.config.replaceAll('$DIR', dir).replaceAll('$REL', relDir));
      for (const name of c.names) {
        const ours = resolveSshTarget(name, { configPath });
        expect(strip(ours.target), name).toEqual(openSshTarget(configPath, name));
        expect(ours.target.name).toBe(name);
      }
    });
  }
});
