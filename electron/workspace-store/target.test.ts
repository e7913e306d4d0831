import { describe, expect, it } from 'vitest';
import type { SavedHost } from '../../shared/model/saved-workspace';
import { kubelabConfigDir } from './config-dir';
import { savedHostToTarget } from './target';

const h = (id: string, jumps: string[] = [], extra: Partial<SavedHost> = {}): SavedHost => ({
  id,
  name: id,
  role: 'other',
  address: `${id}.example`,
  port: 22,
  user: 'u',
  auth: { kind: 'agent' },
  jumps,
  tags: [],
  ...extra,
});

describe('savedHostToTarget', () => {
  const hosts = [
    h('gateway', [], { port: 2200, auth: { kind: 'key', identityFile: '~/.ssh/gw' } }),
    h('operator', ['gateway'], { hostKeyAlias: 'op', identitiesOnly: true }),
    h('inner', ['operator']),
    h('node1', ['operator']),
    h('multi', ['gateway', 'inner']),
    h('bad', ['nope']),
  ];

  it('follows the first hop’s own jumps, like ssh with ProxyJump', () => {
    const t = savedHostToTarget({ hosts }, 'node1', { homeDir: '/home/me' });
    expect(t.jumps.map((j) => j.name)).toEqual(['gateway', 'operator']);
    expect(t.jumps[0]).toEqual({
      name: 'gateway',
      host: 'gateway.example',
      port: 2200,
      user: 'u',
      identityFiles: ['/home/me/.ssh/gw'],
      identitiesOnly: false,
      jumps: [],
    });
    expect(t.jumps[1]).toMatchObject({
      hostKeyAlias: 'op',
      identitiesOnly: true,
      identityFiles: [],
    });
  });

  it('reaches later listed hops through the earlier ones, not their own jumps', () => {
    expect(savedHostToTarget({ hosts }, 'multi').jumps.map((j) => j.name)).toEqual([
      'gateway',
      'inner',
    ]);
  });

  it('names a missing jump host', () => {
    expect(() => savedHostToTarget({ hosts }, 'bad')).toThrow(
      'host bad jumps through unknown host "nope"',
    );
  });
});

describe('kubelabConfigDir', () => {
  it.each([
    ['linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/x/cfg/kubelab'],
    ['linux', { XDG_CONFIG_HOME: 'relative' }, '/home/me/.config/kubelab'],
    ['linux', {}, '/home/me/.config/kubelab'],
    ['darwin', {}, '/home/me/Library/Application Support/kubelab'],
    [
      'win32',
      { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' },
      'C:\\Users\\me\\AppData\\Roaming\\kubelab',
    ],
    ['linux', { KUBELAB_CONFIG_DIR: '/tmp/k' }, '/tmp/k'],
  ] as const)('%s %j → %s', (platform, env, expected) => {
    expect(kubelabConfigDir({ platform, env, homeDir: '/home/me' })).toBe(expected);
  });
});
