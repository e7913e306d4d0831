/**
 * minikube import against recorded minikube outputs (see fixtures/minikube/README.md): a
 * generated `minikube` script on PATH prints them, so the import spawns a real process, passes
 * real arguments and sees real exit codes.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { machineName, importMinikube, parseProfileList } from './minikube';
import { commandRunner } from './runner';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'minikube');
let bin = '';
beforeEach(() => {
  bin = mkdtempSync(path.join(os.tmpdir(), 'kubelab-minikube-'));
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

/** Writes `minikube` into a PATH folder: it logs its arguments and prints the recorded files. */
function fakeMinikube(profileList: string, exitCode = 0): ReturnType<typeof commandRunner> {
  const script = `#!/bin/sh
echo "$*" >> "${bin}/calls.log"
case "$1" in
  profile) cat "${fixtures}/${profileList}"; exit ${exitCode} ;;
  ip|ssh-key)
    f="${fixtures}/$1-$3\${5:+-$5}.txt"
    if [ -f "$f" ]; then cat "$f"; exit 0; fi
    echo "X Exiting due to GUEST_STATUS: state: unknown state \\"$3\\"" >&2
    exit 80 ;;
esac
exit 64
`;
  writeFileSync(path.join(bin, 'minikube'), script);
  chmodSync(path.join(bin, 'minikube'), 0o755);
  return commandRunner('minikube', {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
}

const calls = () => readFileSync(path.join(bin, 'calls.log'), 'utf8').trim().split('\n');

describe('importMinikube on recorded minikube output', () => {
  it('recorded single-node profile: one docker-user host with the machine key', async () => {
    const result = await importMinikube({
      run: fakeMinikube('profile-list-single.json'),
      platform: 'linux',
    });
    expect(result).toEqual({
      hosts: [
        {
          id: 'minikube',
          name: 'minikube',
          role: 'node',
          address: '192.168.49.2',
          port: 22,
          user: 'docker',
          auth: { kind: 'key', identityFile: '/home/me/.minikube/machines/minikube/id_rsa' },
          jumps: [],
          tags: ['minikube', 'profile:minikube', 'driver:docker', 'control-plane', 'worker'],
        },
      ],
      warnings: [],
    });
    expect(calls()).toEqual(['profile list -o json', 'ip -p minikube', 'ssh-key -p minikube']);
  });

  it('recorded multi-node profile: one host per node, each with its own IP and key', async () => {
    const result = await importMinikube({
      run: fakeMinikube('profile-list-multi.json'),
      profile: 'multinode-demo',
      platform: 'linux',
    });
    expect(result.hosts.map((h) => [h.id, h.address, h.auth])).toEqual([
      [
        'multinode-demo',
        '192.168.58.2',
        { kind: 'key', identityFile: '/home/me/.minikube/machines/multinode-demo/id_rsa' },
      ],
      [
        'multinode-demo-m02',
        '192.168.58.3',
        { kind: 'key', identityFile: '/home/me/.minikube/machines/multinode-demo-m02/id_rsa' },
      ],
      [
        'multinode-demo-m03',
        '192.168.58.4',
        { kind: 'key', identityFile: '/home/me/.minikube/machines/multinode-demo-m03/id_rsa' },
      ],
    ]);
    expect(result.hosts[1]?.tags).toEqual([
      'minikube',
      'profile:multinode-demo',
      'driver:docker',
      'worker',
    ]);
    expect(calls().slice(1)).toEqual([
      'ip -p multinode-demo',
      'ssh-key -p multinode-demo',
      'ip -p multinode-demo -n m02',
      'ssh-key -p multinode-demo -n m02',
      'ip -p multinode-demo -n m03',
      'ssh-key -p multinode-demo -n m03',
    ]);
    expect(result.warnings).toEqual(['minikube profile multinode-demo-m02 is invalid; skipped']);
  });

  it('recorded stopped profile: falls back to the profile IP and the machine key path, and says so', async () => {
    const result = await importMinikube({
      run: fakeMinikube('profile-list-multi.json'),
      profile: 'old',
      minikubeHome: '/mk',
      platform: 'darwin',
    });
    expect(result.hosts).toMatchObject([
      {
        id: 'old',
        address: '192.168.67.2',
        auth: { kind: 'key', identityFile: '/mk/machines/old/id_rsa' },
      },
    ]);
    expect(result.warnings).toEqual([
      'minikube profile multinode-demo-m02 is invalid; skipped',
      'minikube profile old is Stopped; addresses may be stale',
      'profile old uses the docker driver: on darwin node IPs are not reachable from the host',
      'old: minikube ip failed (X Exiting due to GUEST_STATUS: state: unknown state "old"); using 192.168.67.2 from the profile',
      'old: minikube ssh-key failed; using /mk/machines/old/id_rsa',
    ]);
  });

  it('all valid profiles when none is named; a missing one is reported with the known names', async () => {
    const all = await importMinikube({
      run: fakeMinikube('profile-list-multi.json'),
      platform: 'linux',
    });
    expect(all.hosts.map((h) => h.id)).toEqual([
      'minikube',
      'multinode-demo',
      'multinode-demo-m02',
      'multinode-demo-m03',
      'old',
    ]);
    const none = await importMinikube({
      run: fakeMinikube('profile-list-single.json'),
      profile: 'nope',
    });
    expect(none).toEqual({
      hosts: [],
      warnings: ['no valid minikube profile named nope (have: minikube)'],
    });
  });

  it('reports a missing minikube binary and refuses a profile name minikube would not accept', async () => {
    const run = commandRunner('minikube', { env: { PATH: bin } });
    const missing = await importMinikube({ run });
    expect(missing.hosts).toEqual([]);
    expect(missing.warnings[0]).toMatch(/^cannot run minikube: .*ENOENT/);
    const bad = await importMinikube({
      run: fakeMinikube('profile-list-single.json'),
      profile: '-p;rm',
    });
    expect(bad.warnings).toEqual(['"-p;rm" is not a minikube profile name']);
  });
});

describe('parseProfileList and machineName', () => {
  it('never throws on odd input', () => {
    expect(parseProfileList('not json').warnings).toEqual([
      'minikube profile list did not print JSON',
    ]);
    expect(parseProfileList('[1]').warnings).toEqual([
      'minikube profile list printed JSON of an unknown shape',
    ]);
    expect(parseProfileList('{"error":{"Op":"open"}}')).toEqual({
      profiles: [],
      warnings: ['minikube profile list reported an error: {"Op":"open"}'],
    });
  });

  it.each([
    ['minikube', '', 1, 'minikube'],
    ['p', 'm02', 3, 'p-m02'],
    ['p', '', 3, 'p'],
    ['p', 'x', 1, 'p'],
  ])('%s / %s of %d → %s', (profile, node, count, expected) => {
    expect(machineName(profile, node, count)).toBe(expected);
  });
});
