import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedHost, SavedWorkspace } from '../../shared/model/saved-workspace';
import { commandRunner } from '../import';
import { registerHostsCommand, runHostsImport } from './hosts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelab-cli-hosts-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
    },
  };
}

const SSH_CONFIG = `Host bastion
  HostName 172.20.1.100
  User ec2-user
  IdentityFile /keys/myeks.pem
Host node1
  HostName 192.168.1.37
  User ec2-user
  ProxyJump bastion
Host *
  ServerAliveInterval 30
  UseKeychain yes
`;

function sshConfigFile(text = SSH_CONFIG): string {
  const file = path.join(dir, 'ssh_config');
  writeFileSync(file, text);
  return file;
}

const workspaceFile = (id: string) => path.join(dir, 'config', 'workspaces', `${id}.json`);

describe('kubelab hosts import', () => {
  it('--ssh-config prints a table, warnings (with line numbers) on stderr', async () => {
    const c = capture();
    const file = sshConfigFile();
    expect(await runHostsImport({ sshConfig: file, json: false }, c.io)).toBe(0);
    expect(c.out.stdout).toBe(
      [
        'ID       ROLE      LOGIN                     VIA      AUTH                 TAGS',
        'bastion  operator  ec2-user@172.20.1.100:22  -        key /keys/myeks.pem  ssh-config',
        'node1    other     ec2-user@192.168.1.37:22  bastion  agent                ssh-config',
        '',
      ].join('\n'),
    );
    expect(c.out.stderr).toBe(`warning: ${file}:11: unknown keyword UseKeychain; ignored\n`);
  });

  it('--json prints the saved-host shape; --save writes a valid workspace, then merges', async () => {
    const configDir = path.join(dir, 'config');
    const c = capture();
    const file = sshConfigFile();
    expect(
      await runHostsImport({ sshConfig: file, json: true, save: 'eks' }, c.io, { configDir }),
    ).toBe(0);
    const printed = JSON.parse(c.out.stdout) as SavedHost[];
    expect(printed.map((h) => h.id)).toEqual(['bastion', 'node1']);
    expect(c.out.stderr).toMatch(/saved 2 hosts to workspace eks \(2 in all\)/);
    const saved = JSON.parse(readFileSync(workspaceFile('eks'), 'utf8')) as SavedWorkspace;
    expect(saved).toEqual({ version: 1, id: 'eks', name: 'eks', description: '', hosts: printed });

    // A second import replaces hosts of the same id and keeps the rest.
    sshConfigFile('Host node1\n  HostName 10.0.0.1\nHost node2\n  HostName 10.0.0.2\n');
    const again = capture();
    expect(
      await runHostsImport({ sshConfig: file, json: false, save: 'eks' }, again.io, { configDir }),
    ).toBe(0);
    const merged = JSON.parse(readFileSync(workspaceFile('eks'), 'utf8')) as SavedWorkspace;
    expect(merged.hosts.map((h) => [h.id, h.address])).toEqual([
      ['bastion', '172.20.1.100'],
      ['node1', '10.0.0.1'],
      ['node2', '10.0.0.2'],
    ]);
  });

  it('refuses to save over a corrupt workspace file and leaves it untouched', async () => {
    const configDir = path.join(dir, 'config');
    await runHostsImport({ sshConfig: sshConfigFile(), json: true, save: 'eks' }, capture().io, {
      configDir,
    });
    writeFileSync(workspaceFile('eks'), '{ "version": 1, "id": "eks", "hosts": [ oops');
    const c = capture();
    expect(
      await runHostsImport({ sshConfig: sshConfigFile(), json: true, save: 'eks' }, c.io, {
        configDir,
      }),
    ).toBe(1);
    expect(c.out.stderr).toMatch(
      /not saved: .*eks\.json cannot be read \(not JSON.*\); not overwriting it/,
    );
    expect(readFileSync(workspaceFile('eks'), 'utf8')).toBe(
      '{ "version": 1, "id": "eks", "hosts": [ oops',
    );
  });

  it('recorded minikube output through a minikube script on PATH', async () => {
    const fixtures = path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '../import/fixtures/minikube',
    );
    const script = path.join(dir, 'minikube');
    writeFileSync(
      script,
      `#!/bin/sh\ncase "$1" in\n  profile) cat "${fixtures}/profile-list-single.json" ;;\n  *) cat "${fixtures}/$1-$3.txt" ;;\nesac\n`,
    );
    chmodSync(script, 0o755);
    const run = commandRunner('minikube', {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
    });
    const c = capture();
    expect(
      await runHostsImport({ minikube: 'minikube', json: false }, c.io, { minikube: run }),
    ).toBe(0);
    expect(c.out.stdout).toMatch(
      /minikube +node +docker@192\.168\.49\.2:22 +- +key \/home\/me\/\.minikube\/machines\/minikube\/id_rsa/,
    );
  });

  it('exits 2 without exactly one source or with a bad workspace name, 1 when nothing is found', async () => {
    const none = capture();
    expect(await runHostsImport({ json: false }, none.io)).toBe(2);
    expect(none.out.stderr).toMatch(/name one source/);
    const both = capture();
    expect(await runHostsImport({ sshConfig: 'x', minikube: true, json: false }, both.io)).toBe(2);
    const badName = capture();
    expect(
      await runHostsImport({ sshConfig: sshConfigFile(), json: false, save: '../x' }, badName.io),
    ).toBe(2);
    const empty = capture();
    expect(
      await runHostsImport(
        { sshConfig: sshConfigFile('Host *\n  User x\n'), json: false },
        empty.io,
      ),
    ).toBe(1);
    const missing = capture();
    expect(
      await runHostsImport({ sshConfig: path.join(dir, 'nope'), json: false }, missing.io),
    ).toBe(1);
    expect(missing.out.stderr).toMatch(/cannot read ssh config/);
  });

  it('is registered as `hosts import` with options and help text', async () => {
    const program = new Command().exitOverride();
    const c = capture();
    registerHostsCommand(program, c.io);
    const importCmd = program.commands
      .find((x) => x.name() === 'hosts')
      ?.commands.find((x) => x.name() === 'import');
    const help = importCmd?.helpInformation() ?? '';
    expect(help).toMatch(/--ssh-config <file>/);
    expect(help).toMatch(/--minikube \[profile\]/);
    expect(help).toMatch(/--save <workspace>/);
    await program.parseAsync([
      'node',
      'kubelab',
      'hosts',
      'import',
      '--ssh-config',
      sshConfigFile(),
      '--json',
    ]);
    expect((JSON.parse(c.out.stdout) as SavedHost[]).map((h) => h.id)).toEqual([
      'bastion',
      'node1',
    ]);
    process.exitCode = undefined;
  });
});
