/**
 * An EKS-shaped cluster built on the bastion topology (test/support/sshd-netns.ts): each node's
 * namespace gets a second ENI (`ens6`), pods as their own namespaces behind `eni…` veths with the
 * VPC CNI's /32 routes and `ip rule`s (a pod on the secondary ENI leaves through its table), and
 * per-node instance metadata (IMDSv2) and ipamd endpoints. What was built is then read back from
 * the kernel (MACs, addresses, pod routes) into an {@link EksLabState}: the one truth the
 * operator's `aws`/`kubectl` (eks-operator.ts) answer from and the tests compare against.
 */
import { createHash } from 'node:crypto';
import type { Netns } from '../netns';
import { plumbPod } from './plumbing';
import type { BastionTopology } from '../../support/sshd-netns';

/** One ENI as the lab declares it; `mac` is whatever the kernel gave the interface. */
export interface EksLabEni {
  id: string;
  deviceNumber: number;
  interface: string;
  mac: string;
  subnetId: string;
  primaryIp: string;
  secondaryIps: string[];
}

export interface EksLabPod {
  namespace: string;
  name: string;
  /** ReplicaSet (workloads) or DaemonSet (aws-node, host network). */
  owner: { kind: 'ReplicaSet' | 'DaemonSet'; name: string };
  app: string;
  ip: string;
  node: string;
  isHostNetwork: boolean;
  /** The ENI whose secondary IP the pod holds; absent on the host network. */
  eni?: string;
  hostVeth?: string;
}

export interface EksLabNode {
  /** The ssh config alias and workspace host id (`node1`, …). */
  alias: string;
  nodeName: string;
  instanceId: string;
  instanceType: string;
  zone: string;
  subnetId: string;
  vpcId: string;
  address: string;
  enis: EksLabEni[];
}

/** The whole cluster: what aws, kubectl, IMDS and ipamd all tell. */
export interface EksLabState {
  accountId: string;
  region: string;
  vpcs: { id: string; name: string; cidrs: string[] }[];
  subnets: { id: string; vpcId: string; zone: string; cidr: string; name: string }[];
  peerings: { id: string; requesterVpcId: string; accepterVpcId: string; status: string }[];
  operator: { instanceId: string; address: string; mac: string; subnetId: string; vpcId: string };
  nodes: EksLabNode[];
  pods: EksLabPod[];
  services: {
    namespace: string;
    name: string;
    clusterIp: string;
    port: number;
    targetPort: number;
    app: string;
  }[];
  /** The aws-node DaemonSet's env (WARM_ENI_TARGET, …). */
  awsNodeEnv: { name: string; value: string }[];
}

/** A built lab: the state and the pod namespaces (destroyed with `destroy`). */
export interface EksBastionLab {
  state: EksLabState;
  podNamespaces: Netns[];
  /** Each workload pod's namespace by pod name. */
  podNs: Map<string, Netns>;
  destroy(): void;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const VPC = 'vpc-0e1a5c0000000000a';
const PEER_VPC = 'vpc-0e1a5c0000000000b';
const NODE_SUBNET = 'subnet-0e1a5c000000000a1';
const POD_SUBNET = 'subnet-0e1a5c000000000a2';
const ZONE = 'eu-west-1a';

/** The VPC CNI's host veth name: `eni` + the first 11 hex digits of sha1("namespace.name"). */
export function vpcCniVethName(namespace: string, name: string): string {
  return `eni${createHash('sha1').update(`${namespace}.${name}`).digest('hex').slice(0, 11)}`;
}

/** Which workload pods each node runs, and on which device: node 2 and 3 use the secondary ENI. */
const WORKLOADS: { app: string; rs: string; suffix: string; node: number; device: number }[] = [
  { app: 'web', rs: 'web-6d8f7c9b5', suffix: 'x2k4n', node: 1, device: 0 },
  { app: 'web', rs: 'web-6d8f7c9b5', suffix: 'p7q9r', node: 2, device: 0 },
  { app: 'api', rs: 'api-58b9d6f4c7', suffix: 'h3m8w', node: 2, device: 1 },
  { app: 'api', rs: 'api-58b9d6f4c7', suffix: 'z5t2c', node: 3, device: 1 },
  { app: 'web', rs: 'web-6d8f7c9b5', suffix: 'b4v6j', node: 3, device: 0 },
];

function macOf(ns: Netns, dev: string): string {
  const [link] = JSON.parse(ns.run('ip', ['-j', 'link', 'show', dev])) as { address?: string }[];
  if (!link?.address) throw new Error(`no ${dev} in ${ns.name}`);
  return link.address;
}

/** The /32 routes to pods in a namespace's main table: pod IP → host veth, as the kernel has them. */
function podRoutes(ns: Netns): Map<string, string> {
  const routes = JSON.parse(ns.run('ip', ['-j', 'route', 'show', 'table', 'main'])) as {
    dst: string;
    dev?: string;
  }[];
  return new Map(
    routes.filter((r) => r.dev?.startsWith('eni')).map((r) => [r.dst, r.dev ?? ''] as const),
  );
}

function firstInet(ns: Netns, dev: string): string {
  const [link] = JSON.parse(ns.run('ip', ['-j', '-4', 'addr', 'show', dev])) as {
    addr_info: { local: string }[];
  }[];
  const local = link?.addr_info[0]?.local;
  if (!local) throw new Error(`${dev} in ${ns.name} has no IPv4 address`);
  return local;
}

/**
 * Builds the cluster on `bastion` (at least 3 nodes): ENIs, pods, routes and rules in the
 * kernel, then reads the state back from it.
 */
export function buildEksBastionLab(bastion: BastionTopology): EksBastionLab {
  const net = bastion.operator.host.replace(/\.\d+$/, '');
  const octet = net.split('.')[2] ?? '0';
  const podNet = `100.101.${octet}`;
  const podNamespaces: Netns[] = [];
  const podNs = new Map<string, Netns>();
  const destroy = () => {
    for (const ns of podNamespaces.splice(0)) ns.destroy();
  };
  try {
    const nodes: EksLabNode[] = [];
    const pods: EksLabPod[] = [];
    bastion.nodes.forEach(({ ns, sshd }, i) => {
      const n = i + 1;
      for (const sysctl of ['net.ipv4.ip_forward=1', 'net.ipv4.conf.all.rp_filter=0'])
        ns.run('sysctl', ['-qw', sysctl]);
      // ens6 is a veth (this kernel may lack the dummy module); its far end stays in the node.
      ns.run('ip', ['link', 'add', 'ens6', 'type', 'veth', 'peer', 'name', 'ens6peer']);
      ns.run('ip', ['addr', 'add', `${podNet}.${10 * n}/24`, 'dev', 'ens6']);
      ns.run('ip', ['link', 'set', 'ens6', 'up']);
      ns.run('ip', ['link', 'set', 'ens6peer', 'up']);
      // The secondary ENI's own table (device number + 1), as the CNI writes it.
      ns.run('ip', ['route', 'add', `${podNet}.1`, 'dev', 'ens6', 'scope', 'link', 'table', '2']);
      ns.run('ip', ['route', 'add', 'default', 'via', `${podNet}.1`, 'dev', 'ens6', 'table', '2']);
      const instanceId = `i-0e1a5c00000000${hex(n, 3)}`;
      const enis: EksLabEni[] = [
        {
          id: `eni-0e1a5c0000000${hex(n, 2)}00`,
          deviceNumber: 0,
          interface: 'ens5',
          mac: macOf(ns, 'ens5'),
          subnetId: NODE_SUBNET,
          primaryIp: firstInet(ns, 'ens5'),
          secondaryIps: [1, 2, 3].map((k) => `${net}.${100 + 10 * n + k}`),
        },
        {
          id: `eni-0e1a5c0000000${hex(n, 2)}01`,
          deviceNumber: 1,
          interface: 'ens6',
          mac: macOf(ns, 'ens6'),
          subnetId: POD_SUBNET,
          primaryIp: firstInet(ns, 'ens6'),
          secondaryIps: [1, 2].map((k) => `${podNet}.${10 * n + k}`),
        },
      ];
      if (enis[0]?.primaryIp !== sshd.host) throw new Error(`node${n}: ens5 is not ${sshd.host}`);
      const nodeName = `ip-${sshd.host.replaceAll('.', '-')}.${ZONE.slice(0, -1)}.compute.internal`;
      nodes.push({
        alias: `node${n}`,
        nodeName,
        instanceId,
        instanceType: 't3.medium',
        zone: ZONE,
        subnetId: NODE_SUBNET,
        vpcId: VPC,
        address: sshd.host,
        enis,
      });
      pods.push({
        namespace: 'kube-system',
        name: `aws-node-${['k8r2x', 'w9d4m', 'q6j3p'][i] ?? hex(n, 5)}`,
        owner: { kind: 'DaemonSet', name: 'aws-node' },
        app: 'aws-node',
        ip: sshd.host,
        node: nodeName,
        isHostNetwork: true,
      });
      const used = new Map<number, number>();
      for (const w of WORKLOADS.filter((x) => x.node === n)) {
        const eni = enis[w.device];
        const k = used.get(w.device) ?? 0;
        used.set(w.device, k + 1);
        const ip = eni?.secondaryIps[k];
        if (!eni || !ip) throw new Error(`node${n} has no free IP on device ${w.device}`);
        const hostVeth = vpcCniVethName('default', `${w.rs}-${w.suffix}`);
        const pod: EksLabPod = {
          namespace: 'default',
          name: `${w.rs}-${w.suffix}`,
          owner: { kind: 'ReplicaSet', name: w.rs },
          app: w.app,
          ip,
          node: nodeName,
          isHostNetwork: false,
          eni: eni.id,
          hostVeth,
        };
        // A pod on a secondary ENI replies through it: `from <ip> lookup <device + 1>`.
        const plumbed = plumbPod(ns, {
          ip: pod.ip,
          veth: hostVeth,
          ...(w.device > 0 ? { table: w.device + 1 } : {}),
        });
        podNamespaces.push(plumbed);
        podNs.set(pod.name, plumbed);
        pods.push(pod);
      }
    });
    // Read back what the kernel has: each workload pod's route names its veth.
    for (const [i, { ns }] of bastion.nodes.entries()) {
      const routes = podRoutes(ns);
      for (const pod of pods.filter((p) => p.node === nodes[i]?.nodeName && !p.isHostNetwork))
        if (routes.get(pod.ip) !== pod.hostVeth)
          throw new Error(`${pod.name}: route to ${pod.ip} is via ${routes.get(pod.ip)}`);
    }
    const state: EksLabState = {
      accountId: '210987654321',
      region: 'eu-west-1',
      vpcs: [
        { id: VPC, name: 'kubelab-eks', cidrs: [`${net}.0/24`, `${podNet}.0/24`] },
        { id: PEER_VPC, name: 'kubelab-shared', cidrs: ['10.250.0.0/16'] },
      ],
      subnets: [
        { id: NODE_SUBNET, vpcId: VPC, zone: ZONE, cidr: `${net}.0/24`, name: 'kubelab-nodes' },
        { id: POD_SUBNET, vpcId: VPC, zone: ZONE, cidr: `${podNet}.0/24`, name: 'kubelab-pods' },
      ],
      peerings: [
        {
          id: 'pcx-0e1a5c0000000000a',
          requesterVpcId: VPC,
          accepterVpcId: PEER_VPC,
          status: 'active',
        },
      ],
      operator: {
        instanceId: 'i-0e1a5c00000000f00',
        address: bastion.operator.host,
        mac: macOf(bastion.operatorNs, 'ens5'),
        subnetId: NODE_SUBNET,
        vpcId: VPC,
      },
      nodes,
      pods,
      services: [
        {
          namespace: 'default',
          name: 'web',
          clusterIp: '10.100.21.7',
          port: 80,
          targetPort: 8080,
          app: 'web',
        },
        {
          namespace: 'default',
          name: 'api',
          clusterIp: '10.100.33.9',
          port: 8443,
          targetPort: 8443,
          app: 'api',
        },
      ],
      awsNodeEnv: [
        { name: 'WARM_ENI_TARGET', value: '1' },
        { name: 'WARM_IP_TARGET', value: '2' },
        { name: 'MINIMUM_IP_TARGET', value: '4' },
        { name: 'ENABLE_PREFIX_DELEGATION', value: 'false' },
      ],
    };
    return { state, podNamespaces, podNs, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
