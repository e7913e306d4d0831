import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../core/compose';
import { createDemoLab } from '../demo';
import { createTtyPrompter } from './prompt-tty';
import {
  runTopology,
  type TopologyDeps,
  type TopologyFlags,
  type TopologyJsonEni,
} from './topology';

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

const prompter = createTtyPrompter({ input: Readable.from([]), output: { write: () => true } });

/** The same backend `kubelab topology --target` opens: its demo workspace included. */
const deps = (homeDir?: string): TopologyDeps => ({
  openSession: () => {
    const backend = createBackend({
      version: 't',
      transport: 'websocket',
      platform: 'linux',
      log: () => {},
    });
    const session = backend.openSession(() => undefined);
    return { session, close: () => session.close() };
  },
  prompter,
  ...(homeDir ? { homeDir } : {}),
});

const flags = (f: Partial<TopologyFlags>): TopologyFlags => ({
  acceptNew: false,
  json: true,
  ...f,
});

interface JsonOut {
  vpcs: { id: string }[];
  subnets: { id: string }[];
  peerings: { id: string; requesterVpcId: string; accepterVpcId: string }[];
  nodes: { hostId: string; name?: string; enis: TopologyJsonEni[] }[];
  pods: {
    namespace: string;
    name: string;
    ip?: string;
    node?: string;
    eni?: string;
    hostVeth?: string;
  }[];
  warnings: unknown[];
}

describe('kubelab topology', () => {
  it('--target demo --json prints the issue’s fields, matching the demo model', async () => {
    const c = capture();
    await expect(runTopology(flags({ target: 'demo' }), c.io, deps())).resolves.toBe(0);
    expect(c.out.stderr).toBe('');
    const out = JSON.parse(c.out.stdout) as JsonOut;
    const cluster = createDemoLab().model.cluster;
    expect(out.vpcs.map((v) => v.id)).toEqual(cluster.vpcs.map((v) => v.id));
    expect(out.subnets.map((s) => s.id)).toEqual(cluster.subnets.map((s) => s.id));
    expect(out.peerings).toEqual([
      {
        id: cluster.peering.id,
        requesterVpcId: cluster.peering.requesterVpcId,
        accepterVpcId: cluster.peering.accepterVpcId,
        status: 'active',
      },
    ]);
    const nodes = cluster.instances.filter((i) => i.role === 'node');
    expect(
      out.nodes.map((n) =>
        n.enis.map(({ id, deviceNumber, interface: ifname, mac, primaryIp, secondaryIps }) => ({
          id,
          deviceNumber,
          interface: ifname,
          mac,
          primaryIp,
          secondaryIps,
        })),
      ),
    ).toEqual(
      nodes.map((i) =>
        i.enis.map((e) => ({
          id: e.id,
          deviceNumber: e.deviceNumber,
          interface: e.ifname,
          mac: e.mac,
          primaryIp: e.primaryIp,
          secondaryIps: e.secondaryIps,
        })),
      ),
    );
    const nodeNameOf = new Map(out.nodes.map((n) => [n.hostId, n.name]));
    for (const pod of cluster.pods.filter((p) => p.network && !p.hostNetwork)) {
      expect(out.pods).toContainEqual(
        expect.objectContaining({
          namespace: pod.namespace,
          name: pod.name,
          ip: pod.network?.ip,
          node: nodeNameOf.get(pod.hostId ?? ''),
          eni: pod.network?.eniId,
          hostVeth: pod.network?.veth,
        }),
      );
    }
    expect(out.warnings).toEqual([]);
  });

  it('without --json prints a short summary: each node’s ENIs with assigned and warm slots', async () => {
    const c = capture();
    await expect(runTopology(flags({ json: false }), c.io, deps())).resolves.toBe(0);
    expect(c.out.stdout).toMatch(/^node1: ip-192-168-1-\d+\S* i-\w+ t3\.medium/m);
    expect(c.out.stdout).toMatch(
      /^ {2}eni-\w+ dev 0 ens5 [0-9a-f:]{17} [\d.]+: \d+ assigned, \d+ warm$/m,
    );
    expect(c.out.stdout).toMatch(/pods, \d+ on an ENI slot, 0 warnings\n$/);
  });

  it('exits 2 on bad usage, naming the problem', async () => {
    const cases: Partial<TopologyFlags>[] = [
      { target: 'demo', sshConfig: '/x' },
      { operator: 'bastion' },
      { acceptNew: true },
      { sshConfig: '/x' },
      { target: 'no-such-workspace' },
      { kubectl: 'local', target: 'demo' },
      { kubectl: 'local', context: '--kubeconfig=/etc/shadow' },
      { kubectl: 'bastion' },
      { context: 'minikube' },
      { minikubeNodes: ['m02;reboot'] },
      { minikubeNodes: ['minikube'], minikubeProfile: '-p' },
      { minikubeProfile: 'minikube' },
    ];
    for (const f of cases) {
      const c = capture();
      await expect(runTopology(flags(f), c.io, deps())).resolves.toBe(2);
      expect(c.out.stderr).toMatch(/^kubelab topology: /);
      expect(c.out.stdout).toBe('');
    }
  });

  it('over --ssh-config, an unreachable host is a warning and exit 1; what was collected is still printed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kl-topo-'));
    const config = path.join(dir, 'config');
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    writeFileSync(config, 'Host node1\n  HostName 127.0.0.1\n  Port 1\n  User ec2-user\n');
    const c = capture();
    const code = await runTopology(
      flags({ sshConfig: config, knownHosts: path.join(dir, 'kh'), nodes: ['node1'] }),
      c.io,
      deps(dir),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(c.out.stderr).toMatch(/kubelab topology: warning: node1 /);
    const out = JSON.parse(c.out.stdout) as JsonOut;
    expect(out.nodes).toEqual([expect.objectContaining({ hostId: 'node1', enis: [] })]);
    expect(out.warnings.length).toBeGreaterThan(0);
  });
});
