import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listConfigHosts } from './hosts';
import { parseJumpHop } from './jump-spec';
import { matchPatternList } from './patterns';
import { loadSshConfig, resolveSshTarget } from './resolve';
import { SshConfigError } from './warnings';

const home = mkdtempSync(path.join(os.tmpdir(), 'kubelab-sshhome-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const opts = (configText: string) => ({
  configText,
  configPath: '/cfg',
  homeDir: home,
  localUser: 'me',
});

describe('resolveSshTarget without a config file', () => {
  it('uses the given home and local user for defaults and tokens', () => {
    const { target, warnings } = resolveSshTarget(
      'box',
      opts('Host box\n  IdentityFile %d/k-%u-%r-%h-%n-%p'),
    );
    expect(target).toEqual({
      name: 'box',
      host: 'box',
      port: 22,
      user: 'me',
      identityFiles: [`${home}/k-me-me-box-box-22`],
      identitiesOnly: false,
      jumps: [],
    });
    expect(warnings).toEqual([]);
  });

  it('offers the default keys of ~/.ssh when no IdentityFile is set', () => {
    const { target } = resolveSshTarget('x', opts(''));
    expect(target.identityFiles[0]).toBe(path.join(home, '.ssh/id_rsa'));
    expect(target.identityFiles).toContain(path.join(home, '.ssh/id_ed25519'));
  });
});

describe('ProxyJump cycles', () => {
  it('names the loop for a → b → a', () => {
    const text = 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n';
    expect(() => resolveSshTarget('a', opts(text))).toThrow(SshConfigError);
    expect(() => resolveSshTarget('a', opts(text))).toThrow(
      'ProxyJump cycle: a → b → a (/cfg:4: ProxyJump a)',
    );
  });

  it('catches a host that jumps through itself via Host *', () => {
    expect(() => resolveSshTarget('bastion', opts('Host *\n  ProxyJump bastion\n'))).toThrow(
      /ProxyJump cycle: bastion → bastion/,
    );
  });

  it('does not call a repeated alias a cycle when -J overrides its own ProxyJump', () => {
    // deep → gw2 with -J gw1; gw2's own "ProxyJump deep" is overridden, as in ssh.
    const text = 'Host deep\n  ProxyJump gw1,gw2\nHost gw2\n  ProxyJump deep\n';
    const { target } = resolveSshTarget('deep', opts(text));
    expect(target.jumps.map((j) => j.name)).toEqual(['gw1', 'gw2']);
  });

  it('rejects a malformed hop with its line', () => {
    expect(() => resolveSshTarget('a', opts('\nHost a\n  ProxyJump user@:22\n'))).toThrow(
      '/cfg:3: invalid ProxyJump hop "user@:22" for a',
    );
  });
});

describe('warnings carry file and line', () => {
  it('reports unknown keywords, unreadable lines, unsupported Match and ProxyCommand', () => {
    const text = [
      'UseKeychain yes', // 1: macOS-only keyword
      'Host a', // 2
      '  HostName "unterminated', // 3
      '  Port eighty', // 4
      'Match exec "test -f /x" host a', // 5
      '  User never',
      'Host a',
      '  ProxyCommand nc -X connect -x proxy:3128 %h %p', // 8
      '  IdentityFile keys/%C', // 9
    ].join('\n');
    const { target, warnings } = resolveSshTarget('a', opts(text));
    expect(target.port).toBe(22);
    expect(target.user).toBe('me');
    expect(target.jumps).toEqual([]);
    const byLine = warnings.map((w) => [w.line, w.message]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        [1, 'unknown keyword UseKeychain; ignored'],
        [3, expect.stringContaining('cannot read line')],
        [4, 'Port eighty is not a port; using 22'],
        [5, expect.stringContaining('Match exec is not supported')],
        [8, expect.stringContaining('ProxyCommand is not supported')],
        [9, 'unsupported token %C left as written'],
        [9, expect.stringContaining('is relative')],
      ]),
    );
  });

  it('reads the ProxyCommand ssh -W %h:%p form as a single-hop ProxyJump, and says so', () => {
    for (const command of ['ssh -W %h:%p gw', 'ssh -q gw -W [%h]:%p']) {
      const { target, warnings } = resolveSshTarget(
        'a',
        opts(`Host a\n  ProxyCommand ${command}\nHost gw\n  HostName 10.0.0.1\n`),
      );
      expect(target.jumps.map((j) => j.host)).toEqual(['10.0.0.1']);
      expect(warnings).toEqual([
        { file: '/cfg', line: 2, message: 'ProxyCommand read as ProxyJump gw' },
      ]);
    }
  });

  it('ignores Match final and unknown criteria without eating the next term', () => {
    const text =
      'Match final host a\n  User f\nMatch tagged x host a\n  User t\nHost a\n  User ok\n';
    const { target, warnings } = resolveSshTarget('a', opts(text));
    expect(target.user).toBe('ok');
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [1, 'Match final is not supported by kubelab; block ignored'],
      [3, 'Match tagged is not supported by kubelab; block ignored'],
    ]);
  });

  it('honours IgnoreUnknown', () => {
    const { warnings } = resolveSshTarget('a', opts('IgnoreUnknown UseKeychain\nUseKeychain yes'));
    expect(warnings).toEqual([]);
  });

  it('fails clearly when the named config file cannot be read', () => {
    expect(() => resolveSshTarget('a', { configPath: path.join(home, 'missing') })).toThrow(
      /cannot read ssh config/,
    );
  });
});

describe('listConfigHosts', () => {
  it('lists concrete aliases once, across Includes, skipping patterns', () => {
    mkdirSync(path.join(home, '.ssh/conf.d'), { recursive: true });
    writeFileSync(path.join(home, '.ssh/conf.d/nodes.conf'), 'Host node1 node2 node*\n');
    const text = 'Host bastion *.prod !x\nHost other\n  Include conf.d/*.conf\nHost node1\n';
    const { hosts } = listConfigHosts(opts(text));
    expect(hosts.map((h) => [h.alias, path.basename(h.file), h.line])).toEqual([
      ['bastion', 'cfg', 1],
      ['other', 'cfg', 2],
      ['node1', 'nodes.conf', 1],
      ['node2', 'nodes.conf', 1],
    ]);
  });
});

describe('OpenSSH patterns and hops', () => {
  it.each([
    ['node1', ['node?'], false, true],
    ['node12', ['node?'], false, false],
    ['node', ['node?'], false, false],
    ['Web', ['web'], false, false],
    ['Web', ['web'], true, true],
    ['db.prod', ['*.prod', '!db.prod'], false, false],
    ['x', ['!y'], false, false],
    ['a.b.c', ['*.*.c'], false, true],
  ])('%s against %j (ignoreCase %s) → %s', (text, patterns, ignoreCase, expected) => {
    expect(matchPatternList(text, patterns, ignoreCase)).toBe(expected);
  });

  it.each([
    ['host', { host: 'host' }],
    ['u@host:2222', { host: 'host', user: 'u', port: 2222 }],
    ['a@b@host', { host: 'host', user: 'a@b' }],
    ['ssh://u@h:22', { host: 'h', user: 'u', port: 22 }],
    ['[fd00::1]:2200', { host: 'fd00::1', port: 2200 }],
    ['fd00::1', { host: 'fd00::1' }],
    ['h:0', undefined],
    ['h:x', undefined],
    ['@h', undefined],
    ['', undefined],
  ])('hop %s', (text, expected) => {
    expect(parseJumpHop(text)).toEqual(expected);
  });
});

describe('resolution details for import', () => {
  it('reports the hops as written and whether IdentityFile was set; presets act like -l/-p', () => {
    const text =
      'Host a\n  ProxyJump u@b:2200,c\n  IdentityFile ~/k\nHost b\n  User bee\n  Port 22\n';
    const config = loadSshConfig(opts(text));
    const a = config.resolve('a');
    expect(a.hops).toEqual([{ host: 'b', user: 'u', port: 2200 }, { host: 'c' }]);
    expect(a.hasIdentityFile).toBe(true);
    const b = config.resolve('b', { user: 'override', port: 2201 });
    expect([b.target.user, b.target.port, b.hasIdentityFile, b.hops]).toEqual([
      'override',
      2201,
      false,
      [],
    ]);
  });
});
