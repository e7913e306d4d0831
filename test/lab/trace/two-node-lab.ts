/**
 * The VPC CNI lab node (test/lab/vpc-cni) plus a second node behind the same "vpc" router, so a
 * Service can have remote endpoints: node B has its own subnet, ens5, and pods behind `eni…`
 * veths; the vpc namespace routes every pod IP to the ENI that holds it (as the VPC fabric does
 * for secondary IPs), so pod-to-pod traffic crosses nodes without NAT or overlay.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createNetns, type Netns } from '../netns';
import { buildLab, type Lab } from '../vpc-cni/lab';
import { addEni, makeNode, plumbPod, startServer } from '../vpc-cni/plumbing';
import { buildTopology, type LabTopology } from '../vpc-cni/topology';
import { NetnsHost } from './netns-host';

/** A pod of node B. */
export interface RemotePod {
  name: string;
  ip: string;
  eni: string;
  ports: number[];
}

/** The kube-dns ClusterIP of the lab (its pods' resolv.conf names it). */
export const KUBE_DNS_VIP = '10.100.250.10';

/** A pod's /etc/resolv.conf as the kubelet writes it for namespace `ns` (ClusterFirst). */
export function podResolvConf(ns: string): string {
  return (
    `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\n` +
    `nameserver ${KUBE_DNS_VIP}\noptions ndots:5\n`
  );
}

export interface TwoNodeLab {
  lab: Lab;
  topology: LabTopology;
  nodeB: Netns;
  remotePods: RemotePod[];
  remoteNs: Map<string, Netns>;
  /** Node B's ens5 address. */
  nodeBIp: string;
  /** Every host: node-a, node-b (role node) and one per pod (role other, id = pod name). */
  hosts: NetnsHost[];
}

/**
 * `ip netns exec` bind-mounts /etc/netns/NAME/resolv.conf over /etc/resolv.conf, which gives
 * each pod namespace its own; {@link removeResolvConfs} deletes them again.
 */
function givePodResolvConf(ns: Netns): void {
  const dir = path.join('/etc/netns', ns.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'resolv.conf'), podResolvConf('default'));
  madeDirs.add(dir);
}

const madeDirs = new Set<string>();

/** Deletes the /etc/netns/<pod> folders this process made. */
export function removeResolvConfs(): void {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
  madeDirs.clear();
}

process.once('exit', removeResolvConfs);

/**
 * Builds the topology of `seed` with two pods on node B added as endpoints of every Service but
 * the hand-weighted one (whose ladder needs exactly three).
 */
export async function buildTwoNodeLab(seed: number): Promise<TwoNodeLab> {
  const topology = buildTopology(seed);
  const third = Number(topology.primary.gateway.split('.')[2]);
  const bNet = `192.168.${third + 128}`;
  const nodeBIp = `${bNet}.10`;
  const remotePods: RemotePod[] = [0, 1].map((i) => ({
    name: `podb${i}`,
    ip: `${bNet}.${100 + i * 7}`,
    eni: `eni${(seed * 31 + i).toString(16).padStart(11, '0').slice(-11)}`,
    ports: [],
  }));
  // kube-dns, so a name can be traced through the pods' resolv.conf (seed 000).
  const dnsPod = topology.pods[0];
  const remote = remotePods[0];
  if (dnsPod === undefined || remote === undefined) throw new Error('no pods');
  const servicePorts = topology.input.servicePorts.map((sp, s) => {
    if (s === 0) return sp;
    const target = sp.endpoints[0]?.port ?? 8000 + s;
    for (const pod of remotePods) pod.ports.push(target);
    const far = remotePods.map((p) => ({
      ip: p.ip,
      port: target,
      nodeName: 'node-b',
      ready: true,
    }));
    return { ...sp, endpoints: [...sp.endpoints, ...far] };
  });
  servicePorts.push({
    namespace: 'kube-system',
    name: 'kube-dns',
    portName: 'dns',
    protocol: 'udp',
    clusterIP: KUBE_DNS_VIP,
    port: 53,
    endpoints: [dnsPod, remote].map((p) => ({ ip: p.ip, port: 53, nodeName: 'n', ready: true })),
  });
  topology.input = { ...topology.input, servicePorts };
  const lab = await buildLab(topology);

  const nodeB = createNetns();
  makeNode(nodeB);
  lab.vpc.run('sysctl', ['-qw', 'net.ipv4.conf.all.rp_filter=0']);
  addEni(nodeB, lab.vpc, {
    dev: 'ens5',
    far: 'vpc-b',
    ip: nodeBIp,
    prefix: 24,
    gateway: `${bNet}.1`,
  });
  nodeB.run('ip', ['route', 'add', 'default', 'via', `${bNet}.1`, 'dev', 'ens5']);

  // The VPC fabric knows which ENI holds each secondary IP.
  for (const pod of topology.pods) {
    const eni = pod.onSecondary ? topology.secondary : topology.primary;
    lab.vpc.run('ip', ['route', 'add', pod.ip, 'via', eni.ip]);
  }
  const remoteNs = new Map<string, Netns>();
  const servers: Promise<void>[] = [];
  for (const pod of remotePods) {
    lab.vpc.run('ip', ['route', 'add', pod.ip, 'via', nodeBIp]);
    const ns = plumbPod(nodeB, { ip: pod.ip, veth: pod.eni });
    remoteNs.set(pod.name, ns);
    givePodResolvConf(ns);
    servers.push(startServer(ns, pod.ip, pod.ports));
  }
  await Promise.all(servers);

  for (const pod of topology.pods) {
    const ns = lab.pods.get(pod.name);
    if (ns !== undefined) givePodResolvConf(ns);
  }
  const hosts = [
    new NetnsHost(lab.node.name, 'node-a', 'node'),
    new NetnsHost(nodeB.name, 'node-b', 'node'),
    ...topology.pods.map((p) => new NetnsHost(lab.pods.get(p.name)?.name ?? '', p.name, 'other')),
    ...remotePods.map((p) => new NetnsHost(remoteNs.get(p.name)?.name ?? '', p.name, 'other')),
  ];
  return { lab, topology, nodeB, remotePods, remoteNs, nodeBIp, hosts };
}
