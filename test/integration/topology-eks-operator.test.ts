import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesAndRulesFor } from '../../shared/model/topology-routes';
import { buildEksBastionLab, type EksBastionLab } from '../lab/vpc-cni/eks-bastion';
import { startNodeEndpoints } from '../lab/vpc-cni/eks-endpoints';
import { expectedTopology } from '../lab/vpc-cni/eks-expected';
import { kubeObjects } from '../lab/vpc-cni/eks-kube';
import { installOperatorTools } from '../lab/vpc-cni/eks-operator';
import { requireCapability } from '../support/require-capability';
import { ensureTestUser, stopAllSshd, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import { canRunSshd } from '../support/ssh-hosts';
import type { WatchLine } from '../../electron/cli/watch';
import {
  buildCli,
  cliEnv,
  knownLine,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';

// Acceptance of #5: `kubelab topology` on a bastion-only lab matches its configuration exactly.
// Three nodes reachable only through the operator, whose `aws` and `kubectl` answer from the
// lab's own state; IMDSv2 and ipamd on each node; pods as namespaces behind `eni…` veths.
const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the EKS bastion lab', netns.available, netns.hint);

describe.runIf(canRunNetns)('kubelab topology on an EKS lab behind an operator host', () => {
  let bastion: BastionTopology;
  let lab: EksBastionLab;
  let work: string;
  let cli: BuiltCli;
  let config: string;
  let known: string;

  beforeAll(async () => {
    const { user } = ensureTestUser();
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-topo-eks-'));
    // The operator's user (not root, whose shell rc puts its own tools first) reads the tools.
    chmodSync(work, 0o755);
    mkdirSync(path.join(work, 'home'));
    const tools = path.join(work, 'operator');
    bastion = await startBastionTopology(3, {
      operatorSshdConfig: [`SetEnv PATH=${tools}/bin:/usr/local/bin:/usr/bin:/bin`],
    });
    lab = buildEksBastionLab(bastion);
    await Promise.all(
      bastion.nodes.map((n, i) => startNodeEndpoints(n.ns, lab.state, lab.state.nodes[i]!)),
    );
    installOperatorTools(tools, lab.state, kubeObjects(lab.state));
    const block = (alias: string, s: Sshd, as: string, jump?: string) =>
      `Host ${alias}\n  HostName ${s.host}\n  Port ${s.port}\n  User ${as}\n` +
      `  IdentityFile ${s.clientKeyPath}\n  IdentitiesOnly yes\n` +
      (jump ? `  ProxyJump ${jump}\n` : '');
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('operator', bastion.operator, user),
        ...bastion.nodes.map((n, i) => block(`node${i + 1}`, n.sshd, 'root', 'operator')),
      ].join('\n'),
    );
    known = writeHashedKnownHosts(
      path.join(work, 'known_hosts'),
      [bastion.operator, ...bastion.nodes.map((n) => n.sshd)].map((s) => knownLine(s)),
    );
  }, 180_000);

  afterAll(async () => {
    cli?.remove();
    lab?.destroy();
    await bastion?.destroy();
    stopAllSshd();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints exactly the lab: VPCs, subnets, peering, nodes with their ENIs and slots, pods → ENI → veth', async () => {
    // IPv6 duplicate address detection adds each link-local address (and its local route) a
    // moment after the link comes up: compare once the kernel has settled, not mid-way.
    for (const { ns } of bastion.nodes) {
      const deadline = Date.now() + 10_000;
      while (ns.run('ip', ['-6', 'addr', 'show', 'tentative']).trim() !== '') {
        if (Date.now() > deadline) throw new Error(`${ns.name}: IPv6 addresses stay tentative`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
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
        'node1,node2,node3',
        '--json',
      ],
      90_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { workspaceId, collectedAt, durationMs, ...out } = JSON.parse(run.stdout) as Record<
      string,
      unknown
    >;
    expect([workspaceId, typeof collectedAt, typeof durationMs]).toEqual([
      'ssh',
      'string',
      'number',
    ]);
    // Each node's routes and rules are the kernel's, line for line as ip prints them.
    const nodes = out.nodes as { routes?: { text: string }[]; rules?: { text: string }[] }[];
    const lines = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean);
    bastion.nodes.forEach(({ ns }, i) => {
      const node = nodes[i];
      expect(node?.routes?.map((r) => r.text)).toEqual(
        lines(ns.run('ip', ['route', 'show', 'table', 'all'])),
      );
      expect(node?.rules?.map((r) => r.text)).toEqual(lines(ns.run('ip', ['rule'])));
    });
    // The pod on node2's secondary ENI: its /32 to the veth, `to … lookup main`, `from … lookup 2`.
    const api = lab.state.pods.find(
      (p) => p.node === lab.state.nodes[1]?.nodeName && p.app === 'api',
    );
    const mentioned = routesAndRulesFor(nodes[1] ?? {}, api?.ip ?? '');
    expect(mentioned.routes.map((r) => r.text)).toEqual([
      `${api?.ip} dev ${api?.hostVeth} scope link`,
    ]);
    expect(mentioned.rules.map((r) => r.text)).toEqual([
      `512:\tfrom all to ${api?.ip} lookup main`,
      `1536:\tfrom ${api?.ip} lookup 2`,
    ]);
    // Each pod's host veth is paired with its eth0: `@ifN` both ways, the peer in another namespace.
    type Veth = { name: string; ifindex?: number; peerIfindex?: number; peerNetnsId?: number };
    const overlays = out.nodes as { overlay?: { veths: Veth[]; bridges: unknown[] } }[];
    for (const pod of lab.state.pods.filter((p) => !p.isHostNetwork)) {
      const i = lab.state.nodes.findIndex((n) => n.nodeName === pod.node);
      const veth = overlays[i]?.overlay?.veths.find((v) => v.name === pod.hostVeth);
      const [eth0] = JSON.parse(
        lab.podNs.get(pod.name)?.run('ip', ['-j', 'link', 'show', 'eth0']) ?? '[]',
      ) as { ifindex: number; link_index: number }[];
      expect(veth?.peerIfindex).toBe(eth0?.ifindex);
      expect(eth0?.link_index).toBe(veth?.ifindex);
      expect(veth?.peerNetnsId).toEqual(expect.any(Number));
      expect(overlays[i]?.overlay?.bridges).toEqual([]);
    }
    const withoutRouting = {
      ...out,
      nodes: nodes.map(
        ({ routes: _r, rules: _u, overlay: _o, ...rest }: Record<string, unknown>) => rest,
      ),
    };
    expect(withoutRouting).toEqual(expectedTopology(lab.state));
    // The lab has what the acceptance asks for: a pod on a secondary ENI, seen through ens6.
    const onSecondary = lab.state.pods.filter((p) =>
      lab.state.nodes.some((n) => n.enis[1]?.id === p.eni),
    );
    expect(onSecondary.length).toBeGreaterThan(0);
  }, 120_000);

  it('kubelab watch topology over the bastion: the full model, quiet while the lab is, a diff when a node’s routes change, SIGINT ends it with a clean disconnect', async () => {
    const child = spawn(
      process.execPath,
      [
        cli.file,
        'watch',
        'topology',
        '--ssh-config',
        config,
        '--known-hosts',
        known,
        '--operator',
        'operator',
        '--nodes',
        'node1,node2,node3',
        '--json',
        '--interval',
        '0.3',
      ],
      { env: cliEnv(path.join(work, 'home')), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as WatchLine);
    const until = async (what: string, ok: () => boolean) => {
      const deadline = Date.now() + 60_000;
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until('the full model', () => lines().length >= 1);
      const [first] = lines();
      expect(first?.type).toBe('full');
      if (first?.type !== 'full') return;
      expect(first.topology.nodes.map((n) => n.hostId)).toEqual(['node1', 'node2', 'node3']);
      expect(first.topology.warnings).toEqual([]);
      const logFrom = bastion.operator.log().length;
      // Several polls over the lab as it is print nothing.
      await new Promise((r) => setTimeout(r, 2500));
      expect(lines()).toHaveLength(1);
      // A route appears on node2: its node entity changes, nothing else.
      bastion.nodes[1]?.ns.run('ip', ['route', 'add', 'blackhole', '10.77.0.0/16']);
      await until('the diff', () => lines().length >= 2);
      const [, diff] = lines();
      expect(diff).toMatchObject({ type: 'diff', added: [], removed: [] });
      expect(diff?.type === 'diff' && diff.changed.map((c) => [c.kind, c.key, c.fields])).toEqual([
        ['node', 'node2', ['routes']],
      ]);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
      // Every poll went over the one pooled connection, and it said goodbye (no reset).
      const log = bastion.operator.log().slice(logFrom);
      expect(log.match(/Accepted publickey/g) ?? []).toHaveLength(0);
      await bastion.operator.waitForLog(
        /Received disconnect from .*disconnected by user|Disconnected from user/,
        logFrom,
      );
    } finally {
      child.kill('SIGKILL');
      bastion.nodes[1]?.ns.exec('ip', ['route', 'del', 'blackhole', '10.77.0.0/16']);
    }
  }, 120_000);
});
