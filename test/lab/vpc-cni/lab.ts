/**
 * Builds a {@link LabTopology} out of real network namespaces: a "vpc" namespace as the subnets'
 * router, a "node" namespace with ens5/ens6 (veths to the vpc), VPC CNI pod plumbing and policy
 * routing, and one namespace per pod running a tiny HTTP server that answers with its own address.
 */
import {
  buildRuleset,
  CounterStore,
  renderIptablesSave,
  type Chain,
  type Match,
  type Ruleset,
} from '../../../electron/demo/kube-proxy';
import { createNetns, type Netns } from '../netns';
import { addEni, makeNode, plumbPod, startServer } from './plumbing';
import { WEIGHTED_RULE_PROBABILITIES, type LabTopology } from './topology';

/** A built lab. */
export interface Lab {
  topology: LabTopology;
  node: Netns;
  vpc: Netns;
  pods: Map<string, Netns>;
  /** What was loaded with iptables-restore. */
  ruleset: Ruleset;
  /** The re-weighted KUBE-SVC chain's name. */
  weightedChain: string;
}

/** The kube-proxy rules of the topology with the weighted Service's ladder set to 0.2, 0.5, rest. */
function weightedRuleset(topology: LabTopology): { ruleset: Ruleset; chain: string } {
  const base = buildRuleset(topology.input);
  let chainName = '';
  const reweigh = (chain: Chain): Chain => {
    const o = chain.origin;
    if (o?.kind !== 'service' || o.role !== 'SVC' || o.servicePortName !== topology.weighted)
      return chain;
    chainName = chain.name;
    let k = 0;
    const rules = chain.rules.map((rule) => ({
      ...rule,
      matches: rule.matches.map((m): Match => {
        if (m.kind !== 'statistic') return m;
        const p = WEIGHTED_RULE_PROBABILITIES[k];
        k += 1;
        if (p === undefined)
          throw new Error(`${chain.name} has more statistic rules than expected`);
        return { kind: 'statistic', probability: Math.round(p * 2 ** 31) };
      }),
    }));
    if (k !== WEIGHTED_RULE_PROBABILITIES.length)
      throw new Error(`${chain.name} has ${k} statistic rules`);
    return { ...chain, rules };
  };
  const ruleset: Ruleset = {
    tables: base.tables.map((t) =>
      t.name === 'nat' ? { ...t, chains: t.chains.map(reweigh) } : t,
    ),
  };
  if (chainName === '') throw new Error(`no KUBE-SVC chain for ${topology.weighted}`);
  return { ruleset, chain: chainName };
}

/** Creates every namespace, link, address, route, rule and server of the topology. */
export async function buildLab(topology: LabTopology): Promise<Lab> {
  const { primary, secondary } = topology;
  const node = createNetns();
  const vpc = createNetns();
  makeNode(node);
  vpc.run('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);

  // The ENIs: veths whose far ends in the vpc namespace hold the subnet gateways.
  for (const eni of [primary, secondary]) addEni(node, vpc, { ...eni, far: `vpc-${eni.dev}` });
  node.run('ip', ['route', 'add', 'default', 'via', primary.gateway, 'dev', 'ens5']);
  node.run('ip', [
    'route',
    'add',
    'default',
    'via',
    secondary.gateway,
    'dev',
    'ens6',
    'table',
    String(secondary.table),
  ]);
  node.run('ip', ['rule', 'add', 'fwmark', '0x80/0x80', 'lookup', 'main', 'priority', '1024']);

  const pods = new Map<string, Netns>();
  const servers: Promise<void>[] = [];
  for (const pod of topology.pods) {
    const ns = plumbPod(node, {
      ip: pod.ip,
      veth: pod.eni,
      ...(pod.onSecondary ? { table: secondary.table } : {}),
    });
    pods.set(pod.name, ns);
    if (pod.ports.length > 0) servers.push(startServer(ns, pod.ip, pod.ports));
  }

  const { ruleset, chain } = weightedRuleset(topology);
  node.run('iptables-restore', [], renderIptablesSave(ruleset, new CounterStore()));
  await Promise.all(servers);
  return { topology, node, vpc, pods, ruleset, weightedChain: chain };
}
