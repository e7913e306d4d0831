import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { readPublicKey, sshKeygen, stopAllSshd, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import {
  buildCli,
  knownLine,
  rows,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';
import { canRunSshd } from '../support/ssh-hosts';

// The acceptance run: nodes in a network namespace this machine cannot route to, reached
// only through the operator host, with one ssh config and one known_hosts file.
const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the bastion topology', netns.available, netns.hint);

describe.runIf(canRunNetns)('kubelab exec through an operator host (bastion-only topology)', () => {
  let lab: BastionTopology;
  let work: string;
  let cli: BuiltCli;
  let config: string;
  let known: string;
  let nodes: Sshd[];

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-cli-bastion-'));
    mkdirSync(path.join(work, 'home'));
    // Three nodes behind the operator, each in its own namespace like its own EC2 instance.
    lab = await startBastionTopology(3);
    nodes = lab.nodes.map((n) => n.sshd);
    const block = (alias: string, s: Sshd, jump?: string) =>
      `Host ${alias}\n  HostName ${s.host}\n  Port ${s.port}\n  User root\n` +
      `  IdentityFile ${s.clientKeyPath}\n  IdentitiesOnly yes\n` +
      (jump ? `  ProxyJump ${jump}\n` : '');
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('operator', lab.operator),
        ...nodes.map((n, i) => block(`node${i + 1}`, n, 'operator')),
      ].join('\n'),
    );
    known = writeHashedKnownHosts(
      path.join(work, 'known_hosts'),
      [lab.operator, ...nodes].map((s) => knownLine(s)),
    );
  }, 120_000);

  afterAll(async () => {
    cli?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
    await lab?.destroy();
    stopAllSshd();
  });

  const exec = () =>
    runCli(cli.file, path.join(work, 'home'), [
      'exec',
      '--ssh-config',
      config,
      '--known-hosts',
      known,
      '--hosts',
      'operator,node1,node2,node3',
      '--json',
      '--',
      'ip',
      '-4',
      '-br',
      'addr',
      'show',
      'ens5',
    ]);

  it('answers from every host; after one node’s key changes that node fails alone', async () => {
    const before = await exec();
    expect(before.code, before.stderr + before.stdout).toBe(0);
    const first = rows(before);
    expect(first.map((r) => r.host)).toEqual(['operator', 'node1', 'node2', 'node3']);
    expect(first[0]?.stdout).toMatch(new RegExp(`^ens5(@\\S+)? +UP +${lab.operator.host}/30`));
    // Each node answers with its own ens5 address.
    first
      .slice(1)
      .forEach((r, i) =>
        expect(r.stdout).toMatch(new RegExp(`^ens5(@\\S+)? +UP +${nodes[i]?.host}/30`)),
      );

    // Without the jump, the same node is out of this machine's reach.
    const direct = path.join(work, 'ssh_config_direct');
    writeFileSync(direct, readFileSync(config, 'utf8').replace(/ {2}ProxyJump operator\n/g, ''));
    const unrouted = await runCli(cli.file, path.join(work, 'home'), [
      'exec',
      '--ssh-config',
      direct,
      '--known-hosts',
      known,
      '--timeout',
      '3000',
      '--hosts',
      'node1',
      '--',
      'true',
    ]);
    expect(unrouted.code).toBe(1);

    const node2 = nodes[1]!;
    const oldPrint = readPublicKey(`${node2.dir}/host_ed25519.pub`).fingerprint;
    await node2.stop();
    rmSync(`${node2.dir}/host_ed25519`);
    rmSync(`${node2.dir}/host_ed25519.pub`);
    const newPrint = sshKeygen(`${node2.dir}/host_ed25519`).fingerprint;
    await node2.start();

    const after = await exec();
    expect(after.code).toBe(1);
    const [operator, node1, changed, node3] = rows(after);
    for (const r of [operator, node1, node3]) expect(r).toMatchObject({ ok: true, exitCode: 0 });
    expect(changed).toMatchObject({ host: 'node2', ok: false, exitCode: null });
    expect(changed?.error?.message).toContain('CHANGED');
    expect(changed?.error?.message).toContain(newPrint);
    expect(changed?.error?.message).toContain(oldPrint);
  });
});
