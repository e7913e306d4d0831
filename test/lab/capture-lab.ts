/**
 * A two-node VPC-CNI-shaped cluster for the capture suites: a "vpc" namespace whose bridge is the
 * subnet (this machine joins it too, so it reaches each node's sshd on its ens5), two node
 * namespaces with one pod each behind an `eni…` veth (/32 route, proxy ARP on ens5 so the other
 * node finds the pod, as the VPC fabric would), and a Service VIP that node1 DNATs to node2's pod.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createNetns, type Netns } from './netns';
import { addEni, fetchFrom, makeNode, plumbPod, startServer } from './vpc-cni/plumbing';
import { vpcCniVethName } from './vpc-cni/eks-bastion';
import { startSshd, type Sshd } from '../support/sshd';

export interface CaptureLabNode {
  alias: string;
  ns: Netns;
  sshd: Sshd;
  address: string;
  pod: { name: string; ip: string; veth: string; ns: Netns };
}

export interface CaptureLab {
  nodes: CaptureLabNode[];
  vip: string;
  vipPort: number;
  podPort: number;
  /** An ssh config naming the nodes `node1`, `node2` and a known_hosts with their keys. */
  sshConfig: string;
  knownHosts: string;
  /** Sends `times` HTTP requests from node1's pod to the Service; the bodies (`IP:PORT`) it got. */
  requestFromPod(times: number): string[];
  destroy(): Promise<void>;
}

let counter = 0;

export async function buildCaptureLab(dir: string): Promise<CaptureLab> {
  counter += 1;
  const net = `100.102.${(process.pid * 3 + counter) % 250}`;
  const outside = `klcap${process.pid % 10000}${counter}`.slice(0, 15);
  const vpc = createNetns();
  const namespaces: Netns[] = [vpc];
  const cleanup: (() => void | Promise<void>)[] = [];
  const destroy = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    for (const ns of namespaces.splice(0).reverse()) ns.destroy();
  };
  try {
    vpc.run('ip', ['link', 'add', 'br0', 'type', 'bridge']);
    vpc.run('ip', ['link', 'set', 'br0', 'up']);
    const host = (args: string[]) => {
      const r = spawnSync('ip', args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
    };
    host(['link', 'add', outside, 'type', 'veth', 'peer', 'name', 'up0', 'netns', vpc.name]);
    cleanup.push(() => void spawnSync('ip', ['link', 'del', outside]));
    host(['addr', 'add', `${net}.1/24`, 'dev', outside]);
    host(['link', 'set', outside, 'up']);
    vpc.run('ip', ['link', 'set', 'up0', 'master', 'br0', 'up']);
    const nodes: CaptureLabNode[] = [];
    for (const n of [1, 2]) {
      const ns = createNetns();
      namespaces.push(ns);
      const address = `${net}.${10 + n}`;
      // One bridged subnet: the far ends join br0 instead of holding a gateway.
      addEni(ns, vpc, { dev: 'ens5', far: `n${n}`, ip: address, prefix: 24 });
      vpc.run('ip', ['link', 'set', `n${n}`, 'master', 'br0']);
      makeNode(ns);
      // Proxy ARP on ens5 lets the other node find this node's pods, as the VPC fabric would.
      for (const sysctl of ['net.ipv4.conf.ens5.rp_filter=0', 'net.ipv4.conf.ens5.proxy_arp=1'])
        ns.run('sysctl', ['-qw', sysctl]);
      const pod = {
        name: `web-${n}`,
        ip: `${net}.${20 + n}`,
        veth: vpcCniVethName('default', `web-${n}`),
      };
      const podNs = plumbPod(ns, pod);
      namespaces.push(podNs);
      const sshd = await startSshd({ netns: ns, listen: address });
      cleanup.push(() => sshd.stop());
      nodes.push({ alias: `node${n}`, ns, sshd, address, pod: { ...pod, ns: podNs } });
    }
    const [node1, node2] = nodes as [CaptureLabNode, CaptureLabNode];
    const vip = '10.100.77.10';
    const vipPort = 80;
    const podPort = 8080;
    node1.ns.run('iptables', [
      '-t',
      'nat',
      '-A',
      'PREROUTING',
      '-d',
      `${vip}/32`,
      '-p',
      'tcp',
      '--dport',
      String(vipPort),
      '-j',
      'DNAT',
      '--to-destination',
      `${node2.pod.ip}:${podPort}`,
    ]);
    await startServer(node2.pod.ns, node2.pod.ip, [podPort]);
    const sshConfig = path.join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      nodes
        .map(
          (n) =>
            `Host ${n.alias}\n  HostName ${n.address}\n  User root\n  IdentityFile ${n.sshd.clientKeyPath}\n  IdentitiesOnly yes\n`,
        )
        .join(''),
    );
    const knownHosts = path.join(dir, 'known_hosts');
    writeFileSync(
      knownHosts,
      nodes.map((n) => `${n.address} ${n.sshd.hostKey.line}`).join('\n') + '\n',
    );
    return {
      nodes,
      vip,
      vipPort,
      podPort,
      sshConfig,
      knownHosts,
      requestFromPod: (times) =>
        fetchFrom(node1.pod.ns, Array(times).fill(`http://${vip}:${vipPort}/`) as string[]),
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
