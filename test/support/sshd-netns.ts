/**
 * A bastion topology in network namespaces: an "operator" namespace reachable from this machine
 * over a veth pair, and a "node" namespace reachable only from the operator namespace (this
 * machine has no route to it and the operator does not forward), each running its own sshd on
 * port 22 — the shape of an EKS node behind an operator host.
 */
import { spawnSync } from 'node:child_process';
import { createNetns, netnsCapability, type Netns } from '../lab/netns';
import { startSshd, type Sshd } from './sshd';

export interface BastionTopology {
  operatorNs: Netns;
  /** The first node's namespace (`nodes[0]`). */
  nodeNs: Netns;
  /** sshd in the operator namespace, on its address facing this machine (its `ens5`). */
  operator: Sshd;
  /** The first node's sshd (`nodes[0]`). */
  node: Sshd;
  /** Every node: its own namespace, `ens5` linked to the operator, sshd on port 22. */
  nodes: { ns: Netns; sshd: Sshd }[];
  /** The operator's address on the first node's link: what that node sees connections come from. */
  operatorInnerAddress: string;
  destroy(): Promise<void>;
}

let counter = 0;

/** What a suite may add to the topology's servers. */
export interface BastionOptions {
  /** Extra sshd_config lines for the operator's sshd (e.g. `SetEnv PATH=…` for its tools). */
  operatorSshdConfig?: string[];
}

export function bastionCapability(): { available: boolean; hint: string } {
  return netnsCapability();
}

/**
 * Builds the topology with `nodeCount` nodes (1 unless told). Interfaces are named like an EKS
 * node's: the operator's `ens5` faces this machine and `ens6`, `ens7`, … its nodes; each node's
 * only interface is `ens5`.
 */
export async function startBastionTopology(
  nodeCount = 1,
  options: BastionOptions = {},
): Promise<BastionTopology> {
  counter += 1;
  // 100.100.0.0/16 (carrier-grade NAT space) is unlikely to clash with the machine's own routes.
  const octet = (process.pid * 7 + counter) % 250;
  const net = `100.100.${octet}`;
  const outside = `klo${process.pid % 100000}${counter}`.slice(0, 15);
  const operatorNs = createNetns();
  const nodeNamespaces = Array.from({ length: nodeCount }, () => createNetns());
  const cleanup: Array<() => void | Promise<void>> = [
    () => {
      for (const ns of nodeNamespaces) ns.destroy();
    },
    () => operatorNs.destroy(),
  ];
  const destroy = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const ip = (args: string[]) => operatorNs.run('ip', args);
    // This machine ↔ operator.
    const host = (args: string[]) => {
      const r = spawnSync('ip', args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    };
    host([
      'link',
      'add',
      outside,
      'type',
      'veth',
      'peer',
      'name',
      'ens5',
      'netns',
      operatorNs.name,
    ]);
    cleanup.push(() => void spawnSync('ip', ['link', 'del', outside]));
    host(['addr', 'add', `${net}.1/30`, 'dev', outside]);
    host(['link', 'set', outside, 'up']);
    ip(['addr', 'add', `${net}.2/30`, 'dev', 'ens5']);
    ip(['link', 'set', 'ens5', 'up']);
    operatorNs.run('sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
    // Operator ↔ each node; a node's only link is to the operator.
    nodeNamespaces.forEach((nodeNs, i) => {
      const base = 4 * (i + 1);
      const inner = `ens${6 + i}`;
      ip(['link', 'add', inner, 'type', 'veth', 'peer', 'name', 'ens5', 'netns', nodeNs.name]);
      ip(['addr', 'add', `${net}.${base + 1}/30`, 'dev', inner]);
      ip(['link', 'set', inner, 'up']);
      nodeNs.run('ip', ['addr', 'add', `${net}.${base + 2}/30`, 'dev', 'ens5']);
      nodeNs.run('ip', ['link', 'set', 'ens5', 'up']);
    });
    // Say "no route" at once instead of sending the nodes' packets to the default gateway; the
    // operator's own /30 is more specific and stays reachable.
    host(['route', 'add', 'unreachable', `${net}.0/24`]);
    cleanup.push(() => void spawnSync('ip', ['route', 'del', 'unreachable', `${net}.0/24`]));
    const operator = await startSshd({
      netns: operatorNs,
      listen: `${net}.2`,
      ...(options.operatorSshdConfig ? { extraConfig: options.operatorSshdConfig } : {}),
    });
    cleanup.push(() => operator.stop());
    const nodes: { ns: Netns; sshd: Sshd }[] = [];
    for (const [i, ns] of nodeNamespaces.entries()) {
      const sshd = await startSshd({ netns: ns, listen: `${net}.${4 * (i + 1) + 2}` });
      cleanup.push(() => sshd.stop());
      nodes.push({ ns, sshd });
    }
    const [first] = nodes;
    if (first === undefined) throw new Error('a bastion topology needs at least one node');
    return {
      operatorNs,
      nodeNs: first.ns,
      operator,
      node: first.sshd,
      nodes,
      operatorInnerAddress: `${net}.5`,
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
