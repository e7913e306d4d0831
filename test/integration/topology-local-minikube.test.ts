import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTopology } from '../../electron/collectors/topology';
import { createAppBackend } from '../../electron/core/compose';
import { LocalHost } from '../../electron/hosts/local-host';
import { minikubeHost } from '../../electron/hosts/minikube-host';
import { createNetns, netnsCapability, type Netns } from '../lab/netns';
import { writeOperatorTools } from '../lab/vpc-cni/eks-operator';
import { buildOverlayNode, overlayKube, type OverlayNode } from '../lab/vpc-cni/overlay-node';
import { requireCapability } from '../support/require-capability';
import { buildCli, cliEnv, type BuiltCli } from './cli-exec-harness';
import { CALICO_POD, calicoKube, minikubeTools } from './topology-local-tools';

// #5's "local kubectl / minikube when the workspace says so", on real kernel devices: two minikube
// nodes as network namespaces — `minikube` with Flannel's cni0 and a Calico workload, and
// `minikube-m02` with seed 001's Calico pod (cali693e13cd073, 10.244.120.67/32, vxlan.calico) —
// reached through a `minikube` on PATH whose `ssh -n NODE -- CMD` runs CMD in that node's
// namespace, and a `kubectl` on PATH (this machine's) answering the cluster's objects.
const netns = netnsCapability();
const canRun = requireCapability(
  'network namespaces for the minikube lab',
  netns.available,
  netns.hint,
);

/** How long the stopped node hangs: a sleep whose argument marks it for pgrep. */
const HANG_SECONDS = `93${process.pid % 1000}.5`;

interface Out {
  workspaceId: string;
  operator?: { hostId: string };
  vpcs: unknown[];
  nodes: {
    hostId: string;
    name?: string;
    enis: unknown[];
    overlay?: {
      podCidrs?: string[];
      bridges: { name: string; members: string[] }[];
      tunnels: { name: string; kind: string; vni?: number; addresses: string[] }[];
      veths: { name: string; ifindex?: number; peerIfindex?: number; isCalico: boolean }[];
    };
  }[];
  pods: { namespace: string; name: string; ip?: string; node?: string; hostVeth?: string }[];
  services: { name: string; clusterIp?: string; endpointPods: { name: string }[] }[];
  warnings: { hostId?: string; source: string; message: string }[];
}

/** A node namespace whose `eth0` holds `address`, as minikube's docker network gives it. */
function nodeNamespace(address: string): Netns {
  const ns = createNetns();
  // No dummy driver in every container: a veth pair kept inside the namespace stands in.
  ns.run('ip', ['link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth0-peer']);
  ns.run('ip', ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
  ns.run('ip', ['link', 'set', 'eth0', 'up']);
  return ns;
}

describe.runIf(canRun)('topology with kubectl on this machine and nodes via minikube ssh', () => {
  let work: string;
  let cli: BuiltCli;
  let env: NodeJS.ProcessEnv;
  let control: Netns;
  let m02: Netns;
  let overlay: OverlayNode;
  let calicoPodNs: Netns;

  beforeAll(async () => {
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-topo-minikube-'));
    mkdirSync(path.join(work, 'home'));
    control = nodeNamespace('192.168.49.2');
    overlay = buildOverlayNode(control, '192.168.49.2');
    m02 = nodeNamespace('192.168.49.3');
    // Seed 001: Calico put the pod's /32 behind a cali… veth with a host route to it.
    m02.run('ip', [
      'link',
      'add',
      'vxlan.calico',
      'type',
      'vxlan',
      'id',
      '4096',
      'dstport',
      '4789',
    ]);
    m02.run('ip', ['addr', 'add', '10.244.120.64/32', 'dev', 'vxlan.calico']);
    m02.run('ip', ['link', 'set', 'vxlan.calico', 'up']);
    calicoPodNs = createNetns();
    m02.run('ip', [
      'link',
      'add',
      CALICO_POD.hostVeth,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      calicoPodNs.name,
    ]);
    m02.run('ip', ['link', 'set', CALICO_POD.hostVeth, 'up']);
    m02.run('ip', ['route', 'add', CALICO_POD.ip, 'dev', CALICO_POD.hostVeth, 'scope', 'link']);
    calicoPodNs.run('ip', ['addr', 'add', `${CALICO_POD.ip}/32`, 'dev', 'eth0']);
    calicoPodNs.run('ip', ['link', 'set', 'eth0', 'up']);

    const kube = calicoKube(overlayKube('minikube', '192.168.49.2', overlay), '192.168.49.3');
    const labBin = writeOperatorTools(path.join(work, 'lab'), undefined, kube);
    const bin = minikubeTools(path.join(work, 'bin'), {
      labKubectl: path.join(labBin, 'kubectl'),
      context: 'minikube',
      profile: 'minikube',
      nodes: { minikube: control.name, 'minikube-m02': m02.name },
      hangingNode: 'minikube-m03',
      hangSeconds: HANG_SECONDS,
    });
    env = { ...cliEnv(path.join(work, 'home')), PATH: `${bin}:${process.env.PATH ?? ''}` };
  }, 120_000);

  afterAll(() => {
    cli?.remove();
    calicoPodNs?.destroy();
    overlay?.destroy();
    m02?.destroy();
    control?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const runCli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli.file, ...args], {
        env: { ...env, ...extraEnv },
        stdio: 'pipe',
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end();
    });

  it('kubelab topology --kubectl local --context minikube --minikube-nodes …: both nodes read over minikube ssh, pods and Services from local kubectl', async () => {
    const run = await runCli([
      'topology',
      '--kubectl',
      'local',
      '--context',
      'minikube',
      '--minikube-nodes',
      'minikube,minikube-m02',
      '--json',
    ]);
    const out = JSON.parse(run.stdout) as Out;
    // What minikube lacks is all that is missing: no IMDS, no ipamd. No aws was asked for.
    expect(new Set(out.warnings.map((w) => `${w.hostId} ${w.source}`))).toEqual(
      new Set([
        'minikube imds',
        'minikube ipamd /v1/enis',
        'minikube-m02 imds',
        'minikube-m02 ipamd /v1/enis',
      ]),
    );
    expect(run.code).toBe(1);
    expect(out.workspaceId).toBe('local');
    expect(out.operator?.hostId).toBe('local');
    expect(out.vpcs).toEqual([]);
    expect(out.nodes.map((n) => [n.hostId, n.name, n.enis])).toEqual([
      ['minikube', 'minikube', []],
      ['minikube-m02', 'minikube-m02', []],
    ]);
    const [first, second] = out.nodes;
    expect(first?.overlay?.bridges.map((b) => [b.name, b.members])).toEqual([
      ['cni0', overlay.pods.filter((p) => !p.isCalico).map((p) => p.hostVeth)],
    ]);
    expect(second?.overlay?.podCidrs).toEqual(['10.244.2.0/24']);
    expect(second?.overlay?.tunnels.map((t) => [t.name, t.kind, t.vni, t.addresses])).toEqual([
      ['vxlan.calico', 'vxlan', 4096, ['10.244.120.64/32']],
    ]);
    // The pod's veth pair as the seed proved it: the host end's @ifN is the pod's eth0, and back.
    const [eth0] = JSON.parse(calicoPodNs.run('ip', ['-j', 'link', 'show', 'eth0'])) as {
      ifindex: number;
      link_index: number;
    }[];
    const cali = second?.overlay?.veths.find((v) => v.name === CALICO_POD.hostVeth);
    expect(cali).toMatchObject({ isCalico: true, peerIfindex: eth0?.ifindex });
    expect(eth0?.link_index).toBe(cali?.ifindex);
    const pods = new Map(out.pods.map((p) => [p.name, p]));
    expect(pods.get(CALICO_POD.name)).toMatchObject({
      namespace: 'default',
      ip: CALICO_POD.ip,
      node: 'minikube-m02',
      hostVeth: CALICO_POD.hostVeth,
    });
    for (const p of overlay.pods)
      expect(pods.get(p.name)).toMatchObject({ ip: p.ip, node: 'minikube' });
    expect(out.services).toEqual([
      expect.objectContaining({
        name: 'numbers-api',
        clusterIp: '10.109.60.134',
        endpointPods: [{ namespace: 'default', name: CALICO_POD.name }],
      }),
    ]);
  }, 60_000);

  it('a context kubectl does not know is a warning naming it; the nodes are still read', async () => {
    const run = await runCli([
      'topology',
      '--kubectl',
      'local',
      '--context',
      'kind-kind',
      '--minikube-nodes',
      'minikube-m02',
      '--json',
    ]);
    const out = JSON.parse(run.stdout) as Out;
    expect(run.code).toBe(1);
    expect(out.warnings).toContainEqual({
      hostId: 'local',
      source: 'kubectl get nodes,pods,svc,endpointslices -A -o json',
      message: `kubectl --context kind-kind get nodes,pods,svc,endpointslices -A -o json: error: context "kind-kind" does not exist`,
    });
    expect(out.pods).toEqual([]);
    expect(out.nodes[0]?.overlay?.veths.map((v) => v.name)).toContain(CALICO_POD.hostVeth);
  }, 60_000);

  it('bad names never reach a shell: exit 2 with the reason', async () => {
    for (const [args, reason] of [
      [['--minikube-nodes', 'm02;reboot'], 'not a minikube node name'],
      [['--kubectl', 'local', '--context', '-x'], 'not a kubeconfig context name'],
      [['--kubectl', 'bastion'], 'needs --ssh-config'],
      [['--kubectl', 'local', '--target', 'demo'], '--target names its own hosts'],
    ] as const) {
      const run = await runCli(['topology', ...args, '--json']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(reason);
      expect(run.stdout).toBe('');
    }
  }, 60_000);

  it('the collector over the same hosts; a cancelled node command ends what it ran on the node, then the local minikube', async () => {
    const local = LocalHost.machine({ env });
    const node = minikubeHost(
      { id: 'minikube-m02', name: 'minikube-m02', role: 'node', address: '192.168.49.3', tags: [] },
      { node: 'minikube-m02' },
      { env },
    );
    const topology = await collectTopology('lab', [node], {
      kubectl: { host: local, context: 'minikube' },
    });
    expect(topology.pods.map((p) => p.name)).toContain(CALICO_POD.name);
    const marker = `sleep 86${process.pid % 1000}.5`;
    const left = () =>
      spawnSync('pgrep', ['-af', marker], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l && !l.includes('pgrep'));
    const controller = new AbortController();
    const pending = node.exec(`${marker}; echo never`, { signal: controller.signal });
    // Stopped once it runs on the node, apart from the local minikube (as on another machine).
    const deadline = Date.now() + 20_000;
    // The sleep itself (not the local sh and minikube whose arguments hold it too).
    while (!left().some((l) => /^\d+ sleep /.test(l))) {
      if (Date.now() > deadline) throw new Error('the command never started on the node');
      await new Promise((r) => setTimeout(r, 50));
    }
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(left()).toEqual([]);
  }, 60_000);

  it('a workspace saved with kubelab hosts local — kubectl on this machine, nodes via minikube — collected by the app backend', async () => {
    const configDir = path.join(work, 'config');
    // Configured as a user would: `kubelab hosts local`, then the app reads the file.
    const saved = await runCli(
      [
        'hosts',
        'local',
        'mk',
        '--kubectl',
        'local',
        '--context',
        'minikube',
        '--minikube-nodes',
        'minikube,minikube-m02',
        '--minikube-profile',
        'minikube',
      ],
      { KUBELAB_CONFIG_DIR: configDir },
    );
    expect(saved).toEqual({
      code: 0,
      stdout:
        'workspace mk: kubectl runs on this machine (context minikube); minikube nodes minikube, minikube-m02 (profile minikube)\n',
      stderr: '',
    });
    // The backend's local commands inherit its environment, as the app's would the user's.
    const path0 = process.env.PATH;
    process.env.PATH = env.PATH;
    const app = await createAppBackend({
      version: 'test',
      transport: 'websocket',
      platform: 'linux',
      configDir,
      agent: '',
    });
    try {
      const session = app.backend.openSession(() => undefined);
      const listed = await session.handle('workspace:list', {});
      expect(listed.ok && listed.value).toContainEqual(
        expect.objectContaining({
          id: 'mk',
          kubectl: { on: 'local', context: 'minikube' },
          hosts: [
            expect.objectContaining({ id: 'minikube', state: { kind: 'connected' } }),
            expect.objectContaining({ id: 'minikube-m02', state: { kind: 'connected' } }),
          ],
        }),
      );
      const reply = await session.handle('lab:topology', { workspaceId: 'mk' });
      if (!reply.ok) throw new Error(reply.error.message);
      const topology = reply.value as { pods: { name: string; hostVeth?: string }[] };
      expect(topology.pods).toContainEqual(
        expect.objectContaining({ name: CALICO_POD.name, hostVeth: CALICO_POD.hostVeth }),
      );
      // A terminal on a host run from this machine is refused with the reason, not half-opened.
      const terminal = await session.handle('terminal:open', {
        workspaceId: 'mk',
        hostId: 'minikube',
        cols: 80,
        rows: 24,
      });
      expect(terminal.ok).toBe(false);
      expect(!terminal.ok && terminal.error.message).toContain('node-pty');
      // The node is removed where it was set, not silently kept by a remove that found nothing.
      const removed = await session.handle('host:remove', {
        workspaceId: 'mk',
        hostId: 'minikube',
      });
      expect(!removed.ok && removed.error.message).toContain('is a minikube node');
    } finally {
      process.env.PATH = path0;
      app.close();
    }
  }, 60_000);

  it('kubelab watch topology over minikube ssh: Ctrl-C mid-poll ends the hanging minikube and exits at once', async () => {
    const child = spawn(
      process.execPath,
      [
        cli.file,
        'watch',
        'topology',
        '--kubectl',
        'local',
        '--context',
        'minikube',
        '--minikube-nodes',
        'minikube-m02,minikube-m03',
        '--json',
      ],
      { env, stdio: 'pipe' },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const hanging = () =>
      spawnSync('pgrep', ['-af', `sleep ${HANG_SECONDS}`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l && !l.includes('pgrep'));
    const deadline = Date.now() + 20_000;
    while (hanging().length === 0) {
      if (Date.now() > deadline) throw new Error(`minikube-m03 was never asked: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const interrupted = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Far below the node exec's own 20 s timeout: the close ended the poll, not the timeout.
    expect(Date.now() - interrupted).toBeLessThan(5000);
    expect(hanging()).toEqual([]);
  }, 60_000);
});
