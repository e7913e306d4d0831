import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSshTarget } from '../../electron/ssh-config';
import { execOnHosts } from '../../electron/core/fan-out';
import { SshPool } from '../../electron/ssh/pool';
import { requireCapability } from '../support/require-capability';
import { freePort, sshKeygen, startSshd, stopAllSshd, trustOnly, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import { scriptedPrompter } from '../support/sshd-prompter';
import { canRunSshd, hostFor } from '../support/ssh-hosts';

const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the bastion topology', netns.available, netns.hint);

function hostBlock(name: string, sshd: Sshd, proxyJump?: string): string {
  return [
    `Host ${name}`,
    `  HostName ${sshd.host}`,
    `  Port ${sshd.port}`,
    '  User root',
    `  IdentityFile ${sshd.clientKeyPath}`,
    '  IdentitiesOnly yes',
    ...(proxyJump ? [`  ProxyJump ${proxyJump}`] : []),
  ].join('\n');
}

const accepted = (log: string) => (log.match(/Accepted publickey/g) ?? []).length;

describe.runIf(canRun)('ProxyJump through real sshd hops', () => {
  let hops: Sshd[];
  let home: string;
  beforeAll(async () => {
    hops = await Promise.all([startSshd(), startSshd(), startSshd()]);
    home = mkdtempSync(path.join(tmpdir(), 'kl-home-'));
  });
  afterAll(() => {
    stopAllSshd();
    rmSync(home, { recursive: true, force: true });
  });

  it('reaches a host through two jump hosts from a real ssh config, verifying every hop', async () => {
    const [j1, j2, target] = hops as [Sshd, Sshd, Sshd];
    const configText = [
      hostBlock('j1', j1),
      hostBlock('j2', j2),
      hostBlock('deep', target, 'j1,j2'),
    ].join('\n');
    const { target: deep } = resolveSshTarget('deep', { configText, homeDir: home });
    expect(deep.jumps.map((j) => j.name)).toEqual(['j1', 'j2']);
    const verifier = trustOnly(j1, j2, target);
    const pool = new SshPool({ verifier, prompter: scriptedPrompter(), defaultIdentityFiles: [] });
    try {
      const result = await hostFor(deep, pool).exec('echo deep; echo $SSH_CONNECTION');
      expect(result.stdout.split('\n')[0]).toBe('deep');
      expect(verifier.seen.map((s) => `${s.target.name}:${s.target.port}`)).toEqual([
        `j1:${j1.port}`,
        `j2:${j2.port}`,
        `deep:${target.port}`,
      ]);
      // The jump hosts' pooled connections serve their own commands too: no second login.
      const j1Host = hostFor(resolveSshTarget('j1', { configText, homeDir: home }).target, pool);
      expect((await j1Host.exec('echo j1')).stdout).toBe('j1\n');
      expect(accepted(j1.log())).toBe(1);
      expect(accepted(j2.log())).toBe(1);
      expect(accepted(target.log())).toBe(1);
    } finally {
      pool.closeAll();
    }
  });

  it('fails only the hop whose host key changed, naming it and its jump; the others answer', async () => {
    const [j1, j2, target] = hops as [Sshd, Sshd, Sshd];
    const other = sshKeygen(path.join(home, 'other'));
    const verifier = trustOnly(j1, j2, { host: target.host, port: target.port, hostKey: other });
    const pool = new SshPool({ verifier, prompter: scriptedPrompter(), defaultIdentityFiles: [] });
    try {
      const bastion = j1.target({ name: 'bastion' });
      const hosts = [
        hostFor(bastion, pool),
        hostFor(j2.target({ name: 'node6', jumps: [bastion] }), pool),
        hostFor(target.target({ name: 'node7', jumps: [bastion] }), pool),
      ];
      const results = await execOnHosts(hosts, 'echo up');
      expect(results.slice(0, 2).map((r) => r.stdout)).toEqual(['up\n', 'up\n']);
      expect(results[2]?.ok).toBe(false);
      expect(results[2]?.error?.message).toMatch(
        new RegExp(
          `changed.* — refused connecting to node7 \\(root@127\\.0\\.0\\.1:${target.port} via bastion\\)`,
        ),
      );
      expect(results[2]?.error?.message).toContain(target.hostKey.fingerprint);
      expect(results[2]?.error?.code).toBe('host-key');
    } finally {
      pool.closeAll();
    }
  });

  it('says which jump host could not reach which hop, and that nothing listens there', async () => {
    const [j1] = hops as [Sshd];
    const closedPort = await freePort();
    const pool = new SshPool({
      verifier: trustOnly(j1),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
    });
    try {
      const missing = j1.target({
        name: 'gone',
        port: closedPort,
        jumps: [j1.target({ name: 'bastion' })],
      });
      await expect(hostFor(missing, pool).exec('true')).rejects.toThrow(
        new RegExp(
          `jump host bastion could not reach gone \\(root@127\\.0\\.0\\.1:${closedPort} via bastion\\)`,
        ),
      );
      await expect(
        hostFor(j1.target({ name: 'direct', port: closedPort }), pool).exec('true'),
      ).rejects.toThrow(
        new RegExp(`connection refused by direct \\(root@127\\.0\\.0\\.1:${closedPort}\\)`),
      );
    } finally {
      pool.closeAll();
    }
  });

  it('reconnects a jumped host after its jump host restarts', async () => {
    const [j1, , target] = hops as [Sshd, Sshd, Sshd];
    const pool = new SshPool({
      verifier: trustOnly(j1, target),
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
      reconnectBaseMs: 100,
      reconnectMaxMs: 400,
      reconnectAttempts: 40,
    });
    try {
      const node = hostFor(
        target.target({ name: 'behind', jumps: [j1.target({ name: 'jump' })] }),
        pool,
      );
      expect((await node.exec('echo one')).stdout).toBe('one\n');
      await j1.stop();
      await new Promise((r) => setTimeout(r, 300));
      expect(node.state().kind).toBe('reconnecting');
      await j1.start();
      expect((await node.exec('echo two')).stdout).toBe('two\n');
      expect(node.state()).toEqual({ kind: 'connected' });
    } finally {
      pool.closeAll();
    }
  });
});

describe.runIf(canRunNetns)('bastion topology in network namespaces', () => {
  let lab: BastionTopology;
  let home: string;
  beforeAll(async () => {
    lab = await startBastionTopology();
    home = mkdtempSync(path.join(tmpdir(), 'kl-home-'));
  });
  afterAll(async () => {
    await lab?.destroy();
    stopAllSshd();
    rmSync(home, { recursive: true, force: true });
  });

  it('runs commands on the operator and, through it, on a node this machine cannot route to', async () => {
    const configText = [
      hostBlock('operator', lab.operator),
      hostBlock('node1', lab.node, 'operator'),
    ].join('\n');
    const resolve = (name: string) => resolveSshTarget(name, { configText, homeDir: home }).target;
    const verifier = trustOnly(lab.operator, lab.node);
    const pool = new SshPool({
      verifier,
      prompter: scriptedPrompter(),
      defaultIdentityFiles: [],
      readyTimeoutMs: 3000,
    });
    try {
      // Without the jump the node is out of reach.
      const direct = hostFor({ ...resolve('node1'), jumps: [] }, pool);
      await expect(direct.exec('true')).rejects.toThrow(/no route to node1/);
      const hosts = [hostFor(resolve('operator'), pool), hostFor(resolve('node1'), pool)];
      const results = await execOnHosts(hosts, 'ip -4 -br addr show ens5; echo $SSH_CONNECTION');
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      expect(results[0]?.stdout).toContain(lab.operator.host);
      expect(results[1]?.stdout).toContain(lab.node.host);
      // The node saw the connection come from the operator's inner address.
      expect(results[1]?.stdout).toContain(`${lab.operatorInnerAddress} `);
      expect(accepted(lab.operator.log())).toBe(1);
      expect(verifier.seen.map((s) => s.target.host)).toEqual(
        expect.arrayContaining([lab.operator.host, lab.node.host]),
      );
    } finally {
      pool.closeAll();
    }
  });
});
