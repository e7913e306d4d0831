/**
 * Builds a {@link LabTopology} out of real network namespaces: a "vpc" namespace as the subnets'
 * router, a "node" namespace with ens5/ens6 (veths to the vpc), VPC CNI pod plumbing and policy
 * routing, and one namespace per pod running a tiny HTTP server that answers with its own address.
 */
import { once } from 'node:events';
import {
  buildRuleset,
  CounterStore,
  renderIptablesSave,
  type Chain,
  type Match,
  type Ruleset,
} from '../../../electron/demo/kube-proxy';
import { createNetns, type Netns } from '../netns';
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

export const SERVER = `
const http = require('node:http');
const [ip, ...ports] = process.argv.slice(1);
let left = ports.length;
for (const port of ports) {
  http.createServer((req, res) => res.end(ip + ':' + port))
    .listen(Number(port), ip, () => { if (--left === 0) console.log('listening'); });
}`;

/** Fetches each URL once from the namespace it runs in; prints a JSON list of bodies. */
export const CLIENT = `
const http = require('node:http');
const get = (url) => new Promise((resolve) => {
  const req = http.get(url, { agent: false, timeout: 3000 }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (body += c));
    res.on('end', () => resolve(body));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => resolve('error: ' + e.message));
});
(async () => {
  const out = [];
  for (const url of process.argv.slice(1)) out.push(await get(url));
  console.log(JSON.stringify(out));
})();`;

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

function macOf(ns: Netns, dev: string): string {
  const [link] = JSON.parse(ns.run('ip', ['-j', 'link', 'show', dev])) as { address: string }[];
  if (link === undefined) throw new Error(`no ${dev} in ${ns.name}`);
  return link.address;
}

/** Creates every namespace, link, address, route, rule and server of the topology. */
export async function buildLab(topology: LabTopology): Promise<Lab> {
  const { primary, secondary } = topology;
  const node = createNetns();
  const vpc = createNetns();
  for (const sysctl of [
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
  ])
    node.run('sysctl', ['-qw', sysctl]);
  vpc.run('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);

  // The ENIs: veths whose far ends in the vpc namespace hold the subnet gateways.
  for (const eni of [primary, secondary]) {
    const far = `vpc-${eni.dev}`;
    node.run('ip', [
      'link',
      'add',
      eni.dev,
      'type',
      'veth',
      'peer',
      'name',
      far,
      'netns',
      vpc.name,
    ]);
    node.run('ip', ['addr', 'add', `${eni.ip}/${eni.prefix}`, 'dev', eni.dev]);
    node.run('ip', ['link', 'set', eni.dev, 'up']);
    vpc.run('ip', ['addr', 'add', `${eni.gateway}/${eni.prefix}`, 'dev', far]);
    vpc.run('ip', ['link', 'set', far, 'up']);
  }
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
  const servers: Promise<unknown>[] = [];
  for (const pod of topology.pods) {
    const ns = createNetns();
    pods.set(pod.name, ns);
    node.run('ip', [
      'link',
      'add',
      pod.eni,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      ns.name,
    ]);
    node.run('ip', ['link', 'set', pod.eni, 'up']);
    node.run('ip', ['route', 'add', pod.ip, 'dev', pod.eni, 'scope', 'link']);
    node.run('ip', ['rule', 'add', 'to', pod.ip, 'lookup', 'main', 'priority', '512']);
    if (pod.onSecondary) {
      node.run('ip', [
        'rule',
        'add',
        'from',
        pod.ip,
        'lookup',
        String(secondary.table),
        'priority',
        '1536',
      ]);
    }
    const gatewayMac = macOf(node, pod.eni);
    ns.run('ip', ['addr', 'add', `${pod.ip}/32`, 'dev', 'eth0']);
    ns.run('ip', ['link', 'set', 'eth0', 'up']);
    ns.run('ip', ['route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link']);
    ns.run('ip', ['route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0']);
    ns.run('ip', [
      'neigh',
      'add',
      '169.254.1.1',
      'dev',
      'eth0',
      'lladdr',
      gatewayMac,
      'nud',
      'permanent',
    ]);
    if (pod.ports.length > 0) {
      const server = ns.spawn(process.execPath, ['-e', SERVER, pod.ip, ...pod.ports.map(String)]);
      server.stdout?.setEncoding('utf8');
      let seen = '';
      server.stdout?.on('data', (chunk: string) => {
        seen += chunk;
        if (seen.includes('listening')) server.emit('ready');
      });
      servers.push(
        Promise.race([
          once(server, 'ready'),
          once(server, 'exit').then(() => {
            throw new Error(`server of ${pod.name} exited`);
          }),
        ]),
      );
    }
  }

  const { ruleset, chain } = weightedRuleset(topology);
  node.run('iptables-restore', [], renderIptablesSave(ruleset, new CounterStore()));
  await Promise.all(servers);
  return { topology, node, vpc, pods, ruleset, weightedChain: chain };
}
