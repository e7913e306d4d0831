import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireCapability } from '../support/require-capability';
import { sshdCapability, stopAllSshd, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import {
  buildCli,
  knownLine,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';

// `kubelab topology` over real OpenSSH: nodes reachable only through the operator host.
const capability = sshdCapability();
const canRun = requireCapability(
  'sshd (OpenSSH server) as root',
  capability.available,
  capability.hint,
);
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the bastion topology', netns.available, netns.hint);

interface Out {
  nodes: { hostId: string; primaryIp?: string; enis: unknown[] }[];
  pods: unknown[];
  warnings: { hostId?: string; source: string; message: string }[];
}

describe.runIf(canRunNetns)('kubelab topology through an operator host', () => {
  let lab: BastionTopology;
  let work: string;
  let cli: BuiltCli;
  let config: string;
  let known: string;
  let nodes: Sshd[];

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-topo-bastion-'));
    mkdirSync(path.join(work, 'home'));
    lab = await startBastionTopology(2);
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

  it('reads every node’s ip -j addr/rule/route through the bastion; the sources this lab lacks are warnings, exit 1', async () => {
    const run = await runCli(
      cli.file,
      path.join(work, 'home'),
      [
        'topology',
        '--ssh-config',
        config,
        '--known-hosts',
        known,
        '--operator',
        'operator',
        '--nodes',
        'node1,node2',
        '--json',
      ],
      60_000,
    );
    expect(run.code, run.stderr).toBe(1);
    const out = JSON.parse(run.stdout) as Out;
    expect(out.nodes.map((n) => [n.hostId, n.primaryIp])).toEqual([
      ['node1', nodes[0]?.host],
      ['node2', nodes[1]?.host],
    ]);
    // No ENI source (EC2, IMDS, ipamd) answers in this lab, so no ENI is invented.
    expect(out.nodes.every((n) => n.enis.length === 0)).toBe(true);
    const sources = (host: string) =>
      out.warnings.filter((w) => w.hostId === host).map((w) => w.source);
    // The real `ip -j` sections of the one sectioned exec parsed cleanly on every node …
    for (const host of ['node1', 'node2']) {
      expect(sources(host)).not.toContain('ip -j addr');
      expect(sources(host)).not.toContain('ip -j rule');
      expect(sources(host)).not.toContain('ip -j route show table all');
      expect(sources(host)).toEqual(expect.arrayContaining(['ipamd /v1/enis', 'imds']));
    }
    // … and the operator, without aws or kubectl, says so per command.
    expect(sources('operator')).toEqual(
      expect.arrayContaining([
        'aws ec2 describe-vpcs',
        'aws ec2 describe-network-interfaces',
        'kubectl get nodes,pods,svc,endpointslices -A -o json',
      ]),
    );
    expect(run.stderr).toMatch(/kubelab topology: warning: operator aws ec2 describe-vpcs: /);
  }, 90_000);
});
