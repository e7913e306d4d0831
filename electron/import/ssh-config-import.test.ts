import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SavedWorkspace } from '../../shared/model/saved-workspace';
import { resolveSshTarget } from '../ssh-config';
import type { SshTarget } from '../ssh/types';
import { savedHostToTarget } from '../workspace-store/target';
import { importSshConfig } from './ssh-config-import';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `
Host gateway
  HostName 203.0.113.10
  User gw
Host bastion
  HostName 172.20.1.100
  User ec2-user
  IdentityFile ~/.ssh/myeks.pem
  ProxyJump gateway
Host node1 node2
  User ec2-user
  IdentityFile ~/.ssh/myeks.pem
  IdentitiesOnly yes
  ProxyJump bastion
Host node1
  HostName 192.168.1.37
Host node2
  HostName 192.168.2.28
  HostKeyAlias node2-key
Host deep
  HostName 10.9.0.9
  ProxyJump gateway,admin@bastion:2222
Host loop-a
  ProxyJump loop-b
Host loop-b
  ProxyJump loop-a
Host via-loop
  ProxyJump loop-a
Host *.internal
  User nobody
`;

/** Where a connection goes, hop by hop: what must survive import → save → connect. */
const route = (t: SshTarget) =>
  [...t.jumps, t].map(
    (x) => `${x.user}@${x.host}:${x.port}${x.hostKeyAlias ? `#${x.hostKeyAlias}` : ''}`,
  );

describe('importSshConfig', () => {
  const configPath = path.join(dir, 'config');
  writeFileSync(configPath, CONFIG);
  const home = '/home/me';
  const result = importSshConfig(configPath, { homeDir: home, localUser: 'me' });
  const byName = new Map(result.hosts.map((h) => [h.name, h]));

  it('imports each concrete alias with its resolved fields, guessing operator roles by name', () => {
    expect(result.hosts.map((h) => [h.id, h.role])).toEqual([
      ['gateway', 'operator'],
      ['bastion', 'operator'],
      ['node1', 'other'],
      ['node2', 'other'],
      ['bastion-admin-2222', 'operator'],
      ['deep', 'other'],
    ]);
    expect(byName.get('node1')).toEqual({
      id: 'node1',
      name: 'node1',
      role: 'other',
      address: '192.168.1.37',
      port: 22,
      user: 'ec2-user',
      auth: { kind: 'key', identityFile: '/home/me/.ssh/myeks.pem' },
      jumps: ['bastion'],
      tags: ['ssh-config'],
      identitiesOnly: true,
    });
    expect(byName.get('gateway')?.auth).toEqual({ kind: 'agent' });
  });

  it('keeps a user@host:port hop as its own host, and multi-hop lists in order', () => {
    expect(byName.get('deep')?.jumps).toEqual(['gateway', 'bastion-admin-2222']);
    expect(byName.get('admin@bastion:2222')).toMatchObject({
      address: '172.20.1.100',
      user: 'admin',
      port: 2222,
      jumps: ['gateway'],
      tags: ['ssh-config', 'jump'],
    });
  });

  it('skips hosts in a ProxyJump loop, and hosts that jump through them, saying why', () => {
    expect(byName.has('loop-a')).toBe(false);
    expect(byName.has('via-loop')).toBe(false);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^loop-a: skipped \(ProxyJump cycle: loop-a → loop-b → loop-a/),
        expect.stringMatching(/^via-loop: skipped \(ProxyJump cycle/),
      ]),
    );
  });

  it('saves as a valid workspace whose hosts connect along the same route ssh would take', () => {
    const ws = SavedWorkspace.parse({
      version: 1,
      id: 'imported',
      name: 'imported',
      description: '',
      hosts: result.hosts,
    });
    for (const alias of ['gateway', 'bastion', 'node1', 'node2', 'deep']) {
      const direct = resolveSshTarget(alias, { configPath, homeDir: home, localUser: 'me' }).target;
      const host = ws.hosts.find((h) => h.name === alias);
      if (!host) throw new Error(`${alias} not imported`);
      expect(route(savedHostToTarget(ws, host.id, { homeDir: home })), alias).toEqual(
        route(direct),
      );
    }
  });
});
