import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOperatorTools } from '../lab/vpc-cni/eks-operator';
import { buildOverlayNode, overlayKube, type OverlayNode } from '../lab/vpc-cni/overlay-node';
import { requireCapability } from '../support/require-capability';
import { ensureTestUser, stopAllSshd, type Sshd } from '../support/sshd';
import {
  bastionCapability,
  startBastionTopology,
  type BastionTopology,
} from '../support/sshd-netns';
import { canRunSshd } from '../support/ssh-hosts';
import {
  buildCli,
  knownLine,
  runCli,
  writeHashedKnownHosts,
  type BuiltCli,
} from './cli-exec-harness';

// The overlay fields of #5 on real kernel devices: a node behind the operator with Flannel's
// cni0 bridge and flannel.1 VXLAN, and a Calico workload (vxlan.calico, a cali… veth).
const canRun = canRunSshd();
const netns = canRun ? bastionCapability() : { available: false, hint: '' };
const canRunNetns =
  canRun &&
  requireCapability('network namespaces for the overlay lab', netns.available, netns.hint);

interface Veth {
  name: string;
  ifindex?: number;
  peerIfindex?: number;
  peerNetnsId?: number;
  master?: string;
  isCalico: boolean;
}
interface Out {
  nodes: {
    hostId: string;
    name?: string;
    enis: unknown[];
    overlay?: {
      podCidrs?: string[];
      bridges: { name: string; addresses: string[]; members: string[] }[];
      tunnels: unknown[];
      veths: Veth[];
    };
  }[];
  pods: { name: string; ip?: string; node?: string; eni?: string; hostVeth?: string }[];
  warnings: { hostId?: string; source: string; message: string }[];
}

describe.runIf(canRunNetns)('kubelab topology on an overlay-CNI node behind an operator', () => {
  let bastion: BastionTopology;
  let overlay: OverlayNode;
  let work: string;
  let cli: BuiltCli;
  let config: string;
  let known: string;
  const nodeName = 'lab-worker';

  beforeAll(async () => {
    const { user } = ensureTestUser();
    cli = await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'kl-topo-overlay-'));
    chmodSync(work, 0o755);
    mkdirSync(path.join(work, 'home'));
    const tools = path.join(work, 'operator');
    bastion = await startBastionTopology(1, {
      operatorSshdConfig: [`SetEnv PATH=${tools}/bin:/usr/local/bin:/usr/bin:/bin`],
    });
    overlay = buildOverlayNode(bastion.nodeNs, bastion.node.host);
    // A kubeadm/minikube operator: kubectl, and no aws at all.
    writeOperatorTools(tools, undefined, overlayKube(nodeName, bastion.node.host, overlay));
    const block = (alias: string, s: Sshd, as: string, jump?: string) =>
      `Host ${alias}\n  HostName ${s.host}\n  Port ${s.port}\n  User ${as}\n` +
      `  IdentityFile ${s.clientKeyPath}\n  IdentitiesOnly yes\n` +
      (jump ? `  ProxyJump ${jump}\n` : '');
    config = path.join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        block('operator', bastion.operator, user),
        block('node1', bastion.node, 'root', 'operator'),
      ].join('\n'),
    );
    known = writeHashedKnownHosts(
      path.join(work, 'known_hosts'),
      [bastion.operator, bastion.node].map((s) => knownLine(s)),
    );
  }, 120_000);

  afterAll(async () => {
    cli?.remove();
    overlay?.destroy();
    await bastion?.destroy();
    stopAllSshd();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('bridge with its member veths, VXLAN tunnels with kind and VNI, veth pairs by @ifN, pod CIDR from kubectl', async () => {
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
        'node1',
        '--json',
      ],
      60_000,
    );
    const out = JSON.parse(run.stdout) as Out;
    // What a non-EKS cluster lacks is missing (aws, IMDS, ipamd); the node's ip sources and
    // kubectl answered, and kubectl's NotFound for aws-node is no failure (no VPC CNI here).
    expect(run.code).toBe(1);
    expect(new Set(out.warnings.map((w) => `${w.hostId} ${w.source}`))).toEqual(
      new Set(
        ['vpcs', 'subnets', 'vpc-peering-connections', 'instances', 'network-interfaces']
          .map((what) => `operator aws ec2 describe-${what}`)
          .concat(['node1 imds', 'node1 ipamd /v1/enis']),
      ),
    );
    const [node] = out.nodes;
    expect(node?.name).toBe(nodeName);
    expect(node?.enis).toEqual([]);
    const bridged = overlay.pods.filter((p) => !p.isCalico);
    const calico = overlay.pods.filter((p) => p.isCalico);
    expect(node?.overlay?.podCidrs).toEqual([overlay.podCidr]);
    expect(node?.overlay?.bridges).toEqual([
      { name: 'cni0', addresses: ['10.244.1.1/24'], members: bridged.map((p) => p.hostVeth) },
    ]);
    expect(node?.overlay?.tunnels).toEqual([
      {
        name: 'flannel.1',
        kind: 'vxlan',
        vni: 1,
        local: bastion.node.host,
        port: 8472,
        addresses: ['10.244.1.0/32'],
      },
      {
        name: 'vxlan.calico',
        kind: 'vxlan',
        vni: 4096,
        port: 4789,
        addresses: ['10.244.1.192/32'],
      },
    ]);
    // ens5 (the link to the operator) and every pod's host end; each pod's pair checked both ways.
    expect(node?.overlay?.veths.map((v) => v.name).sort()).toEqual(
      ['ens5', ...overlay.pods.map((p) => p.hostVeth)].sort(),
    );
    for (const pod of overlay.pods) {
      const veth = node?.overlay?.veths.find((v) => v.name === pod.hostVeth);
      const [eth0] = JSON.parse(pod.ns.run('ip', ['-j', 'link', 'show', 'eth0'])) as {
        ifindex: number;
        link_index: number;
      }[];
      expect(veth).toMatchObject({
        peerIfindex: eth0?.ifindex,
        peerNetnsId: expect.any(Number) as number,
        isCalico: pod.isCalico,
        ...(pod.isCalico ? {} : { master: 'cni0' }),
      });
      expect(eth0?.link_index).toBe(veth?.ifindex);
    }
    // Pods: the Calico one has its veth from its /32 route; bridged ones have no route of their own.
    expect(
      out.pods.map(({ name, ip, node: n, eni, hostVeth }) => ({ name, ip, n, eni, hostVeth })),
    ).toEqual(
      overlay.pods.map((p) => ({
        name: p.name,
        ip: p.ip,
        n: nodeName,
        eni: undefined,
        hostVeth: p.isCalico ? p.hostVeth : undefined,
      })),
    );
    expect(calico).toHaveLength(1);
  }, 90_000);
});
