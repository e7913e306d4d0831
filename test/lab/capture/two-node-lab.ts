/**
 * Two EKS-shaped nodes in network namespaces for the capture journey: each node has `ens5` in its
 * own subnet behind a "vpc" router namespace (which, like the VPC fabric, knows which node owns
 * each pod IP), a VPC CNI pod veth `eni…` with a `/32` route and the pod's `169.254.1.1` gateway,
 * and the kube-proxy rules our renderer writes (loaded with the real iptables-restore) for one
 * Service whose only endpoint lives on the other node.
 */
import { buildRuleset, CounterStore, renderIptablesSave } from '../../../electron/demo/kube-proxy';
import { addEni, fetchFrom, makeNode, plumbPod, startServer } from '../vpc-cni/plumbing';
import { createNetns, type Netns } from '../netns';

/** Addresses and names of the lab. */
export const LAB = {
  vip: '10.100.50.50',
  vipPort: 80,
  nodes: {
    'node-a': { ip: '192.168.1.11', gateway: '192.168.1.1' },
    'node-b': { ip: '192.168.2.12', gateway: '192.168.2.1' },
  },
  client: { name: 'curl-0', ip: '192.168.1.50', node: 'node-a', veth: 'eni1a2b3c4d5e6' },
  server: {
    name: 'nginx-0',
    ip: '192.168.2.60',
    node: 'node-b',
    veth: 'eni9f8e7d6c5b4',
    port: 8080,
  },
} as const;

type NodeName = keyof typeof LAB.nodes;

/** A built lab. */
export interface TwoNodeLab {
  vpc: Netns;
  nodes: Record<NodeName, Netns>;
  client: Netns;
  server: Netns;
  /** GETs `http://VIP/` `count` times from the client pod; answers the bodies. */
  request(count: number): string[];
  destroy(): void;
}

/** Creates the namespaces, links, routes, kube-proxy rules and the endpoint's HTTP server. */
export async function buildTwoNodeLab(): Promise<TwoNodeLab> {
  const vpc = createNetns();
  vpc.run('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  const nodes = {} as Record<NodeName, Netns>;
  for (const [name, n] of Object.entries(LAB.nodes) as [
    NodeName,
    { ip: string; gateway: string },
  ][]) {
    const ns = createNetns();
    nodes[name] = ns;
    makeNode(ns);
    addEni(ns, vpc, { dev: 'ens5', far: `vpc-${name}`, ip: n.ip, prefix: 24, gateway: n.gateway });
    ns.run('ip', ['route', 'add', 'default', 'via', n.gateway, 'dev', 'ens5']);
    // kube-proxy on every node: the Service's one endpoint is on node-b.
    const ruleset = buildRuleset({
      node: {
        name,
        primaryIP: n.ip,
        primaryInterface: 'ens5',
        vpcCIDRs: ['192.168.0.0/16'],
        isAwsVpcCni: true,
      },
      servicePorts: [
        {
          namespace: 'default',
          name: 'nginx',
          portName: 'http',
          protocol: 'tcp',
          clusterIP: LAB.vip,
          port: LAB.vipPort,
          endpoints: [
            { ip: LAB.server.ip, port: LAB.server.port, nodeName: LAB.server.node, ready: true },
          ],
        },
      ],
    });
    ns.run('iptables-restore', [], renderIptablesSave(ruleset, new CounterStore()));
  }
  const client = plumbPod(nodes[LAB.client.node], LAB.client);
  const server = plumbPod(nodes[LAB.server.node], LAB.server);
  // The VPC fabric delivers a pod's secondary IP to the node whose ENI holds it.
  vpc.run('ip', ['route', 'add', LAB.client.ip, 'via', LAB.nodes[LAB.client.node].ip]);
  vpc.run('ip', ['route', 'add', LAB.server.ip, 'via', LAB.nodes[LAB.server.node].ip]);
  await startServer(server, LAB.server.ip, [LAB.server.port]);

  const all = [vpc, ...Object.values(nodes), client, server];
  return {
    vpc,
    nodes,
    client,
    server,
    request: (count) =>
      fetchFrom(client, Array(count).fill(`http://${LAB.vip}:${LAB.vipPort}/`) as string[]),
    destroy: () => all.forEach((ns) => ns.destroy()),
  };
}
