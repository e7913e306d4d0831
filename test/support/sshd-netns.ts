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
  nodeNs: Netns;
  /** sshd in the operator namespace, on its address facing this machine. */
  operator: Sshd;
  /** sshd in the node namespace, on its address facing the operator. */
  node: Sshd;
  /** The operator's address on the node's link: what the node sees connections come from. */
  operatorInnerAddress: string;
  destroy(): Promise<void>;
}

let counter = 0;

export function bastionCapability(): { available: boolean; hint: string } {
  return netnsCapability();
}

export async function startBastionTopology(): Promise<BastionTopology> {
  counter += 1;
  // 100.100.0.0/16 (carrier-grade NAT space) is unlikely to clash with the machine's own routes.
  const octet = (process.pid * 7 + counter) % 250;
  const net = `100.100.${octet}`;
  const outside = `klo${process.pid % 100000}${counter}`.slice(0, 15);
  const operatorNs = createNetns();
  const nodeNs = createNetns();
  const cleanup: Array<() => void | Promise<void>> = [
    () => nodeNs.destroy(),
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
      'eth0',
      'netns',
      operatorNs.name,
    ]);
    cleanup.push(() => void spawnSync('ip', ['link', 'del', outside]));
    host(['addr', 'add', `${net}.1/30`, 'dev', outside]);
    host(['link', 'set', outside, 'up']);
    ip(['addr', 'add', `${net}.2/30`, 'dev', 'eth0']);
    ip(['link', 'set', 'eth0', 'up']);
    // Operator ↔ node; the node's only link is to the operator.
    ip(['link', 'add', 'eth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', nodeNs.name]);
    ip(['addr', 'add', `${net}.5/30`, 'dev', 'eth1']);
    ip(['link', 'set', 'eth1', 'up']);
    nodeNs.run('ip', ['addr', 'add', `${net}.6/30`, 'dev', 'eth0']);
    nodeNs.run('ip', ['link', 'set', 'eth0', 'up']);
    operatorNs.run('sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
    // Say "no route" at once instead of sending the node's packets to the default gateway.
    host(['route', 'add', 'unreachable', `${net}.4/30`]);
    cleanup.push(() => void spawnSync('ip', ['route', 'del', 'unreachable', `${net}.4/30`]));
    const operator = await startSshd({ netns: operatorNs, listen: `${net}.2` });
    cleanup.push(() => operator.stop());
    const node = await startSshd({ netns: nodeNs, listen: `${net}.6` });
    cleanup.push(() => node.stop());
    return { operatorNs, nodeNs, operator, node, operatorInnerAddress: `${net}.5`, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}
